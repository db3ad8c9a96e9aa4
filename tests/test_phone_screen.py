"""The EU Login Mobile App's home screen in a browser (``mock_portal/static/phone.js``): a new
authentication request appears on it as a notification would, by redrawing its list in
place. Never a reload: a reload cancels a navigation under way (a tap on the phone, or a
scenario's own ``goto``: "navigation interrupted by another navigation")."""

from __future__ import annotations

import uuid

from playwright.sync_api import BrowserContext, Page, expect

from pages.control import PortalControl
from pages.eu_login import EuLoginSignInPage, MobileAppWaitingPage
from pages.i18n import either
from pages.mobile_app import MobileAppPhone
from pages.traces_nt import TracesWelcomePage
from steps.mobile_apps import MobileApps

PASSWORD = "Ph0ne-Screen!2024"


def _ask_for_the_app(page: Page, email: str) -> str:
    """From TRACES NT in production (two factors), sign in with «EU Login Mobile App Code
    PIN» until the computer waits for the app; the reference of the request sent."""
    welcome = TracesWelcomePage(page)
    welcome.open("Production")
    welcome.sign_in()
    sign_in = EuLoginSignInPage(page)
    sign_in.identify(email)
    sign_in.choose_pin_method()
    sign_in.enter_password(PASSWORD)
    waiting = MobileAppWaitingPage(page)
    expect(waiting.heading).to_be_visible()
    return waiting.request_reference()


def _request(phone: MobileAppPhone, reference: str):
    return phone.requests.filter(has=phone.page.locator(f"a[href$='/{reference}']"))


def test_new_requests_appear_on_the_phone_without_it_navigating(
    page: Page, context: BrowserContext, new_context, portal_base_url: str
):
    # The session's portal, served to the browser (``portal`` is a Flask test's own here).
    control = PortalControl(portal_base_url)
    mobile_apps = MobileApps(lambda: control, portal_base_url, "fr")
    email = f"phone.{uuid.uuid4().hex[:10]}@example.org"
    control.create_user(email, "Paula", "Phone", PASSWORD)
    app = mobile_apps.ensure(context, email)
    phone = mobile_apps.phone(context)
    expect(phone.no_request).to_be_visible()
    navigations = []
    phone.page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame is phone.page.main_frame else None,
    )

    first = _ask_for_the_app(page, email)
    expect(_request(phone, first)).to_have_count(1)
    # A second computer asks too: the list drawn in place is watched in its turn.
    other = new_context().new_page()
    second = _ask_for_the_app(other, email)
    expect(_request(phone, second)).to_have_count(1)
    expect(phone.requests).to_have_count(2)
    assert navigations == [], f"the phone's home screen navigated by itself: {navigations}"

    # What the redrawn list shows works as the first one did: a tap on it, then the PIN.
    phone.continue_request(first)
    phone.enter_pin(app.pin)
    expect(phone.heading).to_have_text(
        either("Authentification réussie", "Authentication successful")
    )
