"""Securing the EU Login account with the EU Login Mobile App: adding a device from
«Ajouter un appareil mobile» with the phone, signing in with its PIN code or a QR code,
«Gérer mes appareils mobiles».

The phone is the mock's app page, in a second page of the scenario's browser context: the
steps photograph the QR code on the computer's screen and hand the picture to the phone, as
a person points a phone at the screen, and type the PIN code there. No back door.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from pages import portal
from pages.control import PortalControl
from pages.eu_login import (
    AddMobileDevicePage,
    EuLoginGearMenu,
    EuLoginSignInPage,
    MobileAppQrSignInPage,
    MobileAppWaitingPage,
    MobileDevicesPage,
    MyAccountPage,
)
from pages.form import FormFields
from pages.i18n import either
from pages.mobile_app import MobileAppPhone
from pages.passage import on_the_way
from pages.traces_nt import TracesWelcomePage
from steps.accounts import Accounts
from steps.mobile_apps import MobileApps, pin_of, sign_in_on_eu_login
from steps.people import Person
from steps.shortcuts import shortcut

SIX_DIGITS = re.compile(r"^\s*\d{6}\s*$")


@pytest.fixture
def phone(page: Page, mobile_apps: MobileApps) -> MobileAppPhone:
    """The operator's phone, beside the computer."""
    return mobile_apps.phone(page.context)


@pytest.fixture
def add_device_page(page: Page) -> AddMobileDevicePage:
    return AddMobileDevicePage(page)


@pytest.fixture
def devices_page(page: Page) -> MobileDevicesPage:
    return MobileDevicesPage(page)


@pytest.fixture
def waiting_page(page: Page) -> MobileAppWaitingPage:
    return MobileAppWaitingPage(page)


@pytest.fixture
def qr_sign_in_page(page: Page) -> MobileAppQrSignInPage:
    return MobileAppQrSignInPage(page)


@pytest.fixture
def shown_one_time_password() -> list[str]:
    """The one-time password the app showed last (read from its screen)."""
    return []


def _scan_the_computers_qr_code(qr_code, phone: MobileAppPhone) -> None:
    """A picture of the QR code on the computer's screen, handed to the phone's camera."""
    expect(qr_code).to_be_visible()
    phone.scan(qr_code.screenshot())


def _add_device_on_screens(
    page: Page, apps: MobileApps, operator: Person, name: str
) -> MobileAppPhone:
    """«Ajouter un appareil mobile» on the computer, signed in with the password; the phone
    initialised from its QR code and the PIN code; then signed out of EU Login."""
    add_page, phone = AddMobileDevicePage(page), apps.phone(page.context)
    with on_the_way():  # to the PIN code's «Confirmer» on the phone
        add_page.open()
        sign_in_on_eu_login(page, operator.email, operator.password, apps)
        add_page.describe(name, pin_of(operator.email))
        add_page.submit()
        phone.open()
        phone.initialise()
        _scan_the_computers_qr_code(add_page.qr_code, phone)
    phone.enter_pin(pin_of(operator.email))
    expect(MobileDevicesPage(page).device(name)).to_be_visible()
    apps.remember(operator.email)
    page.goto(portal.layout().eu_login_url("/logout"))
    return phone


# -- Givens -------------------------------------------------------------------------------


@given(
    "un opérateur qui a ajouté l'application EU Login Mobile App à son compte",
    target_fixture="operator",
)
@given(
    "an operator who has added the EU Login Mobile App to their account", target_fixture="operator"
)
def operator_with_mobile_app(
    request: pytest.FixtureRequest, accounts: Accounts, page: Page, mobile_apps: MobileApps
) -> Person:
    """An EU Login account with the app on the scenario's phone, signed out: the starting
    point of a sign-in with the app. Outside the scenarios the walkthrough photographs, the
    control API adds the device; else the screens do."""
    person = accounts.operator()
    if shortcut(request):
        mobile_apps.ensure(page.context, person.email)
    else:
        _add_device_on_screens(page, mobile_apps, person, mobile_apps.device_name)
    return person


@given("il est connecté à EU Login avec l'application EU Login Mobile App")
@given("they are signed in to EU Login with the EU Login Mobile App")
def signed_in_with_the_app(
    page: Page, sign_in_page: EuLoginSignInPage, mobile_apps: MobileApps, operator: Person
) -> None:
    app = mobile_apps.ensure(page.context, operator.email)
    sign_in_page.open()
    sign_in_page.identify(operator.email)
    sign_in_page.choose_pin_method()
    sign_in_page.enter_password(operator.password)
    mobile_apps.confirm_on_phone(page, app.pin)
    expect(EuLoginGearMenu(page).gear).to_be_visible()


# -- Adding a device ----------------------------------------------------------------------


