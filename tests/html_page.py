"""Reading the portal's HTML pages the way a person reads them: text, fields, tables, messages.

lxml parses and the elements are searched in its own tree: some 1,900 tests parse several
pages each, and Beautiful Soup, building a tree of its own from lxml's, took 9 ms a page where
lxml's tree and the tests' usual searches take 1.6 (400 of the tests' pages). The page reads
as Beautiful Soup read it (the same tag, attributes and text for each of 1,781 pages of the
tests, compared when the change was made), but for one thing: a boolean attribute written
alone (``defer``) reads as its name, where Beautiful Soup gave an empty string. A class
matches by one of its words, the text leaves out scripts, styles and comments, and every text
is given with its white space collapsed, as it reads.
"""

from __future__ import annotations

import lxml.html
from lxml.etree import tostring

# Attributes that hold a list of words (Beautiful Soup's and HTML's): matched by one word.
_WORD_LISTS = {"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"}
# Elements whose content a reader does not see as text.
_UNREAD = {"script", "style", "template"}


def _wanted(attrs: dict[str, str | bool]) -> dict[str, str | bool]:
    """Attribute names from keywords: ``class_`` is ``class``, ``data_testid`` ``data-testid``."""
    return {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}


def _matches(element, names: tuple[str, ...] | None, attrs: dict[str, str | bool]) -> bool:
    if names is not None and element.tag not in names:
        return False
    for name, wanted in attrs.items():
        value = element.get(name)
        if value is None:
            return False
        if wanted is True:
            continue
        if name in _WORD_LISTS:
            words = value.split()
            if wanted not in words and wanted != " ".join(words):
                return False
        elif value != wanted:
            return False
    return True


def _strings(element):
    """The texts of ``element`` and its descendants, in order, as a reader meets them."""
    if element.tag in _UNREAD:
        return
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str):  # not a comment nor a processing instruction
            yield from _strings(child)
        if child.tail:
            yield child.tail


class Element:
    """One element of a parsed page."""

    def __init__(self, element):
        self._element = element

    def __repr__(self) -> str:
        return f"<Element {tostring(self._element, encoding='unicode', with_tail=False):.200}>"

    @property
    def tag(self) -> str:
        """The element's name: ``a``, ``input``, ``table``..."""
        return self._element.tag

    @property
    def attrs(self) -> dict[str, str]:
        """The element's attributes as written (a class is one string of words)."""
        return {
            name: " ".join(value.split()) if name in _WORD_LISTS else value
            for name, value in self._element.attrib.items()
        }

    @property
    def text(self) -> str:
        """The element's text, white space collapsed."""
        return " ".join(" ".join(_strings(self._element)).split())

    def _searched(self):
        return self._element.iterdescendants()

    def find_all(
        self, tag: str | list[str] | None = None, recursive: bool = True, **attrs: str | bool
    ) -> list[Element]:
        """Elements inside this one with ``tag`` (a name, or one of a list) and ``attrs``
        (``class_`` for class; True: the attribute is there), or only its children.

        A class is matched by one of its words, like a CSS selector; other attributes by
        their whole value.
        """
        names = (tag,) if isinstance(tag, str) else tuple(tag) if tag else None
        wanted = _wanted(attrs)
        candidates = self._searched() if recursive else iter(self._element)
        return [
            Element(found)
            for found in candidates
            if isinstance(found.tag, str) and _matches(found, names, wanted)
        ]

    def find(self, tag: str | None = None, **attrs: str | bool) -> Element:
        """The single element matching; fails the test if there is not exactly one."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> found"
        return found[0]


class Page(Element):
    """An HTML page of the portal, from its markup or a test client's response."""

    def __init__(self, answer):
        html = answer if isinstance(answer, str) else answer.get_data(as_text=True)
        # lxml refuses an empty document; an empty answer reads as an empty page.
        super().__init__(lxml.html.document_fromstring(html if html.strip() else "<html></html>"))

    def _searched(self):
        # The page stands above its <html> element, which a search finds too.
        return self._element.iter()

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
        select = self.find("select", name=name)
        found = []
        for child in select.find_all(["optgroup", "option"], recursive=False):
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
