"""Two-factor sign-in with the EU Login Mobile App: enrolment from the account page, then the
password and the app's code.

The steps play the phone: they read the key the enrolment page shows, as a person's app
reads the QR code, and compute its codes at the real time, as the app does. No back door.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from pages.eu_login import EuLoginAccountPage, EuLoginSignInPage, MobileAppCodePage
from pages.form import FormFields
from pages.traces_nt import TracesWelcomePage
from steps.accounts import Accounts
from steps.people import Person

# The key an enrolment shows: 32 letters and digits of base 32.
KEY = re.compile(r"^[A-Z2-7]{32}$")


class MobileApp:
    """The operator's EU Login Mobile App: a TOTP authenticator holding the enrolled key."""

    def __init__(self):
        self.key: str | None = None

    def scan(self, key: str) -> None:
        """Take the key the enrolment shows (as the app reads it from the QR code)."""
        self.key = key.strip()

    def code(self) -> str:
        """The code the app shows now."""
        return pyotp.TOTP(self.key).now()

    def wrong_code(self) -> str:
        """Six digits that are none of the codes EU Login accepts at this moment."""
        totp, now = pyotp.TOTP(self.key), time.time()
        valid = {totp.at(now + shift) for shift in (-60, -30, 0, 30, 60)}
        return next(code for code in ("000000", "111111", "222222") if code not in valid)


@pytest.fixture
def mobile_app() -> MobileApp:
    """The scenario's phone, with its EU Login Mobile App."""
    return MobileApp()


@pytest.fixture
def account_page(page: Page) -> EuLoginAccountPage:
    """EU Login's account page."""
    return EuLoginAccountPage(page)


@pytest.fixture
def code_page(page: Page) -> MobileAppCodePage:
    """EU Login's page asking for the app's code."""
    return MobileAppCodePage(page)


def _enrol(account_page: EuLoginAccountPage, mobile_app: MobileApp) -> None:
    account_page.enrol()
    expect(account_page.qr_code).to_be_visible()
    mobile_app.scan(account_page.key.inner_text())
    account_page.confirm(mobile_app.code())
    expect(account_page.confirmation).to_be_visible()


@given("un opérateur qui a enregistré l'application EU Login Mobile App", target_fixture="operator")
@given("an operator who has enrolled the EU Login Mobile App", target_fixture="operator")
def operator_with_mobile_app(
    accounts: Accounts,
    sign_in_page: EuLoginSignInPage,
    account_page: EuLoginAccountPage,
    mobile_app: MobileApp,
) -> Person:
    """An EU Login account whose owner enrolled the app from the account page, then signed
    out: the starting point of a two-factor sign-in."""
    person = accounts.operator()
    sign_in_page.open()
    sign_in_page.sign_in(person.email, person.password)
    account_page.open()
    _enrol(account_page, mobile_app)
    account_page.sign_out()
    return person


@when("il ouvre la page de son compte EU Login")
@when("they open their EU Login account page")
def open_account_page(account_page: EuLoginAccountPage) -> None:
    account_page.open()
    expect(account_page.heading).to_be_visible()


@when("il clique sur «Enregistrer l'application EU Login Mobile App»")
@when('they click "Enrol the EU Login Mobile App"')
def click_enrol(account_page: EuLoginAccountPage) -> None:
    account_page.enrol()


@then("EU Login affiche un code QR et la clé à saisir dans l'application")
@then("EU Login shows a QR code and the key to type into the app")
def qr_code_shown(account_page: EuLoginAccountPage, mobile_app: MobileApp) -> None:
    expect(account_page.qr_code).to_be_visible()
    expect(account_page.key).to_have_text(KEY)
    mobile_app.scan(account_page.key.inner_text())


@when("il saisit le code que l'application affiche pour confirmer")
@when("they type the code the app shows to confirm")
def confirm_enrolment(account_page: EuLoginAccountPage, mobile_app: MobileApp) -> None:
    account_page.confirm(mobile_app.code())


@then("EU Login confirme que l'application est enregistrée")
@then("EU Login confirms that the app is enrolled")
def enrolment_confirmed(account_page: EuLoginAccountPage) -> None:
    expect(account_page.confirmation).to_be_visible()


@when(parsers.parse("il choisit la méthode de vérification «{method}»"))
@when(parsers.parse('they choose the verification method "{method}"'))
def choose_method(sign_in_page: EuLoginSignInPage, method: str) -> None:
    sign_in_page.choose_method(method)


@when("il saisit son mot de passe")
@when("they type their password")
def type_own_password(sign_in_page: EuLoginSignInPage, operator: Person) -> None:
    sign_in_page.enter_password(operator.password)


@when("il saisit le code affiché par l'application")
@when("they type the code the app shows")
def type_app_code(code_page: MobileAppCodePage, mobile_app: MobileApp) -> None:
    expect(code_page.heading).to_be_visible()
    code_page.enter_code(mobile_app.code())


@when("il saisit un code erroné")
@when("they type a wrong code")
def type_wrong_code(code_page: MobileAppCodePage, mobile_app: MobileApp) -> None:
    expect(code_page.heading).to_be_visible()
    code_page.enter_code(mobile_app.wrong_code())


@then(parsers.parse("EU Login signale au champ «{label}» : «{message}»"))
@then(parsers.parse('EU Login reports at the field "{label}": "{message}"'))
def field_reports(form_fields: FormFields, label: str, message: str) -> None:
    expect(form_fields.field(label)).to_have_accessible_description(message)


@then("TRACES NT indique que cet environnement demande une connexion en deux étapes")
@then("TRACES NT says that this environment asks for two-factor sign-in")
def two_factor_environment(welcome_page: TracesWelcomePage) -> None:
    expect(welcome_page.two_factor_note).to_be_visible()
