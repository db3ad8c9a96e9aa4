"""Steps of part II.1 to II.3 of the guide, on the operator's side: «Demander un nouveau rôle»,
the operator search, the authorisation request, a new operator, the profile and its
notification preferences."""

import re

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.mailbox import MailboxPage
from pages.traces_nt import TracesHomePage
from pages.traces_roles import (
    ActivityChoice,
    AuthorisationRequestDialog,
    ChooseRolePage,
    NewOperatorPage,
    OperatorSearchPage,
    ProfilePage,
)
from steps.journeys import request_operator_role, save_preference
from steps.people import Company, Person

# -- «Demander un nouveau rôle» and the operator search ---------------------------------------


@when("il clique sur «Demander un nouveau rôle»")
@when('they click "Request a new role"')
def request_new_role(home_page: TracesHomePage) -> None:
    """The link is on the home page and on the profile alike."""
    home_page.request_new_role()


@when("il clique sur «Opérateur»")
@when('they click "Operator"')
def choose_operator_role(choose_role_page: ChooseRolePage) -> None:
    choose_role_page.choose_operator()


@then("l'écran «Sélectionner un opérateur existant» s'affiche")
@then('the screen "Select an existing operator" is shown')
def operator_search_shown(operator_search_page: OperatorSearchPage) -> None:
    expect(operator_search_page.heading).to_be_visible()


@given("il a ouvert l'écran «Sélectionner un opérateur existant»")
@given('they opened the screen "Select an existing operator"')
def operator_search_opened(operator_search_page: OperatorSearchPage) -> None:
    operator_search_page.open()


@given(parsers.parse('il a cherché sa société parmi les opérateurs du pays "{country}"'))
@given(
    parsers.parse('they searched for their company among the operators of the country "{country}"')
)
def has_searched_company(
    operator_search_page: OperatorSearchPage, company: Company, country: str
) -> None:
    operator_search_page.open()
    operator_search_page.search(country, company.name)


@when(
    parsers.parse(
        "il cherche sa société, que TRACES NT ne connaît pas encore, parmi les opérateurs du "
        'pays "{country}"'
    )
)
def search_company(
    operator_search_page: OperatorSearchPage, company: Company, country: str
) -> None:
    operator_search_page.search(country, company.name)


@when(parsers.parse('il cherche les opérateurs du pays "{country}"'))
@when(parsers.parse('they search the operators of the country "{country}"'))
def search_country(operator_search_page: OperatorSearchPage, country: str) -> None:
    operator_search_page.search(country)


@when(parsers.parse('il cherche "{text}" parmi les opérateurs du pays "{country}"'))
@when(parsers.parse('they search "{text}" among the operators of the country "{country}"'))
def search_text(operator_search_page: OperatorSearchPage, text: str, country: str) -> None:
    operator_search_page.search(country, text)


@when(parsers.parse('il cherche "{text}" sans choisir de pays'))
@when(parsers.parse('they search "{text}" without choosing a country'))
def search_without_country(operator_search_page: OperatorSearchPage, text: str) -> None:
    operator_search_page.search_without_country(text)


@then(parsers.parse('"{name}" figure parmi les opérateurs trouvés'))
@then(parsers.parse('"{name}" is among the operators found'))
def operator_found(operator_search_page: OperatorSearchPage, name: str) -> None:
    expect(operator_search_page.operator(name)).to_be_visible()


@then(parsers.parse("la recherche indique «{found}»"))
@then(parsers.parse('the search says "{found}"'))
def search_says(operator_search_page: OperatorSearchPage, found: str) -> None:
    expect(operator_search_page.found).to_have_text(found)


@when(parsers.parse('il coche la case à droite de "{name}"'))
@when(parsers.parse('they tick the box to the right of "{name}"'))
def tick_operator(operator_search_page: OperatorSearchPage, name: str) -> None:
    operator_search_page.select(name)


