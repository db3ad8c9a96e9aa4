"""Reading the portal's HTML pages the way a person reads them: text, fields, tables, messages.

Beautiful Soup parses, with lxml's parser: some 1,900 tests parse several pages each, and
the standard library's parser took a twelfth of their time. These helpers only say what
the tests look for. Every text is given with its white space collapsed, as it reads.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def _wanted(attrs: dict[str, str]) -> dict[str, str]:
    """Attribute names from keywords: ``class_`` is ``class``, ``data_testid`` ``data-testid``."""
    return {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}


class Element:
    """One element of a parsed page."""

    def __init__(self, tag: Tag):
        self._tag = tag

    def __repr__(self) -> str:
        return f"<Element {self._tag!s:.200}>"

    @property
    def tag(self) -> str:
        """The element's name: ``a``, ``input``, ``table``..."""
        return self._tag.name

    @property
    def attrs(self) -> dict[str, str]:
        """The element's attributes as written (a class is one string of words)."""
        return {
            name: " ".join(value) if isinstance(value, list) else value
            for name, value in self._tag.attrs.items()
        }

    @property
    def text(self) -> str:
        """The element's text, white space collapsed."""
        return " ".join(self._tag.get_text(" ").split())

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements inside this one with ``tag`` and ``attrs`` (``class_`` for class).

        A class is matched by one of its words, like a CSS selector; other attributes by
        their whole value.
        """
        return [Element(found) for found in self._tag.find_all(tag, attrs=_wanted(attrs))]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        """The single element matching; fails the test if there is not exactly one."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> found"
        return found[0]


class Page(Element):
    """An HTML page of the portal, from its markup or a test client's response."""

    def __init__(self, answer):
        html = answer if isinstance(answer, str) else answer.get_data(as_text=True)
        super().__init__(BeautifulSoup(html, "lxml"))

    @property
    def heading(self) -> str:
        return self.find("h1").text

    def flashes(self, category: str) -> list[str]:
        """Messages shown at the top of the page: ``success``, ``error``, ``info``."""
        return [e.text for e in self.find_all("p", class_=f"flash-{category}")]

    def alerts(self) -> list[str]:
        """Texts of the elements with role="alert"."""
        return [e.text for e in self.find_all(role="alert")]

    def errors(self, field_id: str) -> list[str]:
        """The messages shown under a form field."""
        found = self.find_all("ul", id=f"{field_id}-error")
        return [li.text for li in found[0].find_all("li")] if found else []

    def all_errors(self) -> dict[str, list[str]]:
        """Every field's messages, by field id."""
        return {
            e.attrs["id"].removesuffix("-error"): [li.text for li in e.find_all("li")]
            for e in self.find_all("ul", class_="errors")
        }

    def label(self, field_id: str) -> str:
        """The text of the field's label (the red asterisk stands outside it)."""
        return self.find("label", **{"for": field_id}).text

    def is_marked_mandatory(self, field_id: str) -> bool:
        """Whether the field shows the red asterisk and tells assistive tech it is required."""
        [box] = [
            div
            for div in self.find_all("div", class_="field")
            if div.find_all("label", **{"for": field_id})
        ]
        marks = [span.text for span in box.find_all("span", class_="required")]
        control = box.find(id=field_id)
        return marks == ["*"] and control.attrs.get("aria-required") == "true"

    def value(self, name: str) -> str:
        """The value an input named ``name`` carries."""
        return self.find("input", name=name).attrs.get("value", "")

    def is_checked(self, name: str) -> bool:
        return "checked" in self.find("input", name=name).attrs

    def selected(self, name: str) -> str:
        """The value of the selected option of the select named ``name``."""
        options = self.find("select", name=name).find_all("option")
        chosen = [o.attrs["value"] for o in options if "selected" in o.attrs]
        assert len(chosen) == 1, f"{len(chosen)} options selected in {name}"
        return chosen[0]

    def options(self, name: str) -> list[tuple[str | None, str, str]]:
        """``(group label, value, text)`` of every option of the select named ``name``."""
        select = self.find("select", name=name)._tag
        found = []
        for child in map(Element, select.find_all(["optgroup", "option"], recursive=False)):
            if child.tag == "optgroup":
                group = child.attrs["label"]
                found += [(group, o.attrs["value"], o.text) for o in child.find_all("option")]
            else:
                found.append((None, child.attrs["value"], child.text))
        return found

    def rows(self, class_: str) -> list[list[str]]:
        """The body rows of the table with that class, as lists of cell texts."""
        body = self.find("table", class_=class_).find("tbody")
        return [[td.text for td in tr.find_all("td")] for tr in body.find_all("tr")]

    def headers(self, class_: str) -> list[str]:
        """The column headings of the table with that class."""
        return [th.text for th in self.find("table", class_=class_).find("thead").find_all("th")]

    def result_line(self) -> str:
        """The search's "N opérateurs trouvés" line."""
        return self.find("form", id="results").find("p", role="status").text

    def link(self, text: str) -> str:
        """The address of the link or button-like link named ``text``."""
        return self.find_link(text).attrs["href"]

    def find_link(self, text: str) -> Element:
        found = [a for a in self.find_all("a") if a.text == text]
        assert len(found) == 1, f"{len(found)} links named {text!r}"
        return found[0]

    def has_link(self, text: str) -> bool:
        return any(a.text == text for a in self.find_all("a"))

    def buttons(self, text: str) -> list[Element]:
        """The buttons named ``text``."""
        return [b for b in self.find_all("button") if b.text == text]

    def button_names(self) -> list[str]:
        return [b.text for b in self.find_all("button")]

    def csrf_token(self) -> str:
        return self.find_all("input", name="csrf_token")[0].attrs["value"]


def page(response) -> Page:
    """Parse a test-client response as an HTML page."""
    return Page(response)