@when("sur son téléphone, il ouvre l'application EU Login Mobile App et appuie sur «Initialiser»")
@when('on their phone, they open the EU Login Mobile App and tap "Initialise"')
def initialise_the_app(phone: MobileAppPhone) -> None:
    phone.open()
    phone.initialise()


@when("sur son téléphone, il appuie sur «Initialiser»")
@when('on their phone, they tap "Initialise"')
def initialise_again(phone: MobileAppPhone) -> None:
    phone.initialise()


@then("l'application lui demande de scanner le code QR affiché par EU Login sur son ordinateur")
@then("the app asks them to scan the QR code EU Login shows on their computer")
def app_asks_to_scan(phone: MobileAppPhone) -> None:
    expect(phone.heading).to_have_text(either("Scanner le code QR", "Scan the QR code"))
    expect(phone.picture).to_be_visible()


@when("sur son ordinateur, il ouvre la page «Ajouter un appareil mobile» d'EU Login")
@when('on their computer, they open EU Login\'s page "Add a mobile device"')
def open_add_device(page: Page, add_device_page: AddMobileDevicePage) -> None:
    page.bring_to_front()
    add_device_page.open()


@when(parsers.parse('il nomme son appareil "{name}" et choisit son code PIN à 4 chiffres'))
@when(parsers.parse('they name their device "{name}" and choose their 4-digit PIN code'))
def describe_device(add_device_page: AddMobileDevicePage, operator: Person, name: str) -> None:
    expect(add_device_page.heading).to_be_visible()
    add_device_page.describe(name, pin_of(operator.email))


@when("il clique sur «Envoyer»")
@when('they click "Submit"')
def submit_device(add_device_page: AddMobileDevicePage) -> None:
    add_device_page.submit()


@then("EU Login affiche un code QR à scanner avec l'application")
@then("EU Login shows a QR code to scan with the app")
def enrolment_qr_code_shown(add_device_page: AddMobileDevicePage) -> None:
    expect(add_device_page.qr_code).to_be_visible()


@when("il scanne le code QR avec son téléphone")
@when("they scan the QR code with their phone")
def scan_enrolment_qr_code(add_device_page: AddMobileDevicePage, phone: MobileAppPhone) -> None:
    _scan_the_computers_qr_code(add_device_page.qr_code, phone)


@when("il saisit son code PIN dans l'application")
@when("they type their PIN code in the app")
def type_pin(phone: MobileAppPhone, mobile_apps: MobileApps, operator: Person) -> None:
    expect(phone.pin).to_be_visible()
    phone.enter_pin(pin_of(operator.email))
    if mobile_apps.installed(operator.email) is None:
        mobile_apps.remember(operator.email)


@when("il saisit un code PIN erroné dans l'application")
@when("they type a wrong PIN code in the app")
def type_wrong_pin(phone: MobileAppPhone, operator: Person) -> None:
    expect(phone.pin).to_be_visible()
    right = pin_of(operator.email)
    phone.enter_pin(next(pin for pin in ("1111", "2222") if pin != right))


@then("l'application confirme qu'elle est initialisée")
@then("the app confirms that it is initialised")
def app_initialised(phone: MobileAppPhone) -> None:
    expect(phone.status).to_have_text(
        either(
            "Votre application EU Login Mobile App est initialisée.",
            "Your EU Login Mobile App is initialised.",
        )
    )


@then(parsers.parse('EU Login ajoute l\'appareil "{name}" à «Gérer mes appareils mobiles»'))
@then(parsers.parse('EU Login adds the device "{name}" to "Manage my mobile devices"'))
def device_listed(page: Page, devices_page: MobileDevicesPage, name: str) -> None:
    page.bring_to_front()
    expect(devices_page.heading).to_be_visible()
    expect(devices_page.device(name)).to_be_visible()


# -- Signing in with the app --------------------------------------------------------------


@when(parsers.parse("il choisit la méthode de vérification «{method}»"))
@when(parsers.parse('they choose the verification method "{method}"'))
def choose_method(sign_in_page: EuLoginSignInPage, method: str) -> None:
    sign_in_page.choose_method(method)


@when("il saisit son mot de passe")
@when("they type their password")
def type_own_password(sign_in_page: EuLoginSignInPage, operator: Person) -> None:
    sign_in_page.enter_password(operator.password)


@then("EU Login indique qu'une demande d'authentification a été envoyée à son téléphone")
@then("EU Login says that an authentication request was sent to their phone")
def request_sent(waiting_page: MobileAppWaitingPage) -> None:
    expect(waiting_page.heading).to_be_visible()
    expect(waiting_page.request_sent).to_be_visible()


