"""Reading a TRACES NT page the way a person reads it: text, fields, tables, messages."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


@dataclass
class Element:
    """One element of a parsed page."""

    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, white space collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def matches(self, tag: str | None, attrs: dict[str, str]) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for name, wanted in attrs.items():
            value = self.attrs.get(name)
            if value is None:
                return False
            # A class is matched by one of its words, like a CSS selector.
            if name == "class" and wanted in value.split():
                continue
            if value != wanted:
                return False
        return True

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Element"]:
        """Elements inside this one with ``tag`` and ``attrs`` (``class_`` for class)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [e for e in self.iter() if e.matches(tag, wanted)]

    def find(self, tag: str | None = None, **attrs: str) -> "Element":
        """The single element matching; fails the test if there is not exactly one."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> found"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


class Page(Element):
    """An HTML answer of the portal."""

    def __init__(self, response):
        builder = _Builder()
        builder.feed(response.get_data(as_text=True))
        super().__init__("document", {}, builder.root.children)
        self.status_code = response.status_code

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
        found = []
        for child in self.find("select", name=name).children:
            if isinstance(child, Element) and child.tag == "optgroup":
                group = child.attrs["label"]
                found += [(group, o.attrs["value"], o.text) for o in child.find_all("option")]
            elif isinstance(child, Element) and child.tag == "option":
                found.append((None, child.attrs["value"], child.text))
        return found

    def rows(self, class_: str) -> list[list[str]]:
        """The body rows of the table with that class, as lists of cell texts."""
        table = self.find("table", class_=class_)
        body = table.find("tbody")
        return [[td.text for td in tr.find_all("td")] for tr in body.find_all("tr")]

    def result_line(self) -> str:
        """The search's "N opérateurs trouvés" line."""
        return self.find("form", id="results").find("p", role="status").text

    def headers(self, class_: str) -> list[str]:
        """The column headings of the table with that class."""
        return [th.text for th in self.find("table", class_=class_).find("thead").find_all("th")]

    def link(self, text: str) -> str:
        """The address of the link named ``text``."""
        found = [a for a in self.find_all("a") if a.text == text]
        assert len(found) == 1, f"{len(found)} links named {text!r}"
        return found[0].attrs["href"]

    def has_link(self, text: str) -> bool:
        return any(a.text == text for a in self.find_all("a"))

    def buttons(self, text: str) -> list[Element]:
        """The buttons named ``text``."""
        return [b for b in self.find_all("button") if b.text == text]

    def checkbox(self, label: str) -> str:
        """The value of the checkbox labelled ``label`` (its aria-label)."""
        return self.find("input", type="checkbox", **{"aria-label": label}).attrs["value"]
