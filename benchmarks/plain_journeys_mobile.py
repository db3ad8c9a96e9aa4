"""The floor of the guide's chapter on the EU Login Mobile App: its three @guide scenarios
(``features/16_deux_facteurs.feature``) as plain Playwright code, as ``plain_journeys.py``
does for the others, for ``benchmarks/walkthrough.py --floor``.

Each journey does what its scenario does, screen for screen and check for check, including
the screens its Given replays (a @guide scenario adds the device through the screens, never
through the control API); the phone is the app's page beside the computer's, in the same
browser context, and reads a picture of the QR code on the computer's screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from benchmarks.plain_journeys import PASSWORD, Run

DEVICE = "Téléphone professionnel"
PIN = "2580"
MOBILE_APP = "/mobile-app/"
PIN_METHOD = "EU Login Mobile App Code PIN"
QR_METHOD = "EU Login Mobile App Code QR"


def _label(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(name)}\s*\*?\s*$")


def _phone(page: Page) -> Page:
    phone = page.context.new_page()
    phone.goto(MOBILE_APP)
    return phone


def _scan(computer: Page, phone: Page) -> None:
    qr_code = computer.get_by_role("img", name="QR code")
    expect(qr_code).to_be_visible()
    picture = qr_code.screenshot()
    phone.get_by_label(_label("Photo du code QR")).set_input_files(
        files=[{"name": "qr-code.png", "mimeType": "image/png", "buffer": picture}]
    )
    phone.get_by_role("button", name="Scanner").click()


def _enter_pin(phone: Page) -> None:
    pin = phone.get_by_label(_label("Code PIN"))
    expect(pin).to_be_visible()
    pin.fill(PIN)
    phone.get_by_role("button", name="Confirmer").click()


def _add_device(page: Page, email: str) -> Page:
    """«Ajouter un appareil mobile» on the computer, the phone initialised from its QR code."""
    phone = _phone(page)
    phone.get_by_role("link", name="Initialiser").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Scanner le code QR")
    page.bring_to_front()
    page.goto("/cas/mobile")
    page.get_by_label(_label("Adresse électronique")).fill(email)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label(_label("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1, name="Ajouter un appareil mobile")).to_be_visible()
    page.get_by_label(_label("Nom de votre appareil")).fill(DEVICE)
    page.get_by_label(_label("Votre code PIN à 4 chiffres")).fill(PIN)
    page.get_by_label(_label("Confirmez votre code PIN")).fill(PIN)
    page.get_by_role("button", name="Envoyer").click()
    _scan(page, phone)
    _enter_pin(phone)
    page.bring_to_front()
    devices = page.get_by_role("heading", level=1, name="Gérer mes appareils mobiles")
    expect(devices).to_be_visible()
    expect(
        page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=DEVICE))
    ).to_be_visible()
    return phone


def _sign_in_with(page: Page, email: str, method: str) -> None:
    page.goto("/tracesnt/login")
    page.get_by_role("link", name="Se connecter à TRACES").click()
    page.get_by_label(_label("Adresse électronique")).fill(email)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label(_label("Choisissez votre méthode de vérification")).select_option(
        label=method
    )
    page.get_by_label(_label("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _welcome(page: Page) -> None:
    expect(page.get_by_role("heading", level=1, name=re.compile("^Bienvenue, "))).to_be_visible()


def add_the_app(run: Run) -> None:
    """MOB-1: the app initialised from «Ajouter un appareil mobile»."""
    page, email = run.page(), run.account()
    phone = _add_device(page, email)
    expect(phone.get_by_role("status")).to_have_text(
        "Votre application EU Login Mobile App est initialisée."
    )


def _with_the_app(run: Run) -> tuple[Page, Page, str]:
    page, email = run.page(), run.account()
    phone = _add_device(page, email)
    page.goto("/cas/logout")
    return page, phone, email


def sign_in_with_the_pin(run: Run) -> None:
    """MOB-2: the password, then «Continuer» and the PIN code on the phone."""
    page, phone, email = _with_the_app(run)
    _sign_in_with(page, email, PIN_METHOD)
    expect(page.get_by_role("heading", level=1, name=PIN_METHOD)).to_be_visible()
    expect(
        page.get_by_text(re.compile("^\\s*Une demande d'authentification a été envoyée"))
    ).to_be_visible()
    reference = page.locator("input[name=pending]").input_value()
    phone.goto(MOBILE_APP)
    phone.get_by_role("article").filter(has=phone.locator(f"a[href$='/{reference}']")).get_by_role(
        "link", name="Continuer"
    ).first.click()
    _enter_pin(phone)
    page.bring_to_front()
    _welcome(page)


def sign_in_with_the_qr_code(run: Run) -> None:
    """MOB-3: the password, then the QR code scanned and the one-time password typed."""
    page, phone, email = _with_the_app(run)
    _sign_in_with(page, email, QR_METHOD)
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    one_time = page.get_by_label(_label("Mot de passe à usage unique"))
    expect(one_time).to_be_visible()
    phone.goto(MOBILE_APP)
    phone.get_by_role("link", name="Scanner un code QR").click()
    _scan(page, phone)
    code = phone.get_by_test_id("one-time-password")
    expect(code).to_have_text(re.compile(r"^\s*\d{6}\s*$"))
    page.bring_to_front()
    one_time.fill(code.inner_text().strip())
    page.get_by_role("button", name="Se connecter").click()
    _welcome(page)


# Each journey with the suite's scenario it stands for (its test module and its name).
JOURNEYS: dict[str, tuple[Callable[[Run], None], str]] = {
    "test_16_deux_facteurs.py::ajouter": (add_the_app, "Ajouter l'application EU Login"),
    "test_16_deux_facteurs.py::pin": (sign_in_with_the_pin, "le code PIN"),
    "test_16_deux_facteurs.py::qr": (sign_in_with_the_qr_code, "le code QR"),
}
