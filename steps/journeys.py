"""Preconditions reached through the screens, for the Given steps of several step modules.

Each one ends by waiting for the screen that proves it done, so that the scenario never
moves on before the portal has recorded it.
"""

from playwright.sync_api import Page, expect

from pages.passage import on_the_way
from pages.traces_nt import TracesHomePage, TracesWelcomePage
from pages.traces_operator import NewActivityPage, OperatorPage
from pages.traces_roles import (
    AuthorisationRequestDialog,
    Company,
    NewOperatorPage,
    OperatorSearchPage,
    ProfilePage,
)
from steps.mobile_apps import MobileApps, sign_in_on_eu_login


def sign_in_to_traces(
    page: Page, email: str, password: str, environment: str, apps: MobileApps
) -> None:
    """Sign in to TRACES NT in ``environment`` through EU Login, as the guide shows (with the
    EU Login Mobile App where the environment asks for two factors)."""
    welcome = TracesWelcomePage(page)
    with on_the_way():  # EU Login's screens follow
        welcome.open(environment)
        welcome.sign_in()
    sign_in_on_eu_login(page, email, password, apps)
    expect(TracesHomePage(page).greeting).to_be_visible()


def request_operator_role(
    search: OperatorSearchPage,
    dialog: AuthorisationRequestDialog,
    profile: ProfilePage,
    name: str,
    country: str,
) -> None:
    """Find the operator ``name`` of ``country``, tick it and send the authorisation request."""
    with on_the_way():  # to the dialog's «Envoyer»
        search.open()
        search.search(country, name)
        search.select(name)
        search.request_authorisation()
    dialog.send()
    expect(profile.confirmation).to_be_visible()


def create_operator(
    search: OperatorSearchPage,
    form: NewOperatorPage,
    profile: ProfilePage,
    company: Company,
    country: str,
) -> None:
    """Search ``company`` among the operators of ``country``, find nothing, and create it
    with «+ Créer un nouvel opérateur»: the operator and the role request are recorded."""
    with on_the_way():  # to the form's «Créer»
        search.open()
        search.search(country, company.name)
        search.create_new_operator()
        form.complete(company)
    form.create()
    expect(profile.confirmation).to_be_visible()


def save_preference(profile: ProfilePage, label: str, on: bool) -> None:
    """Tick or untick the notification box ``label`` on the profile and save."""
    profile.open()
    profile.set_preference(label, on)
    profile.save_preferences()
    expect(profile.confirmation).to_be_visible()


def open_activity_form(
    profile: ProfilePage, operator_page: OperatorPage, form: NewActivityPage, name: str
) -> None:
    """From the profile, open the operator ``name`` and its «+ Ajouter une activité»."""
    profile.open()
    profile.open_operator(name)
    operator_page.add_activity()
    expect(form.heading).to_be_visible()


def add_activity(
    profile: ProfilePage,
    operator_page: OperatorPage,
    form: NewActivityPage,
    name: str,
    section: str,
    activity_type: str,
) -> None:
    """Add to the operator ``name`` the activity ``activity_type`` of ``section``."""
    open_activity_form(profile, operator_page, form, name)
    form.activity.choose_section(section)
    form.activity.choose_activity_type(activity_type)
    form.save()
    expect(operator_page.activity(section)).to_be_visible()
