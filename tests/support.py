"""Reading the portal's answers: CAS XML and redirects; signing in over HTTP.

HTML pages are read with :mod:`tests.html_page`.
"""

import re
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import requests

from .html_page import Page

CAS_NS = {"cas": "http://www.yale.edu/tp/cas"}
TICKET = re.compile(r"^ST-[A-Za-z0-9-]+$")


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