@when("il clique sur le bouton «Demander une autorisation»")
@when('they click the button "Request Authorisation"')
def ask_for_authorisation(operator_search_page: OperatorSearchPage) -> None:
    operator_search_page.request_authorisation()


@then(parsers.parse("l'écran de recherche signale «{message}»"))
def search_reports(operator_search_page: OperatorSearchPage, message: str) -> None:
    expect(operator_search_page.error).to_have_text(message)


@then("le bouton «+ Créer un nouvel opérateur» est désactivé")
def create_operator_disabled(operator_search_page: OperatorSearchPage) -> None:
    expect(operator_search_page.create_operator).to_be_disabled()


@then("le bouton «+ Créer un nouvel opérateur» est proposé")
def create_operator_offered(operator_search_page: OperatorSearchPage) -> None:
    expect(operator_search_page.create_operator).to_be_enabled()


# -- The authorisation request dialog ---------------------------------------------------------


@then(parsers.parse("la fenêtre «{title}» s'ouvre"))
@then(parsers.parse('the dialog "{title}" opens'))
def dialog_opens(authorisation_dialog: AuthorisationRequestDialog, title: str) -> None:
    expect(authorisation_dialog.window).to_have_accessible_name(title)


@when("il fournit des informations supplémentaires :")
@when("they provide additional information:")
def provide_details(authorisation_dialog: AuthorisationRequestDialog, datatable) -> None:
    """A table of field label and value: Message, Courriel, Téléphone."""
    authorisation_dialog.provide(dict(datatable))


@when("il clique sur «Envoyer une demande d'autorisation»")
@when('they click "Send authorisation request"')
def send_request(authorisation_dialog: AuthorisationRequestDialog) -> None:
    authorisation_dialog.send()


@when("il clique sur «Annuler»")
def cancel_request(authorisation_dialog: AuthorisationRequestDialog) -> None:
    authorisation_dialog.cancel()


@then("la fenêtre de confirmation se ferme")
def dialog_closed(authorisation_dialog: AuthorisationRequestDialog) -> None:
    expect(authorisation_dialog.window).to_have_count(0)


@then(parsers.parse("la fenêtre signale «{message}»"))
def dialog_reports(authorisation_dialog: AuthorisationRequestDialog, message: str) -> None:
    expect(authorisation_dialog.error).to_have_text(message)


@given(parsers.parse('il a demandé une autorisation pour l\'opérateur "{name}" en "{country}"'))
@given(parsers.parse('they have requested authorisation for the operator "{name}" in "{country}"'))
def has_requested_role(
    operator_search_page: OperatorSearchPage,
    authorisation_dialog: AuthorisationRequestDialog,
    profile_page: ProfilePage,
    name: str,
    country: str,
) -> None:
    """The whole request of II.1, without the optional details."""
    request_operator_role(operator_search_page, authorisation_dialog, profile_page, name, country)


# -- «+ Créer un nouvel opérateur» ------------------------------------------------------------


@when("il clique sur «+ Créer un nouvel opérateur»")
@when('they click "+ Create a New operator"')
def create_new_operator(operator_search_page: OperatorSearchPage) -> None:
    operator_search_page.create_new_operator()


@then("l'écran «Créer un nouvel opérateur» s'affiche")
@then('the screen "Create a New operator" is shown')
def new_operator_shown(new_operator_page: NewOperatorPage) -> None:
    expect(new_operator_page.heading).to_be_visible()


@then("les champs marqués d'un astérisque rouge sont :")
@then("the fields marked with a red asterisk are:")
def mandatory_fields(new_operator_page: NewOperatorPage, datatable) -> None:
    """The red asterisk is drawn for the eye; assistive technology reads it as aria-required."""
    for [label] in datatable:
        expect(new_operator_page.field(label)).to_have_attribute("aria-required", "true")


