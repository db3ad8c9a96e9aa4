"""The walkthrough's own fixture scenarios: a small feature with thin steps of its own.

Not a ``test_*.py`` module, so the project's test run never collects these scenarios; the
walkthrough tests hand this file to ``python -m walkthrough --suite``. The steps talk to
the two small screen classes below rather than to ``pages/``, which another engineer is
still reshaping, so that these tests follow the walkthrough and nothing else.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from faker import Faker
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, scenarios, then, when

from mock_portal.testing import serve_portal
from pages.control import PortalControl

FEATURES = Path(__file__).parent / "features"
# "OLD=>NEW": EU Login's pages say NEW where they said OLD, as if the portal had changed a
# label between two editions of the guide (what --compare must then find).
RELABEL_ENV = "DEMO_RELABEL"

scenarios("demonstration.feature", features_base_dir=str(FEATURES))


@dataclass(frozen=True)
class Operator:
    """The demonstration's operator."""

    first_name: str
    last_name: str
    email: str
    password: str


class RegistrationScreen:
    """EU Login's registration form."""

    PATH = "/cas/eim/external/register.cgi"

    def __init__(self, page: Page):
        self.page = page
        self.first_name = page.get_by_role("textbox", name=re.compile(r"^Prénom"))
        self.last_name = page.get_by_role("textbox", name=re.compile(r"^Nom"))
        self.code = page.get_by_role("textbox", name=re.compile(r"^Saisissez le code"))
        self.privacy = page.get_by_role(
            "checkbox", name=re.compile("déclaration de confidentialité")
        )
        self.create_account = page.get_by_role("button", name="Créer un compte")


class SignInScreen:
    """EU Login's sign-in: the address first, then the password."""

    PATH = "/cas/login"

    def __init__(self, page: Page):
        self.page = page
        self.email = page.get_by_role("textbox", name=re.compile(r"^Adresse électronique"))
        self.next = page.get_by_role("button", name="Suivant")
        self.password = page.get_by_label(re.compile(r"^\s*Mot de passe"))
        self.sign_in = page.get_by_role("button", name="Se connecter")
        self.signed_in = page.get_by_role("heading", name="Vous êtes connecté à EU Login")


@pytest.fixture(scope="session")
def portal_base_url(tmp_path_factory: pytest.TempPathFactory):
    """A live portal with its control API, as the root conftest serves one."""
    with serve_portal(tmp_path_factory.mktemp("portal")) as live:
        yield live.base_url


@pytest.fixture(scope="session")
def portal(portal_base_url: str) -> PortalControl:
    """Its control API. Needed here because tests/conftest.py's ``portal`` is the Flask
    test helper of the mock's own tests, and it would otherwise hide the root conftest's."""
    return PortalControl(portal_base_url)


@pytest.fixture(autouse=True)
def _relabelled_screens(page: Page) -> None:
    rule = os.environ.get(RELABEL_ENV)
    if not rule:
        return
    old, new = rule.split("=>")

    def relabel(route) -> None:
        response = route.fetch()
        if "text/html" not in response.headers.get("content-type", ""):
            route.fulfill(response=response)
            return
        route.fulfill(response=response, body=response.text().replace(old, new))

    page.route("**/cas/**", relabel)


@pytest.fixture
def faker_locale() -> list[str]:
    """French names, like the guide's operators."""
    return ["fr_FR"]


@pytest.fixture
def faker_seed(pytestconfig: pytest.Config) -> int:
    """The walkthrough's --seed, passed on as the suite's --faker-seed."""
    return pytestconfig.getoption("faker_seed", None) or 0


@pytest.fixture
def registration(page: Page) -> RegistrationScreen:
    return RegistrationScreen(page)


@pytest.fixture
def sign_in(page: Page) -> SignInScreen:
    return SignInScreen(page)


def _mailbox(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@given(
    parsers.parse('une opératrice de démonstration au mot de passe "{password}"'),
    target_fixture="operator",
)
def demonstration_operator(faker: Faker, portal: PortalControl, password: str) -> Operator:
    first, last = faker.first_name_female(), faker.last_name()
    operator = Operator(first, last, f"{_mailbox(first)}.{_mailbox(last)}@example.org", password)
    portal.create_user(operator.email, first, last, password)
    return operator


@given("elle ouvre l'écran d'enregistrement EU Login")
def open_registration(registration: RegistrationScreen) -> None:
    registration.page.goto(registration.PATH)


@given("elle ouvre l'écran de connexion EU Login")
def open_sign_in(sign_in: SignInScreen) -> None:
    sign_in.page.goto(sign_in.PATH)


@when("elle saisit son prénom et son nom")
def type_names(registration: RegistrationScreen, operator: Operator) -> None:
    registration.first_name.fill(operator.first_name)
    registration.last_name.fill(operator.last_name)


@when(parsers.parse('elle saisit le code "{code}"'))
def type_code(registration: RegistrationScreen, code: str) -> None:
    registration.code.fill(code)


@when("elle coche la case de la déclaration de confidentialité")
def accept_privacy(registration: RegistrationScreen) -> None:
    registration.privacy.check()


@when("elle clique sur «Créer un compte»")
def create_account(registration: RegistrationScreen) -> None:
    registration.create_account.click()


@then("le code est signalé comme erroné")
def code_refused(registration: RegistrationScreen) -> None:
    expect(registration.code).to_have_accessible_description(re.compile("incorrect"))


@then("EU Login n'envoie aucun courrier électronique")
def no_mail(portal: PortalControl) -> None:
    assert portal.mails() == []


@when("elle saisit son adresse électronique et clique sur «Suivant»")
def identify(sign_in: SignInScreen, operator: Operator) -> None:
    sign_in.email.fill(operator.email)
    sign_in.next.click()


@when(parsers.parse('elle saisit le mot de passe "{password}" et se connecte'))
def type_password(sign_in: SignInScreen, password: str) -> None:
    sign_in.password.fill(password)
    sign_in.sign_in.click()


@then("EU Login lui confirme qu'elle est connectée")
def signed_in(sign_in: SignInScreen) -> None:
    expect(sign_in.signed_in).to_be_visible()


@then(parsers.parse("l'écran affiche «{text}»"))
def screen_shows(page: Page, text: str) -> None:
    expect(page.get_by_text(text)).to_be_visible(timeout=1_000)
