"""Steps of part II of the guide: signing in through EU Login, environments, «Déconnexion»."""

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from pages.eu_login import EuLoginLostPasswordPage, EuLoginSignInPage
from pages.traces_nt import TracesHomePage, TracesTopBar, TracesWelcomePage
from steps.accounts import Accounts
from steps.journeys import sign_in_to_traces
from steps.mobile_apps import MobileApps, sign_in_on_eu_login
from steps.people import Person
from steps.shortcuts import shortcut, sign_in_over_http


@given("il clique sur le bouton vert «Se connecter à TRACES»")
@when("il clique sur le bouton vert «Se connecter à TRACES»")
@when('they click the green button "Sign in to TRACES"')
def click_sign_in_to_traces(welcome_page: TracesWelcomePage) -> None:
    welcome_page.sign_in()


@given(parsers.parse('il est connecté à TRACES NT en "{environment}"'))
@given(parsers.parse('they are signed in to TRACES NT in "{environment}"'))
def signed_in_to(page: Page, mobile_apps: MobileApps, operator: Person, environment: str) -> None:
    sign_in_to_traces(page, operator.email, operator.password, environment, mobile_apps)


@given(parsers.parse('il est entré en "{environment}" sans retaper son mot de passe'))
def entered_through_sso(
    welcome_page: TracesWelcomePage, home_page: TracesHomePage, operator: Person, environment: str
) -> None:
    """Signed in to EU Login already: «Se connecter à TRACES» in ``environment`` leads
    straight to its home page, without EU Login's screens."""
    welcome_page.open(environment)
    welcome_page.sign_in()
    expect(home_page.greeting).to_contain_text(operator.full_name)
    expect(home_page.top_bar.environment).to_have_text(environment)


@given("un opérateur connecté à TRACES NT", target_fixture="operator")
@given("an operator signed in to TRACES NT", target_fixture="operator")
def signed_in_operator(
    request: pytest.FixtureRequest, accounts: Accounts, page: Page, mobile_apps: MobileApps
) -> Person:
    """Someone with an EU Login account, signed in to TRACES NT Production through EU
    Login: the starting point of part II. Outside the scenarios the walkthrough
    photographs, EU Login's forms are sent over HTTP rather than shown."""
    person = accounts.operator()
    if shortcut(request):
        sign_in_over_http(page, person.email, person.password, "Production", mobile_apps)
    else:
        sign_in_to_traces(page, person.email, person.password, "Production", mobile_apps)
    return person


@then("il est redirigé vers l'écran d'accès EU Login")
@then("they are taken to the EU Login sign-in screen")
@then("EU Login lui demande de se connecter à nouveau")
def sign_in_screen_shown(sign_in_page: EuLoginSignInPage) -> None:
    expect(sign_in_page.heading).to_be_visible()
    expect(sign_in_page.email).to_be_visible()


@when("il se connecte avec l'adresse mail de son compte EU Login")
@when("they sign in with the e-mail address of their EU Login account")
def sign_in(page: Page, mobile_apps: MobileApps, operator: Person) -> None:
    sign_in_on_eu_login(page, operator.email, operator.password, mobile_apps)


@when("il s'identifie avec l'adresse mail de son compte EU Login")
@when("they identify with the e-mail address of their EU Login account")
def identify(sign_in_page: EuLoginSignInPage, operator: Person) -> None:
    sign_in_page.identify(operator.email)


@when(parsers.parse("il s'identifie avec l'adresse \"{email}\""))
def identify_as(sign_in_page: EuLoginSignInPage, email: str) -> None:
    sign_in_page.identify(email)


@when(parsers.parse('il saisit le mot de passe "{password}"'))
def type_password(sign_in_page: EuLoginSignInPage, password: str) -> None:
    sign_in_page.enter_password(password)


@when("il clique sur le lien «Mot de passe perdu ?»")
def lost_password(sign_in_page: EuLoginSignInPage) -> None:
    sign_in_page.lost_password()


@then("il est redirigé vers la page d'accueil de TRACES NT qui le salue par son nom")
@then("il arrive directement sur la page d'accueil de TRACES NT qui le salue par son nom")
@then("they are taken to the TRACES NT home page, which greets them by name")
def home_page_greets(home_page: TracesHomePage, operator: Person) -> None:
    expect(home_page.greeting).to_contain_text(operator.full_name)


@then(parsers.parse("sa page d'accueil propose «{first}» et «{second}»"))
def home_page_offers(home_page: TracesHomePage, first: str, second: str) -> None:
    for name in (first, second):
        expect(home_page.eu_login_link(name)).to_be_visible()


@when("il clique sur «Réinitialiser mon mot de passe»")
def reset_password(home_page: TracesHomePage) -> None:
    home_page.eu_login_link("Réinitialiser mon mot de passe").click()


@then("EU Login lui propose d'envoyer un lien à l'adresse de son compte")
def lost_password_offered(lost_password_page: EuLoginLostPasswordPage, operator: Person) -> None:
    expect(lost_password_page.heading).to_be_visible()
    expect(lost_password_page.email).to_have_value(operator.email)


@then(parsers.parse('l\'environnement "{environment}" est affiché en haut à droite'))
@then(parsers.parse('the environment "{environment}" is shown at the top right'))
def environment_shown(traces_top_bar: TracesTopBar, environment: str) -> None:
    expect(traces_top_bar.environment).to_have_text(environment)


@when("il clique sur «Déconnexion» dans le coin supérieur droit")
@when('they click "Sign out" at the top right')
def sign_out(home_page: TracesHomePage) -> None:
    home_page.sign_out()


@then("TRACES NT lui confirme qu'il est déconnecté")
@then("TRACES NT confirms that they are signed out")
def signed_out(welcome_page: TracesWelcomePage) -> None:
    expect(welcome_page.signed_out_message).to_be_visible()


@when("il retourne sur sa page d'accueil de TRACES NT")
def back_to_home(home_page: TracesHomePage) -> None:
    home_page.open()


@when(parsers.parse('il retourne sur sa page d\'accueil de TRACES NT en "{environment}"'))
def back_to_home_of(home_page: TracesHomePage, environment: str) -> None:
    home_page.open(environment)


@then("TRACES NT lui propose de se connecter")
def offered_to_sign_in(welcome_page: TracesWelcomePage) -> None:
    expect(welcome_page.heading).to_be_visible()
    expect(welcome_page.sign_in_button).to_be_visible()
