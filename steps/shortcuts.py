"""Preconditions through the control API: the state a Given names, without its screens.

A Given that establishes a state («son rôle … a été validé par l'autorité …», «il a ajouté …
l'activité …») costs a dozen screens when replayed; the control API reaches the same state by
the same rules in one call. Signing in («un opérateur connecté à TRACES NT») sends EU
Login's own forms over HTTP instead of showing them: the same CAS round trip, five screens
fewer. Scenarios the walkthrough photographs (@guide) keep the screens, which are their
point; so does a portal without the control API, and so does any run with
``--givens-through-screens``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pyotp
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import APIRequestContext, APIResponse, Page, expect

from pages.control import PortalControl
from pages.traces_nt import TracesHomePage, environment_url
from steps.journeys import sign_in_to_traces
from steps.mobile_apps import MobileApps

# The environment the Givens act in: the page objects' default.
ENVIRONMENT = "production"
_CODE = re.compile(r"\(([A-Z]{2})\)\s*$")


def shortcut(request: pytest.FixtureRequest) -> PortalControl | None:
    """The control API when the scenario may skip screens; None when it replays them."""
    from steps.target import has_control_api

    if request.node.get_closest_marker("guide") is not None:
        return None
    if request.config.getoption("givens_through_screens"):
        return None
    if not has_control_api(request.config):
        return None
    return request.getfixturevalue("portal")


def country_code(label: str) -> str:
    """``Belgique (BE)`` as ``BE``."""
    match = _CODE.search(label)
    if match is None:
        raise ValueError(f"Expected a country as the portal names it, «Belgique (BE)»: {label!r}")
    return match.group(1)


def sign_in_over_http(
    page: Page, email: str, password: str, environment: str, apps: MobileApps
) -> None:
    """Sign in to TRACES NT through EU Login's own forms, as HTTP requests rather than
    screens, then open the home page: the CAS round trip is the real one (tickets, their
    validation), only the rendering of five screens is saved. The context's request client
    shares its cookies, so the browser is signed in after it. Where the environment asks for
    two factors, the QR method is answered with the one-time password of the app's key, as
    any authenticator holding it makes it. Like ``sign_in_to_traces``, it ends when the home
    page greets the user."""
    http = page.context.request
    welcome = _answered(http.get(environment_url(environment, "/login")))
    sign_in_link = _soup(welcome).select_one("a.button.green")
    if sign_in_link is None:
        raise AssertionError(f"No «Se connecter à TRACES» on {welcome.url}")
    identifier = _answered(http.get(urljoin(welcome.url, sign_in_link["href"])))
    password_form = _submit(http, identifier, {"email": email})
    if _soup(password_form).select_one("[role=note]") is None:
        home = _submit(http, password_form, {"password": password})
    else:
        key = apps.ensure(page.context, email).key
        if key is None:  # added through the screens: the phone answers on the screens
            sign_in_to_traces(page, email, password, environment, apps)
            return
        qr_page = _submit(http, password_form, {"password": password, "method": "mobile-app-qr"})
        home = _submit(http, qr_page, {"code": pyotp.TOTP(key).now()})
    if "/cas/" in home.url:
        raise AssertionError(f"EU Login did not sign {email} in: the answer stayed at {home.url}")
    page.goto(home.url)
    expect(TracesHomePage(page).greeting).to_be_visible()


def _soup(response: APIResponse) -> BeautifulSoup:
    return BeautifulSoup(response.text(), "html.parser")


def _answered(response: APIResponse) -> APIResponse:
    if not response.ok:
        raise AssertionError(f"{response.url} answered {response.status}")
    return response


def _submit(http: APIRequestContext, response: APIResponse, fields: dict[str, str]) -> APIResponse:
    """Send the page's form with its own values (hidden fields, chosen options) and ``fields``."""
    form = _soup(response).select_one("main form[method=post], form[method=post]")
    if form is None:
        raise AssertionError(f"No form on {response.url}")
    values = {}
    for element in form.select("input[name], select[name]"):
        if element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            values[element["name"]] = chosen.get("value", chosen.text) if chosen else ""
        elif element.get("type") not in {"radio", "checkbox"} or element.has_attr("checked"):
            values[element["name"]] = element.get("value", "")
    values |= fields
    return _answered(http.post(urljoin(response.url, form.get("action") or ""), form=values))