@then("les champs sans astérisque sont :")
@then("the fields without an asterisk are:")
def optional_fields(new_operator_page: NewOperatorPage, datatable) -> None:
    for [label] in datatable:
        expect(new_operator_page.field(label)).not_to_have_attribute("aria-required", "true")


# The fields of the new-operator form, by their French and English labels, and what of the
# company each one holds.
_COMPANY_FIELDS = {
    "Nom": "name",
    "Name": "name",
    "Région administrative": "region",
    "Administrative region": "region",
    "Ville": "city",
    "City": "city",
    "Code postal": "postal_code",
    "Postal code": "postal_code",
    "Adresse": "address",
    "Address": "address",
    "Téléphone": "phone",
    "Phone": "phone",
    "Numéro EORI": "eori",
    "EORI number": "eori",
}


@when(
    "il complète les informations marquées d'un astérisque rouge, et le numéro EORI, avec "
    "celles de sa société :"
)
@when(
    "they fill in the fields marked with a red asterisk, and the EORI number, with those of "
    "their company:"
)
def fill_in_company(new_operator_page: NewOperatorPage, company: Company, datatable) -> None:
    """Type in each field the table names (one label a row) what the company has for it."""
    for (label,) in datatable:
        new_operator_page.enter(label, getattr(company, _COMPANY_FIELDS[label]))


@when("il complète toutes les informations obligatoires du nouvel opérateur")
def complete_new_operator(new_operator_page: NewOperatorPage, company: Company) -> None:
    new_operator_page.complete(company)


@when(parsers.parse('il efface le champ "{label}"'))
def clear_field(new_operator_page: NewOperatorPage, label: str) -> None:
    new_operator_page.clear(label)


@when(parsers.parse('il saisit "{value}" dans le champ "{label}"'))
def enter_in_field(new_operator_page: NewOperatorPage, value: str, label: str) -> None:
    new_operator_page.enter(label, value)


@when("il clique sur le bouton «Créer un nouvel opérateur»")
@when('they click the button "Create a New operator"')
def create_operator(new_operator_page: NewOperatorPage) -> None:
    new_operator_page.create()


# What the profile says once the company and the request are recorded: it names the company,
# which the scenario makes up, so the Gherkin cannot give the sentence.
_COMPANY_CREATED = {
    "fr": "L'opérateur {name} a été créé et votre demande d'autorisation a été soumise.",
    "en": "The operator {name} has been created and your authorisation request has been submitted.",
}


@then(
    "son profil confirme que sa société a été créée et que sa demande d'autorisation a été soumise"
)
@then(
    "their profile confirms that their company has been created and that their authorisation "
    "request has been submitted"
)
def company_created(profile_page: ProfilePage, company: Company, interface_language: str) -> None:
    expect(profile_page.confirmation).to_have_text(
        _COMPANY_CREATED[interface_language].format(name=company.name)
    )


@then(parsers.parse("son rôle {kind} pour le nouvel opérateur est «{status}»"))
@then(parsers.parse('their {kind} role for the new operator is "{status}"'))
def new_operator_requested(
    profile_page: ProfilePage, company: Company, kind: str, status: str
) -> None:
    expect(profile_page.role_status(kind, company.name)).to_have_text(_starting(status))


# -- Section and activity type (a new operator, or «+ Ajouter une activité») ------------------


@when(parsers.parse("il cherche la section «{chapter}» et sélectionne «{section}»"))
@when(parsers.parse('they look for the section "{chapter}" and select "{section}"'))
def choose_section_under(activity_choice: ActivityChoice, chapter: str, section: str) -> None:
    activity_choice.choose_section(section, under=chapter)


@when(parsers.parse("il sélectionne la section «{section}»"))
def choose_section(activity_choice: ActivityChoice, section: str) -> None:
    activity_choice.choose_section(section)


@when(parsers.parse("il renseigne l'activité «{activity_type}»"))
@when(parsers.parse('they choose the activity "{activity_type}"'))
def choose_activity_type(activity_choice: ActivityChoice, activity_type: str) -> None:
    activity_choice.choose_activity_type(activity_type)


