"""Steps of part I of the guide: the people, the welcome page and EU Login's registration form."""

from dataclasses import replace

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.control import ControlApiError, PortalControl
from pages.eu_login import EuLoginHelpPage, EuLoginRegistrationPage, RegistrationSentPage
from pages.form import FormFields
from pages.traces_nt import TracesWelcomePage
from steps.accounts import Accounts
from steps.people import People, Person


@pytest.fixture
def typed_addresses() -> set[str]:
    """Every address the scenario typed in the registration form."""
    return set()


@given("un nouvel opérateur", target_fixture="operator")
@given("a new operator", target_fixture="operator")
def new_operator(people: People) -> Person:
    """Someone without an EU Login account yet."""
    return people.new_person()


@given("un opérateur titulaire d'un compte EU Login", target_fixture="operator")
@given("an operator with an EU Login account", target_fixture="operator")
def operator_with_account(accounts: Accounts) -> Person:
    """Someone whose EU Login account exists and has a password."""
    return accounts.operator()


@given(parsers.parse('un compte EU Login existe déjà pour l\'adresse "{email}"'))
def account_already_registered(people: People, portal: PortalControl, email: str) -> None:
    """Someone else's account already holds ``email`` (maybe made by another scenario
    sharing the portal: either way the address is taken)."""
    person = replace(people.new_person(), email=email)
    try:
        portal.create_user(person.email, person.first_name, person.last_name, person.password)
    except ControlApiError as exc:
        if "answered 409" not in str(exc):
            raise


@given("il ouvre la page d'accueil de TRACES NT")
@given("they open the TRACES NT welcome page")
@when("il ouvre la page d'accueil de TRACES NT")
@when("they open the TRACES NT welcome page")
def open_welcome_page(welcome_page: TracesWelcomePage) -> None:
    welcome_page.open()


@when(parsers.parse('il ouvre la page d\'accueil de TRACES NT en "{environment}"'))
@when(parsers.parse('they open the TRACES NT welcome page in "{environment}"'))
def open_welcome_page_of(welcome_page: TracesWelcomePage, environment: str) -> None:
    welcome_page.open(environment)


@given("il ouvre l'écran d'enregistrement EU Login")
def open_registration(registration_page: EuLoginRegistrationPage) -> None:
    registration_page.open()


@when("il clique sur le lien «S'inscrire au système TRACES»")
@when('they click the link "Register to the TRACES system"')
def follow_register_link(welcome_page: TracesWelcomePage) -> None:
    welcome_page.register()


@then("l'écran d'enregistrement EU Login s'affiche")
@then("the EU Login registration screen is shown")
def registration_screen_shown(registration_page: EuLoginRegistrationPage) -> None:
    expect(registration_page.heading).to_be_visible()
    expect(registration_page.create_account_button).to_be_visible()


@when("il complète tous les champs du formulaire")
@when("they fill in every field of the form")
def complete_registration(
    registration_page: EuLoginRegistrationPage, operator: Person, typed_addresses: set[str]
) -> None:
    registration_page.complete(operator)
    typed_addresses.add(operator.email)


@when("il laisse le prénom vide")
def leave_first_name_empty(registration_page: EuLoginRegistrationPage) -> None:
    registration_page.enter_first_name("")


@when(parsers.parse('il saisit "{last_name}" comme nom'))
def type_last_name(registration_page: EuLoginRegistrationPage, last_name: str) -> None:
    registration_page.enter_last_name(last_name)


@when(parsers.parse('il saisit l\'adresse "{address}"'))
def type_address(
    registration_page: EuLoginRegistrationPage, address: str, typed_addresses: set[str]
) -> None:
    """The address goes in both e-mail fields, as a person typing it twice would."""
    registration_page.enter_email(address)
    typed_addresses.add(address)


@when(parsers.parse('il confirme l\'adresse "{address}"'))
def confirm_other_address(
    registration_page: EuLoginRegistrationPage, address: str, typed_addresses: set[str]
) -> None:
    registration_page.confirm_email(address)
    typed_addresses.add(address)


@when(parsers.parse('il saisit le code "{code}"'))
def type_code(registration_page: EuLoginRegistrationPage, code: str) -> None:
    registration_page.enter_code(code)


@when("il ne coche pas la case de la déclaration de confidentialité")
def leave_privacy_unaccepted(registration_page: EuLoginRegistrationPage) -> None:
    registration_page.leave_privacy_statement_unaccepted()


@when("il clique sur le bouton «Créer un compte»")
@when('they click the button "Create an account"')
def create_account(registration_page: EuLoginRegistrationPage) -> None:
    registration_page.create_account()


@given("il a créé son compte EU Login")
def has_registered(
    registration_page: EuLoginRegistrationPage,
    registration_sent_page: RegistrationSentPage,
    operator: Person,
) -> None:
    registration_page.register(operator)
    # The account must exist before the scenario moves on (or moves the clock).
    expect(registration_sent_page.heading).to_be_visible()


@then("EU Login lui confirme l'envoi d'un courrier électronique à son adresse")
@then("EU Login confirms that an e-mail was sent to their address")
def registration_mail_sent(registration_sent_page: RegistrationSentPage, operator: Person) -> None:
    expect(registration_sent_page.heading).to_be_visible()
    expect(registration_sent_page.confirmation).to_contain_text(operator.email)


@then(parsers.parse('le champ "{label}" signale "{message}"'))
@then(parsers.parse('the field "{label}" says "{message}"'))
def field_reports(form_fields: FormFields, label: str, message: str) -> None:
    expect(form_fields.field(label)).to_have_accessible_description(message)


@then("aucun courrier électronique n'est envoyé")
def no_mail_sent(portal: PortalControl, typed_addresses: set[str]) -> None:
    """No mail to any address typed in the form (other scenarios may share the mailbox)."""
    sent = [mail for address in sorted(typed_addresses) for mail in portal.mails(to=address)]
    assert not sent, f"EU Login sent mail although the form was refused: {sent}"


# -- The screen's language, and help when the mail does not come ------------------------------


@when(parsers.parse("il choisit la langue «{language}» dans le coin supérieur droit"))
def choose_language(registration_page: EuLoginRegistrationPage, language: str) -> None:
    registration_page.choose_language(language)


@then(parsers.parse("l'écran d'enregistrement EU Login s'affiche, avec le bouton «{button}»"))
def registration_screen_in_language(
    registration_page: EuLoginRegistrationPage, button: str
) -> None:
    expect(registration_page.heading).to_be_visible()
    expect(registration_page.button(button)).to_be_visible()


@when("il clique sur «Trouver de l'aide»")
def ask_for_help(registration_sent_page: RegistrationSentPage) -> None:
    registration_sent_page.help_link.click()


@then(parsers.parse("la page d'aide d'EU Login explique «{topic}»"))
def help_explains(help_page: EuLoginHelpPage, topic: str) -> None:
    expect(help_page.heading).to_be_visible()
    expect(help_page.topic(topic)).to_be_visible()
