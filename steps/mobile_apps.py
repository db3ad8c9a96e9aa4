"""The scenario's phones: the EU Login Mobile App the mock serves, one per browser context (a page
of its own beside the computer's), each holding one account.

Steps play the phone through its page: scanning a picture of the QR code on the computer's
screen, typing the PIN code, tapping «Continuer». A device added through the screens is
remembered here; outside the scenarios the walkthrough photographs, a Given may add one
through the control API instead, with the cookie that makes the context's phone hold it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from pages import portal as layout
from pages.control import PortalControl
from pages.eu_login import EuLoginSignInPage, MobileAppWaitingPage
from pages.i18n import either
from pages.mobile_app import MobileAppPhone
from pages.passage import on_the_way

# The device's name in each interface language, as a person would name it.
DEVICE_NAMES = {"fr": "Téléphone professionnel", "en": "Work phone"}


@dataclass(frozen=True)
class InstalledApp:
    """An account's app: the PIN code its owner chose, and its key when a script knows it."""

    pin: str
    key: str | None = None


def pin_of(email: str) -> str:
    """The PIN code the owner of ``email`` chooses: four digits, the same at every run."""
    return f"{int(hashlib.sha256(email.encode()).hexdigest(), 16) % 9000 + 1000}"


class MobileApps:
    """The phones of one scenario, and the accounts their apps hold."""

    def __init__(self, control: Callable[[], PortalControl | None], base_url: str, language: str):
        # Asked for only when an app is added through the control API.
        self._control = control
        self._base_url = base_url.rstrip("/")
        self.device_name = DEVICE_NAMES[language]
        self._installed: dict[str, InstalledApp] = {}
        self._phones: dict[int, MobileAppPhone] = {}

    def phone(self, context: BrowserContext) -> MobileAppPhone:
        """The phone of ``context``'s browser, its page opened on first use."""
        if id(context) not in self._phones:
            phone = MobileAppPhone(context.new_page())
            phone.open()
            self._phones[id(context)] = phone
        return self._phones[id(context)]

    def remember(self, email: str) -> InstalledApp:
        """The app of ``email`` was added through the screens, with its PIN code."""
        self._installed[email] = InstalledApp(pin_of(email))
        return self._installed[email]

    def installed(self, email: str) -> InstalledApp | None:
        return self._installed.get(email)

    def ensure(self, context: BrowserContext, email: str) -> InstalledApp:
        """The app of ``email``, on ``context``'s phone; added through the control API when
        the account has none yet (a precondition, not what the scenario shows)."""
        if email in self._installed:
            return self._installed[email]
        control = self._control()
        if control is None:
            raise pytest.UsageError(
                f"{email} has no EU Login Mobile App and the portal has no control API to add "
                "one: add it in the scenario («Ajouter un appareil mobile»)."
            )
        added = control.add_device(email, self.device_name, pin_of(email))
        installation = added["installation"]
        context.add_cookies(
            [
                {
                    "name": installation["cookie"],
                    "value": installation["value"],
                    "url": f"{self._base_url}{layout.layout().mobile_app_url()}",
                }
            ]
        )
        self._installed[email] = InstalledApp(pin_of(email), added["key"])
        return self._installed[email]

    def confirm_on_phone(self, page: Page, pin: str) -> MobileAppPhone:
        """The computer ``page`` waits for the app: on the phone, «Continuer» on its request,
        then the PIN code."""
        waiting = MobileAppWaitingPage(page)
        expect(waiting.heading).to_be_visible()
        phone = self.phone(page.context)
        phone.open()
        phone.continue_request(waiting.request_reference())
        phone.enter_pin(pin)
        expect(phone.heading).to_have_text(
            either("Authentification réussie", "Authentication successful")
        )
        return phone


def sign_in_on_eu_login(page: Page, email: str, password: str, apps: MobileApps) -> None:
    """From EU Login's first screen: the address, «Suivant», the password; and when the service
    asks for two factors, «EU Login Mobile App Code PIN» and the PIN code on the phone."""
    sign_in = EuLoginSignInPage(page)
    with on_the_way():  # the password's «Se connecter» follows, whatever the service asks
        sign_in.identify(email)
    expect(sign_in.password).to_be_visible()
    if not sign_in.two_factor_note.is_visible():
        sign_in.enter_password(password)
        return
    app = apps.ensure(page.context, email)
    with on_the_way():
        sign_in.choose_pin_method()
    sign_in.enter_password(password)
    apps.confirm_on_phone(page, app.pin)


@pytest.fixture
def mobile_apps(
    request: pytest.FixtureRequest, portal_base_url: str, interface_language: str
) -> MobileApps:
    """The scenario's phones."""
    from steps.target import has_control_api

    def control() -> PortalControl | None:
        return request.getfixturevalue("portal") if has_control_api(request.config) else None

    return MobileApps(control, portal_base_url, interface_language)
