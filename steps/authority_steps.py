"""Steps of the competent authority (part II.2 of the guide and the validation of activities):
the authority accounts (seeded in the mock) sign in from a browser of their own, beside the operator's.

In the steps «elle» is the authority signed in last, «il» and «sa demande» the operator; in
English, "it" and "they", "their request".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from pages.passage import on_the_way
from pages.traces_authority import ActivitiesToValidatePage, RoleRequestsPage
from pages.traces_nt import TracesTopBar
from pages.traces_operator import OperatorPage
from pages.traces_roles import (
    AuthorisationRequestDialog,
    NewOperatorPage,
    OperatorSearchPage,
    ProfilePage,
)
from steps.accounts import Accounts
from steps.journeys import create_operator, request_operator_role, sign_in_to_traces
from steps.mobile_apps import MobileApps
from steps.people import Authority, Company, People, Person
from steps.shortcuts import ENVIRONMENT, country_code, shortcut


@dataclass
class AuthorityDesk:
    """A competent authority signed in to TRACES NT in its own browser context, with the
    screens it works on."""

    authority: Authority
    page: Page
    top_bar: TracesTopBar = field(init=False)
    role_requests: RoleRequestsPage = field(init=False)
    activities: ActivitiesToValidatePage = field(init=False)
    operator_search: OperatorSearchPage = field(init=False)
    operator_page: OperatorPage = field(init=False)

    def __post_init__(self) -> None:
        self.top_bar = TracesTopBar(self.page)
        self.role_requests = RoleRequestsPage(self.page)
        self.activities = ActivitiesToValidatePage(self.page)
        self.operator_search = OperatorSearchPage(self.page)
        self.operator_page = OperatorPage(self.page)

    def validate_request(self, user_email: str, organisation: str) -> None:
        """Open «Demandes d'autorisation» and validate the user's request for ``organisation``."""
        with on_the_way():  # to the request's «Valider»
            self.top_bar.open_role_requests()
        self.role_requests.validate(user_email, organisation)

    def operator_address(self, name: str, country: str) -> str:
        """Find the operator ``name`` of ``country``, open its page and give its address."""
        self.operator_search.open()
        self.operator_search.search(country, name)
        self.operator_search.open_operator(name)
        expect(self.operator_page.heading).to_have_text(name)
        return self.page.url

    def leave(self) -> None:
        """Close the authority's browser context (its sessions end with it)."""
        self.page.context.close()


def _desk(
    new_context, authority: Authority, apps: MobileApps, environment: str = "Production"
) -> AuthorityDesk:
    """A fresh browser context (same locale and viewport as the scenario's) for ``authority``."""
    page = new_context().new_page()
    sign_in_to_traces(page, authority.email, authority.password, environment, apps)
    return AuthorityDesk(authority, page)


# -- Signing in, the authorisation requests ---------------------------------------------------


@when(
    parsers.parse('l\'autorité "{code}" se connecte à TRACES NT'), target_fixture="authority_desk"
)
@when(
    parsers.parse('the authority "{code}" signs in to TRACES NT'), target_fixture="authority_desk"
)
def authority_signs_in(
    new_context, accounts: Accounts, mobile_apps: MobileApps, code: str
) -> AuthorityDesk:
    """The seeded account of the authority ``code`` («BEAFSCA04»), in a browser of its own."""
    return _desk(new_context, accounts.authority(code), mobile_apps)


@when("elle ouvre «Demandes d'autorisation»")
@when('it opens "Authorisation requests"')
def open_role_requests(authority_desk: AuthorityDesk) -> None:
    authority_desk.top_bar.open_role_requests()


@then(parsers.parse('elle voit sa demande pour "{organisation}" au statut «{status}»'))
@then(parsers.parse('it sees their request for "{organisation}" with the status "{status}"'))
def request_listed(
    authority_desk: AuthorityDesk, operator: Person, organisation: str, status: str
) -> None:
    role_requests = authority_desk.role_requests
    expect(role_requests.find_request_status(operator.email, organisation)).to_have_text(status)


@then(parsers.parse('elle ne voit pas sa demande pour "{organisation}"'))
@then(parsers.parse('it does not see their request for "{organisation}"'))
def request_not_listed(authority_desk: AuthorityDesk, operator: Person, organisation: str) -> None:
    # Other users' requests may be listed: the portal may be shared.
    expect(authority_desk.role_requests.heading).to_be_visible()
    expect(authority_desk.role_requests.find_request(operator.email, organisation)).to_have_count(0)


@when(parsers.parse('elle valide sa demande pour "{organisation}"'))
@when(parsers.parse('it validates their request for "{organisation}"'))
def validate_request(authority_desk: AuthorityDesk, operator: Person, organisation: str) -> None:
    authority_desk.role_requests.validate(operator.email, organisation)


@when(parsers.parse('elle suspend son rôle pour "{organisation}"'))
def suspend_role(authority_desk: AuthorityDesk, operator: Person, organisation: str) -> None:
    authority_desk.role_requests.suspend(operator.email, organisation)