@when("sur son téléphone, il appuie sur «Continuer» dans la demande d'authentification")
@when('on their phone, they tap "Continue" on the authentication request')
def continue_request(phone: MobileAppPhone, waiting_page: MobileAppWaitingPage) -> None:
    reference = waiting_page.request_reference()
    phone.open()
    phone.continue_request(reference)


@then(parsers.parse("l'application indique «{message}»"))
@then(parsers.parse('the app says "{message}"'))
def app_says(phone: MobileAppPhone, message: str) -> None:
    expect(phone.alert.or_(phone.status).first).to_have_text(message)


@then(parsers.parse("EU Login indique «{message}»"))
@then(parsers.parse('EU Login says "{message}"'))
def eu_login_says(page: Page, message: str) -> None:
    page.bring_to_front()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_have_text(message)


@then("EU Login affiche un code QR et un champ pour le mot de passe à usage unique")
@then("EU Login shows a QR code and a field for the one-time password")
def sign_in_qr_code_shown(qr_sign_in_page: MobileAppQrSignInPage) -> None:
    expect(qr_sign_in_page.qr_code).to_be_visible()
    expect(qr_sign_in_page.one_time_password).to_be_visible()


@when("sur son téléphone, il appuie sur «Scanner un code QR» et scanne le code QR")
@when('on their phone, they tap "Scan QR code" and scan the QR code')
def scan_sign_in_qr_code(qr_sign_in_page: MobileAppQrSignInPage, phone: MobileAppPhone) -> None:
    phone.open()
    with on_the_way():  # the scan's own click follows
        phone.open_scanner()
    _scan_the_computers_qr_code(qr_sign_in_page.qr_code, phone)


@then("l'application affiche un mot de passe à usage unique")
@then("the app shows a one-time password")
def one_time_password_shown(phone: MobileAppPhone, shown_one_time_password: list[str]) -> None:
    expect(phone.one_time_password).to_have_text(SIX_DIGITS)
    shown_one_time_password.append(phone.one_time_password.inner_text().strip())


@when("il saisit ce mot de passe à usage unique sur son ordinateur")
@when("they type this one-time password on their computer")
def type_one_time_password(
    page: Page, qr_sign_in_page: MobileAppQrSignInPage, shown_one_time_password: list[str]
) -> None:
    page.bring_to_front()
    qr_sign_in_page.enter_one_time_password(shown_one_time_password[-1])


@when("il laisse la demande sans réponse plus de cinq minutes")
@when("they leave the request unanswered for more than five minutes")
def leave_request_unanswered(portal: PortalControl, operator: Person) -> None:
    """Five minutes pass for this account's request alone (the portal may be shared)."""
    portal.age_sign_in_requests(operator.email, 6)


@then("l'application n'affiche plus de demande d'authentification")
@then("the app shows no authentication request any more")
def no_request_left(phone: MobileAppPhone) -> None:
    phone.open()
    expect(phone.no_request).to_be_visible()


# -- My Account -------------------------------------------------------------------------


@when("il ouvre «Mon compte» depuis le menu en haut à droite")
@when('they open "My Account" from the menu at the top right')
def open_my_account(page: Page) -> None:
    page.bring_to_front()
    EuLoginGearMenu(page).open_my_account()
    expect(MyAccountPage(page).heading).to_be_visible()


@when("il clique sur «Gérer mes appareils mobiles»")
@when('they click "Manage my mobile devices"')
def manage_devices(page: Page) -> None:
    MyAccountPage(page).manage_devices()


@when(parsers.parse('il supprime l\'appareil "{name}"'))
@when(parsers.parse('they delete the device "{name}"'))
def delete_device(devices_page: MobileDevicesPage, name: str) -> None:
    devices_page.delete(name)


@then("l'application indique que l'appareil a été supprimé du compte")
@then("the app says that the device was deleted from the account")
def app_knows_it_was_deleted(phone: MobileAppPhone, operator: Person) -> None:
    phone.open()
    expect(phone.page.get_by_role("status")).to_contain_text(operator.email)
    expect(phone.initialise_link).to_be_visible()


@when("il clique sur «Ajouter un appareil mobile»")
@when('they click "Add a mobile device"')
def add_another_device(devices_page: MobileDevicesPage) -> None:
    devices_page.add_device()


# -- Environments that ask for two factors ------------------------------------------------


@then(parsers.parse("EU Login signale au champ «{label}» : «{message}»"))
@then(parsers.parse('EU Login reports at the field "{label}": "{message}"'))
def field_reports(form_fields: FormFields, label: str, message: str) -> None:
    expect(form_fields.field(label)).to_have_accessible_description(message)


@then("TRACES NT indique que cet environnement demande une connexion en deux étapes")
@then("TRACES NT says that this environment asks for two-factor sign-in")
def two_factor_environment(welcome_page: TracesWelcomePage) -> None:
    expect(welcome_page.two_factor_note).to_be_visible()
