"""Steps of part III of the guide: an operator's page, «+ Ajouter une activité», and who may
see or change the page."""

import pytest
from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from pages.errors import ErrorPage
from pages.traces_operator import NewActivityPage, OperatorPage
from pages.traces_roles import ProfilePage
from steps.journeys import add_activity, open_activity_form
from steps.people import Company
from steps.shortcuts import ENVIRONMENT, shortcut

# -- The operator's page ----------------------------------------------------------------------


@when(parsers.parse('il clique sur l\'opérateur "{name}"'))
@when(parsers.parse('they click the operator "{name}"'))
def open_operator(profile_page: ProfilePage, name: str) -> None:
    """The operator's name in the table of roles of the profile leads to its page."""
    profile_page.open_operator(name)


@when("il clique sur sa société")
@when("they click their company")
def open_company(profile_page: ProfilePage, company: Company) -> None:
    profile_page.open_operator(company.name)


@then(parsers.parse("la page de sa société montre les panneaux «{a}», «{b}» et «{c}»"))
@then(parsers.parse('the page of their company shows the panels "{a}", "{b}" and "{c}"'))
def company_panels(operator_page: OperatorPage, company: Company, a: str, b: str, c: str) -> None:
    expect(operator_page.heading).to_have_text(company.name)
    for title in (a, b, c):
        expect(operator_page.panel(title)).to_be_visible()


@then("le panneau «Operator Details» indique les coordonnées de sa société")
@then('the panel "Operator details" shows the details of their company')
def company_details_show(operator_page: OperatorPage, company: Company) -> None:
    for labels, value in (
        (("Nom", "Name"), company.name),
        (("Région administrative", "Administrative region"), company.region),
        (("Ville", "City"), company.city),
        (("Adresse", "Address"), company.address),
        (("Téléphone", "Phone"), company.phone),
    ):
        expect(operator_page.field(*labels)).to_have_value(value)


@then("le panneau «Operator Details» indique :")
def details_show(operator_page: OperatorPage, datatable) -> None:
    """A table of field label and the text it holds."""
    for label, value in datatable:
        expect(operator_page.field(label)).to_have_value(value)


@then(parsers.parse("le panneau «Operator Details» indique le pays «{country}»"))
@then(parsers.parse('the panel "Operator details" shows the country "{country}"'))
def country_shown(operator_page: OperatorPage, country: str) -> None:
    expect(operator_page.country_shown).to_have_text(country)


@then(parsers.parse('le champ "{label}" de «Operator Details» n\'est pas modifiable'))
def detail_read_only(operator_page: OperatorPage, label: str) -> None:
    expect(operator_page.field(label)).to_be_disabled()


@then(parsers.parse("la page de l'opérateur confirme «{message}»"))
@then(parsers.parse("la page de l'opérateur signale «{message}»"))
@then(parsers.parse('the operator\'s page confirms "{message}"'))
def operator_page_says(operator_page: OperatorPage, message: str) -> None:
    expect(operator_page.notice).to_have_text(message)


@then(parsers.parse("l'activité «{section}» est listée au statut «{status}»"))
@then(parsers.parse('the activity "{section}" is listed as "{status}"'))
def activity_listed(operator_page: OperatorPage, section: str, status: str) -> None:
    expect(operator_page.activity_status(section)).to_have_text(status)


@then("le bouton «+ Ajouter une activité» n'est pas proposé")
def add_activity_not_offered(operator_page: OperatorPage) -> None:
    expect(operator_page.add_activity_link).to_have_count(0)


# -- «+ Ajouter une activité» -----------------------------------------------------------------


@when("il clique sur «+ Ajouter une activité»")
@when('they click "+ Add activity"')
def click_add_activity(operator_page: OperatorPage) -> None:
    operator_page.add_activity()


@when("il clique sur «Enregistrer»")
@when('they click "Save"')
def save_activity(new_activity_page: NewActivityPage) -> None:
    new_activity_page.save()


@given(parsers.parse('il a ouvert «+ Ajouter une activité» pour l\'opérateur "{name}"'))
def activity_form_opened(
    profile_page: ProfilePage,
    operator_page: OperatorPage,
    new_activity_page: NewActivityPage,
    name: str,
) -> None:
    open_activity_form(profile_page, operator_page, new_activity_page, name)


@given("il a ouvert «+ Ajouter une activité» pour sa société")
def company_activity_form_opened(
    profile_page: ProfilePage,
    operator_page: OperatorPage,
    new_activity_page: NewActivityPage,
    company: Company,
) -> None:
    open_activity_form(profile_page, operator_page, new_activity_page, company.name)


@given(
    parsers.parse("il a ajouté à sa société l'activité «{activity_type}» de la section «{section}»")
)
def has_added_company_activity(
    request: pytest.FixtureRequest,
    profile_page: ProfilePage,
    operator_page: OperatorPage,
    new_activity_page: NewActivityPage,
    company: Company,
    activity_type: str,
    section: str,
) -> None:
    if api := shortcut(request):
        # The scenario's own company is Argentinian (see «il a créé sa société en …»).
        added = api.add_activity(ENVIRONMENT, company.name, "AR", section, activity_type)
        operator_page.open(added["operator_id"])
        return
    add_activity(
        profile_page, operator_page, new_activity_page, company.name, section, activity_type
    )


# -- A page without access --------------------------------------------------------------------


@when("il ouvre cette adresse")
def open_address(error_page: ErrorPage, operator_address: str) -> None:
    error_page.open(operator_address)


@then(parsers.parse("TRACES NT affiche «{heading}» : «{reason}»"))
def refused(error_page: ErrorPage, heading: str, reason: str) -> None:
    expect(error_page.heading).to_have_text(heading)
    expect(error_page.reason).to_have_text(reason)