# -- The profile ------------------------------------------------------------------------------


@when("il ouvre son profil")
@when("they open their profile")
def open_profile(profile_page: ProfilePage) -> None:
    profile_page.open()


@when(parsers.parse('il ouvre son profil en "{environment}"'))
def open_profile_in(profile_page: ProfilePage, environment: str) -> None:
    profile_page.open(environment)


@then(parsers.parse("son profil confirme «{message}»"))
@then(parsers.parse('their profile confirms "{message}"'))
def profile_confirms(profile_page: ProfilePage, message: str) -> None:
    expect(profile_page.confirmation).to_have_text(message)


@then(parsers.parse("le statut du rôle indique «{count:d} {status}»"))
@then(parsers.parse('the role status shows "{count:d} {status}"'))
def role_counter(profile_page: ProfilePage, count: int, status: str) -> None:
    expect(profile_page.counter(status)).to_have_text(f"{count} {status}")


def _starting(status: str) -> re.Pattern[str]:
    # The operator's first validated user is its administrator: «Valide (administrateur)».
    return re.compile(rf"^\s*{re.escape(status)}(?!\w)")


@then(parsers.parse('son rôle {kind} pour "{organisation}" est «{status}»'))
@then(parsers.parse('their {kind} role for "{organisation}" is "{status}"'))
def role_status(profile_page: ProfilePage, kind: str, organisation: str, status: str) -> None:
    expect(profile_page.role_status(kind, organisation)).to_have_text(_starting(status))


@then("il n'a encore aucun rôle")
def no_role_yet(profile_page: ProfilePage) -> None:
    expect(profile_page.no_role).to_be_visible()


@then(parsers.re(r"son tableau des rôles compte (?P<count>\d+) lignes?"), converters={"count": int})
def role_rows(profile_page: ProfilePage, count: int) -> None:
    expect(profile_page.role_rows).to_have_count(count)


# -- Notification preferences -----------------------------------------------------------------


@then(parsers.parse("la case «{label}» est cochée"))
@then(parsers.parse('the box "{label}" is ticked'))
def preference_on(profile_page: ProfilePage, label: str) -> None:
    expect(profile_page.preference(label)).to_be_checked()


@then(parsers.parse("la case «{label}» est décochée"))
@then(parsers.parse('the box "{label}" is unticked'))
def preference_off(profile_page: ProfilePage, label: str) -> None:
    expect(profile_page.preference(label)).not_to_be_checked()


@when(parsers.parse("il décoche la case «{label}»"))
@when(parsers.parse('they untick the box "{label}"'))
def untick_preference(profile_page: ProfilePage, label: str) -> None:
    profile_page.set_preference(label, on=False)


@when("il clique sur «Enregistrer les préférences»")
@when('they click "Save preferences"')
def save_preferences(profile_page: ProfilePage) -> None:
    profile_page.save_preferences()


@given(parsers.re(r"il a (?P<choice>coché|décoché) la case «(?P<label>.+)» dans ses préférences"))
@given(parsers.re(r'they (?P<choice>ticked|unticked) the box "(?P<label>.+)" in their preferences'))
def has_set_preference(profile_page: ProfilePage, choice: str, label: str) -> None:
    save_preference(profile_page, label, on=choice in ("coché", "ticked"))


# -- The mailbox ------------------------------------------------------------------------------


@when("il consulte sa boîte aux lettres")
@when("they look at their mailbox")
def look_at_mailbox(mailbox_page: MailboxPage, operator: Person) -> None:
    mailbox_page.show_mail_for(operator.email)


@then("il n'a reçu aucun courrier électronique")
@then("they have received no e-mail")
def no_mail_received(mailbox_page: MailboxPage) -> None:
    expect(mailbox_page.no_mail).to_be_visible()
