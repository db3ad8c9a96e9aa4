"""One fixture per screen: the page objects the steps talk to, all on the scenario's page."""

import pytest
from playwright.sync_api import Page

from pages.errors import ErrorPage
from pages.eu_login import (
    EuLoginHelpPage,
    EuLoginLostPasswordPage,
    EuLoginRegistrationPage,
    EuLoginSignInPage,
    PasswordLinkInvalidPage,
    PasswordLinkSentPage,
    PasswordPage,
    PasswordSetPage,
    RegistrationSentPage,
)
from pages.form import FormFields
from pages.mailbox import MailboxPage
from pages.traces_nt import TracesHomePage, TracesTopBar, TracesWelcomePage
from pages.traces_operator import NewActivityPage, OperatorPage
from pages.traces_roles import (
    ActivityChoice,
    AuthorisationRequestDialog,
    ChooseRolePage,
    NewOperatorPage,
    OperatorSearchPage,
    ProfilePage,
)


@pytest.fixture
def welcome_page(page: Page) -> TracesWelcomePage:
    """TRACES NT's welcome page."""
    return TracesWelcomePage(page)


@pytest.fixture
def home_page(page: Page) -> TracesHomePage:
    """TRACES NT's home page of a signed-in user."""
    return TracesHomePage(page)


@pytest.fixture
def traces_top_bar(page: Page) -> TracesTopBar:
    """The bar at the top of TRACES NT pages (environment, «Déconnexion»)."""
    return TracesTopBar(page)


@pytest.fixture
def registration_page(page: Page) -> EuLoginRegistrationPage:
    """EU Login's registration screen."""
    return EuLoginRegistrationPage(page)


@pytest.fixture
def help_page(page: Page) -> EuLoginHelpPage:
    """EU Login's help page, for a mail that did not arrive."""
    return EuLoginHelpPage(page)


@pytest.fixture
def registration_sent_page(page: Page) -> RegistrationSentPage:
    """EU Login's "thank you for registering" screen."""
    return RegistrationSentPage(page)


@pytest.fixture
def mailbox_page(page: Page) -> MailboxPage:
    """The portal's mailbox."""
    return MailboxPage(page)


@pytest.fixture
def password_page(page: Page) -> PasswordPage:
    """EU Login's "new password" screen."""
    return PasswordPage(page)


@pytest.fixture
def password_set_page(page: Page) -> PasswordSetPage:
    """EU Login's "password set" screen."""
    return PasswordSetPage(page)


@pytest.fixture
def password_link_invalid_page(page: Page) -> PasswordLinkInvalidPage:
    """EU Login's screen for an expired or used password link."""
    return PasswordLinkInvalidPage(page)


@pytest.fixture
def password_link_sent_page(page: Page) -> PasswordLinkSentPage:
    """EU Login's "check your e-mail" screen."""
    return PasswordLinkSentPage(page)


@pytest.fixture
def sign_in_page(page: Page) -> EuLoginSignInPage:
    """EU Login's sign-in screen."""
    return EuLoginSignInPage(page)


@pytest.fixture
def lost_password_page(page: Page) -> EuLoginLostPasswordPage:
    """EU Login's "lost your password?" screen."""
    return EuLoginLostPasswordPage(page)


@pytest.fixture
def form_fields(page: Page) -> FormFields:
    """The fields of whatever form is on screen, for messages tied to a field."""
    return FormFields(page)


@pytest.fixture
def choose_role_page(page: Page) -> ChooseRolePage:
    """TRACES NT's «Demander un nouveau rôle» screen."""
    return ChooseRolePage(page)


@pytest.fixture
def operator_search_page(page: Page) -> OperatorSearchPage:
    """TRACES NT's «Sélectionner un opérateur existant» screen."""
    return OperatorSearchPage(page)


@pytest.fixture
def authorisation_dialog(page: Page) -> AuthorisationRequestDialog:
    """The «Confirmer la demande d'autorisation» dialog."""
    return AuthorisationRequestDialog(page)


@pytest.fixture
def new_operator_page(page: Page) -> NewOperatorPage:
    """TRACES NT's «Créer un nouvel opérateur» form."""
    return NewOperatorPage(page)


@pytest.fixture
def activity_choice(page: Page) -> ActivityChoice:
    """The section and activity-type lists of the form on screen."""
    return ActivityChoice(page)


@pytest.fixture
def profile_page(page: Page) -> ProfilePage:
    """TRACES NT's profile: roles and notification preferences."""
    return ProfilePage(page)


@pytest.fixture
def operator_page(page: Page) -> OperatorPage:
    """An operator's page in TRACES NT."""
    return OperatorPage(page)


@pytest.fixture
def new_activity_page(page: Page) -> NewActivityPage:
    """TRACES NT's «+ Ajouter une activité» form."""
    return NewActivityPage(page)


@pytest.fixture
def error_page(page: Page) -> ErrorPage:
    """The portal's error page."""
    return ErrorPage(page)