@when(parsers.parse('elle réactive son rôle pour "{organisation}"'))
def reactivate_role(authority_desk: AuthorityDesk, operator: Person, organisation: str) -> None:
    authority_desk.role_requests.reactivate(operator.email, organisation)


@given(
    parsers.parse('l\'autorité "{code}" a validé sa demande pour "{organisation}"'),
    target_fixture="authority_desk",
)
@when(
    parsers.parse('l\'autorité "{code}" valide sa demande pour "{organisation}"'),
    target_fixture="authority_desk",
)
@when(
    parsers.parse('the authority "{code}" validates their request for "{organisation}"'),
    target_fixture="authority_desk",
)
def authority_validates(
    new_context,
    accounts: Accounts,
    mobile_apps: MobileApps,
    operator: Person,
    code: str,
    organisation: str,
) -> AuthorityDesk:
    """The authority signs in and validates the operator's request; it stays signed in."""
    desk = _desk(new_context, accounts.authority(code), mobile_apps)
    desk.validate_request(operator.email, organisation)
    return desk


@given(
    parsers.parse(
        'son rôle pour l\'opérateur "{name}" en "{country}" a été validé par l\'autorité "{code}"'
    )
)
@given(
    parsers.parse(
        'their role for the operator "{name}" in "{country}" has been validated by the '
        'authority "{code}"'
    )
)
def has_valid_role(
    request: pytest.FixtureRequest,
    new_context,
    mobile_apps: MobileApps,
    accounts: Accounts,
    operator_search_page: OperatorSearchPage,
    authorisation_dialog: AuthorisationRequestDialog,
    profile_page: ProfilePage,
    operator: Person,
    name: str,
    country: str,
    code: str,
) -> None:
    """The operator asks for the role (II.1); the authority validates it (II.2), then leaves."""
    if api := shortcut(request):
        api.validate_role(ENVIRONMENT, operator.email, name, country_code(country), code)
        profile_page.open()
        return
    request_operator_role(operator_search_page, authorisation_dialog, profile_page, name, country)
    desk = _desk(new_context, accounts.authority(code), mobile_apps)
    desk.validate_request(operator.email, name)
    desk.leave()


@given(
    parsers.parse('il a créé sa société en "{country}" et l\'autorité "{code}" a validé son rôle'),
    target_fixture="company",
)
@given(
    parsers.parse(
        'they created their company in "{country}" and the authority "{code}" validated their role'
    ),
    target_fixture="company",
)
def has_created_company(
    request: pytest.FixtureRequest,
    new_context,
    mobile_apps: MobileApps,
    accounts: Accounts,
    people: People,
    operator_search_page: OperatorSearchPage,
    new_operator_page: NewOperatorPage,
    profile_page: ProfilePage,
    operator: Person,
    interface_language: str,
    country: str,
    code: str,
) -> Company:
    """A company of the scenario's own, so that what it adds to it nobody else sees: the
    operator creates it (part II.1) and the authority validates the role (II.2)."""
    company = people.new_argentine_company(interface_language)
    if api := shortcut(request):
        details = {
            "name": company.name,
            "country": country_code(country),
            "region": company.region,
            "city": company.city,
            "postal_code": company.postal_code,
            "address": company.address,
            "phone": company.phone,
            "eori": company.eori,
        }
        api.create_company(
            ENVIRONMENT, operator.email, details, company.section, company.activity_type, code
        )
        profile_page.open()
        return company
    with on_the_way():  # to the authority's «Valider»
        create_operator(operator_search_page, new_operator_page, profile_page, company, country)
        desk = _desk(new_context, accounts.authority(code), mobile_apps)
    desk.validate_request(operator.email, company.name)
    desk.leave()
    return company


# -- Activities to validate -------------------------------------------------------------------


@when("elle ouvre «Activités à valider»")
def open_activities(authority_desk: AuthorityDesk) -> None:
    authority_desk.top_bar.open_activities_to_validate()


@then(parsers.parse("elle voit l'activité «{section}» de sa société au statut «{status}»"))
def company_activity_listed(
    authority_desk: AuthorityDesk, company: Company, section: str, status: str
) -> None:
    activities = authority_desk.activities
    expect(activities.find_activity_status(company.name, section)).to_have_text(status)


@when(parsers.parse("elle valide l'activité «{section}» de sa société"))
def validate_company_activity(
    authority_desk: AuthorityDesk, company: Company, section: str
) -> None:
    authority_desk.activities.validate(company.name, section)


# -- An operator's address --------------------------------------------------------------------


@given(
    parsers.parse(
        'l\'autorité "{code}" lui a transmis l\'adresse de la page de l\'opérateur "{name}" '
        'en "{country}"'
    ),
    target_fixture="operator_address",
)
def address_given_by_authority(
    new_context, accounts: Accounts, mobile_apps: MobileApps, code: str, name: str, country: str
) -> str:
    """The authority, competent for the operator, finds its page and copies the address."""
    desk = _desk(new_context, accounts.authority(code), mobile_apps)
    address = desk.operator_address(name, country)
    desk.leave()
    return address
