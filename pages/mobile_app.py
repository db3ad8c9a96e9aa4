"""The EU Login Mobile App as the mock serves it (``/mobile-app/``): a phone screen in a page of
its own, the second page of a scenario's browser context."""

from __future__ import annotations

from playwright.sync_api import Page

from . import portal
from .i18n import either, label


class MobileAppPhone:
    """The phone: «Initialiser», scanning a QR code, the PIN code, the authentication requests
    and the one-time password."""

    def __init__(self, page: Page):
        self.page = page
        # The phone's whole screen, as a picture of it shows it beside the computer's.
        self.screen = page.get_by_test_id("phone")
        self.heading = page.get_by_role("heading", level=1)
        self.initialise_link = page.get_by_role("link", name=either("Initialiser", "Initialise"))
        self.picture = page.get_by_label(label("Photo du code QR", "Picture of the QR code"))
        self.scan_button = page.get_by_role("button", name=either("Scanner", "Scan"))
        self.scan_qr_code_link = page.get_by_role(
            "link", name=either("Scanner un code QR", "Scan QR code")
        )
        self.pin = page.get_by_label(label("Code PIN", "PIN code"))
        self.confirm_button = page.get_by_role("button", name=either("Confirmer", "Confirm"))
        self.requests = page.get_by_role("article")
        self.no_request = page.get_by_text(
            either(
                "Aucune demande d'authentification en attente.",
                "No authentication request is waiting.",
            )
        )
        # The code is large text to read and type elsewhere; it has no accessible role.
        self.one_time_password = page.get_by_test_id("one-time-password")
        self.alert = page.get_by_role("alert")
        self.status = page.get_by_role("status")

    def open(self) -> None:
        """Open the app's home screen."""
        self.page.goto(portal.layout().mobile_app_url())

    def initialise(self) -> None:
        """Tap «Initialiser»."""
        self.initialise_link.click()

    def scan(self, picture: bytes) -> None:
        """Point the camera at a QR code: hand the app a picture of it, then «Scanner»."""
        self.picture.set_input_files(
            files=[{"name": "qr-code.png", "mimeType": "image/png", "buffer": picture}]
        )
        self.scan_button.click()

    def open_scanner(self) -> None:
        """Tap «Scanner un code QR» on the home screen."""
        self.scan_qr_code_link.click()

    def enter_pin(self, pin: str) -> None:
        """Type the PIN code and tap «Confirmer»."""
        self.pin.fill(pin)
        self.confirm_button.click()

    def continue_request(self, reference: str | None = None) -> None:
        """Tap «Continuer» on the authentication request; with several waiting, on the one
        ``reference`` names (the sign-in the scenario started, not a twin's)."""
        requests = self.requests
        if reference is not None and requests.count() > 1:
            requests = requests.filter(has=self.page.locator(f"a[href$='/{reference}']"))
        requests.get_by_role("link", name=either("Continuer", "Continue")).first.click()
