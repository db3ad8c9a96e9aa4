"""Reading the portal's answers: HTML pages, CAS XML and redirects; signing in over HTTP."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import requests

CAS_NS = {"cas": "http://www.yale.edu/tp/cas"}
TICKET = re.compile(r"^ST-[A-Za-z0-9-]+$")
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
    """One HTML element of a parsed page, enough to find things the way a user does."""

    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, with white space collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()


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


class Page:
    """An HTML answer, read the way a person reads it: text, fields, links, errors."""

    def __init__(self, html: str):
        builder = _Builder()
        builder.feed(html)
        self.root = builder.root

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements with ``tag`` whose attributes equal ``attrs`` (``class_`` for class)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            e
            for e in self.root.iter()
            if (tag is None or e.tag == tag)
            and all(e.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        """The single element matching; fails the test if there is not exactly one."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> in the page"
        return found[0]

    @property
    def text(self) -> str:
        return self.root.text

    @property
    def heading(self) -> str:
        return self.find("h1").text

    def alerts(self) -> list[str]:
        """Texts of the elements with role="alert"."""
        return [e.text for e in self.find_all(role="alert")]

    def value(self, name: str) -> str:
        """The value an input named ``name`` carries."""
        return self.find("input", name=name).attrs.get("value", "")

    def is_checked(self, name: str) -> bool:
        return "checked" in self.find("input", name=name).attrs

    def selected(self, name: str) -> str:
        """The selected option of the select named ``name``."""
        select = self.find("select", name=name)
        chosen = [o for o in select.iter() if o.tag == "option" and "selected" in o.attrs]
        assert len(chosen) == 1, f"{len(chosen)} options selected in {name}"
        return chosen[0].attrs["value"]

    def errors(self, field_id: str) -> list[str]:
        """The messages shown at a form field."""
        found = self.find_all("ul", id=f"{field_id}-error")
        return [li.text for li in found[0].iter() if li.tag == "li"] if found else []

    def all_errors(self) -> dict[str, list[str]]:
        """Every field's messages, by field id."""
        return {
            e.attrs["id"].removesuffix("-error"): self.errors(e.attrs["id"].removesuffix("-error"))
            for e in self.find_all("ul", class_="errors")
        }

    def link(self, text: str) -> str:
        """The address of the link or button-like link named ``text``."""
        return self.find_link(text).attrs["href"]

    def find_link(self, text: str) -> Element:
        found = [a for a in self.find_all("a") if a.text == text]
        assert len(found) == 1, f"{len(found)} links named {text!r}"
        return found[0]

    def button_names(self) -> list[str]:
        return [b.text for b in self.find_all("button")]

    def csrf_token(self) -> str:
        return self.find_all("input", name="csrf_token")[0].attrs["value"]


def page(response) -> Page:
    """Parse a test-client response as an HTML page."""
    return Page(response.get_data(as_text=True))


def ticket_from(location: str) -> str:
    """The ``ticket`` parameter of a redirect to a CAS service."""
    [ticket] = parse_qs(urlsplit(location).query)["ticket"]
    return ticket


def cas_xml(response) -> ElementTree.Element:
    """The ``cas:serviceResponse`` of a validation answer."""
    root = ElementTree.fromstring(response.get_data())
    assert root.tag == "{http://www.yale.edu/tp/cas}serviceResponse"
    return root


def failure_code(root: ElementTree.Element) -> str:
    """The code of an ``authenticationFailure``; fails the test on a success."""
    failure = root.find("cas:authenticationFailure", CAS_NS)
    assert failure is not None, ElementTree.tostring(root)
    return failure.get("code")


def http_sign_in(base_url: str, email: str, password: str, service: str) -> requests.Response:
    """Sign in to a live portal's EU Login the way a browser does; the redirect is not followed."""
    browser = requests.Session()
    login = f"{base_url}/cas/login"
    params = {"service": service}
    form = Page(browser.get(login, params=params, timeout=10).text)
    identified = browser.post(
        login,
        params=params,
        data={"csrf_token": form.csrf_token(), "email": email},
        timeout=10,
    )
    password_form = Page(identified.text)
    return browser.post(
        login,
        params=params,
        data={"csrf_token": password_form.csrf_token(), "email": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )
