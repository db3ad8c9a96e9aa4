"""EU Login screens: self-registration, the password link, sign-in and lost password."""

from __future__ import annotations

import re
from typing import Protocol

from playwright.sync_api import Page

from . import portal
from .i18n import either, label


class Registrant(Protocol):
    """What the registration form asks about a person."""

    first_name: str
    last_name: str
    email: str


class EuLoginRegistrationPage:
    """The EU Login registration screen ("register.cgi") with its «Créer un compte» button."""

    PATH = "/eim/external/register.cgi"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Créer un compte", "Create an account")
        )
        self.first_name = page.get_by_label(label("Prénom", "First name"))
        self.last_name = page.get_by_label(label("Nom", "Last name"))
        self.email = page.get_by_label(label("Courrier électronique", "E-mail"))
        self.email_confirmation = page.get_by_label(
            label("Confirmer le courrier électronique", "Confirm e-mail")
        )
        self.mail_language = page.get_by_label(
            label("Langue des courriers électroniques", "E-mail language")
        )
        # The code is drawn on the page; it has no accessible name of its own.
        self.captcha_code = page.get_by_test_id("captcha-code")
        self.captcha = page.get_by_label(label("Saisissez le code", "Enter the code"))
        self.privacy = page.get_by_role(
            "checkbox", name=re.compile("déclaration de confidentialité|privacy statement")
        )
        self.create_account_button = page.get_by_role(
            "button", name=either("Créer un compte", "Create an account")
        )

    def open(self) -> None:
        """Go straight to the registration screen."""
        self.page.goto(portal.layout().eu_login_url(self.PATH))

    def complete(self, person: Registrant) -> None:
        """Fill in every field for ``person``: names, address twice, the code shown, privacy."""
        self.first_name.fill(person.first_name)
        self.last_name.fill(person.last_name)
        self.enter_email(person.email)
        self.enter_code(self.captcha_code.inner_text())
        self.privacy.check()

    def enter_first_name(self, first_name: str) -> None:
        """Type ``first_name`` in «Prénom» (an empty string leaves it empty)."""
        self.first_name.fill(first_name)

    def enter_last_name(self, last_name: str) -> None:
        """Type ``last_name`` in «Nom»."""
        self.last_name.fill(last_name)

    def enter_email(self, address: str) -> None:
        """Type ``address`` in the e-mail field and, as the form asks, once more to confirm it."""
        self.email.fill(address)
        self.email_confirmation.fill(address)

    def confirm_email(self, address: str) -> None:
        """Type ``address`` in the confirmation field only."""
        self.email_confirmation.fill(address)

    def enter_code(self, code: str) -> None:
        """Type ``code`` in «Saisissez le code»."""
        self.captcha.fill(code)

    def leave_privacy_statement_unaccepted(self) -> None:
        """Leave the privacy-statement box unticked."""
        self.privacy.uncheck()

    def create_account(self) -> None:
        """Click «Créer un compte»."""
        self.create_account_button.click()

    def register(self, person: Registrant) -> None:
        """Open the screen, complete it for ``person`` and create the account."""
        self.open()
        self.complete(person)
        self.create_account()


class RegistrationSentPage:
    """ "Merci de vous être enregistré": the mail with the password link has been sent."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=either("Merci de vous être enregistré", "Thank you for registering"),
        )
        self.confirmation = page.get_by_role("status")


class PasswordPage:
    """ "Nouveau mot de passe": the screen the mailed link opens; the password is typed twice."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Nouveau mot de passe", "New password")
        )
        self.password = page.get_by_label(label("Nouveau mot de passe", "New password"))
        self.confirmation = page.get_by_label(
            label("Confirmer le nouveau mot de passe", "Confirm new password")
        )
        self.submit_button = page.get_by_role("button", name=either("Envoyer", "Submit"))

    def set_password(self, password: str) -> None:
        """Type ``password`` twice and submit it."""
        self.password.fill(password)
        self.confirmation.fill(password)
        self.submit_button.click()


class PasswordSetPage:
    """ "Mot de passe défini": the account can now sign in."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Mot de passe défini", "Password set")
        )
        self.confirmation = page.get_by_role("status")
        self.continue_link = page.get_by_role("link", name=either("Continuer", "Continue"))

    def continue_to_sign_in(self) -> None:
        """Follow «Continuer» to EU Login's sign-in."""
        self.continue_link.click()


class PasswordLinkInvalidPage:
    """ "Lien plus valable": the mailed link has expired or was already used."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Lien plus valable", "Link no longer valid")
        )
        self.reason = page.get_by_role("alert")
        self.new_link_button = page.get_by_role(
            "button", name=either("M'envoyer un nouveau lien", "Send me a new link")
        )

    def ask_for_new_link(self) -> None:
        """Click «M'envoyer un nouveau lien»."""
        self.new_link_button.click()


class PasswordLinkSentPage:
    """ "Consultez votre messagerie": a new password link has been mailed."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Consultez votre messagerie", "Check your e-mail")
        )
        self.confirmation = page.get_by_role("status")


class EuLoginSignInPage:
    """ "L'écran d'accès EU Login": the e-mail address first, then the password."""

    PATH = "/login"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Connectez-vous pour continuer", "Sign in to continue")
        )
        self.email = page.get_by_label(label("Adresse électronique", "E-mail address"))
        self.next_button = page.get_by_role("button", name=either("Suivant", "Next"))
        self.method = page.get_by_label(
            label("Choisissez votre méthode de vérification", "Choose your verification method")
        )
        self.password = page.get_by_label(label("Mot de passe", "Password"))
        self.sign_in_button = page.get_by_role("button", name=either("Se connecter", "Sign in"))
        self.lost_password_link = page.get_by_role(
            "link", name=either("Mot de passe perdu ?", "Lost your password?")
        )

    def open(self) -> None:
        """Go to EU Login's own sign-in, without a service (its account page follows)."""
        self.page.goto(portal.layout().eu_login_url(self.PATH))

    def identify(self, email: str) -> None:
        """First step: type the e-mail address of the account and click «Suivant»."""
        self.email.fill(email)
        self.next_button.click()

    def choose_method(self, method: str) -> None:
        """Choose the verification method by its name: «Mot de passe», «EU Login Mobile App
        Code PIN»."""
        self.method.select_option(label=method)

    def enter_password(self, password: str) -> None:
        """Second step: type the password and click «Se connecter»."""
        self.password.fill(password)
        self.sign_in_button.click()

    def sign_in(self, email: str, password: str) -> None:
        """Both steps: identify with ``email``, then authenticate with ``password``."""
        self.identify(email)
        self.enter_password(password)

    def lost_password(self) -> None:
        """Follow «Mot de passe perdu ?» (offered at the password step)."""
        self.lost_password_link.click()


class EuLoginLostPasswordPage:
    """ "Mot de passe perdu ?": EU Login mails a link to set a new password."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Mot de passe perdu ?", "Lost your password?")
        )
        self.email = page.get_by_label(label("Adresse électronique", "E-mail address"))
        self.send_button = page.get_by_role("button", name=either("Envoyer", "Send"))

    def send_link(self, email: str) -> None:
        """Ask for a link for the account ``email``."""
        self.email.fill(email)
        self.send_button.click()


class MobileAppCodePage:
    """ "EU Login Mobile App Code PIN": the six-digit code, after the password."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=either("EU Login Mobile App Code PIN", "EU Login Mobile App PIN Code"),
        )
        self.code = page.get_by_label(
            label(
                "Code affiché par l'application EU Login Mobile App",
                "Code shown by the EU Login Mobile App",
            )
        )
        self.sign_in_button = page.get_by_role("button", name=either("Se connecter", "Sign in"))

    def enter_code(self, code: str) -> None:
        """Type the code the app shows and click «Se connecter»."""
        self.code.fill(code)
        self.sign_in_button.click()


class EuLoginAccountPage:
    """ "Mon compte": the EU Login account page, with its «EU Login Mobile App» panel."""

    PATH = "/eim/external/account.cgi"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=either("Mon compte", "My account"))
        self.mobile_app = page.get_by_role("region", name="EU Login Mobile App")
        self.enrol_button = self.mobile_app.get_by_role(
            "button",
            name=either(
                "Enregistrer l'application EU Login Mobile App", "Enrol the EU Login Mobile App"
            ),
        )
        self.qr_code = self.mobile_app.get_by_role("img", name="QR code")
        # The key is text to copy into an app; it has no accessible name of its own.
        self.key = self.mobile_app.get_by_test_id("mobile-app-secret")
        self.code = self.mobile_app.get_by_label(
            label(
                "Code affiché par l'application EU Login Mobile App",
                "Code shown by the EU Login Mobile App",
            )
        )
        self.confirm_button = self.mobile_app.get_by_role(
            "button", name=either("Confirmer", "Confirm")
        )
        self.confirmation = page.get_by_role("status").filter(
            has_text=either(
                "L'application EU Login Mobile App est enregistrée. Choisissez-la à votre "
                "prochaine connexion.",
                "The EU Login Mobile App is enrolled. Choose it at your next sign-in.",
            )
        )

    def open(self) -> None:
        """Go to the account page (EU Login asks to sign in first if needed)."""
        self.page.goto(portal.layout().eu_login_url(self.PATH))

    def enrol(self) -> None:
        """Click «Enregistrer l'application EU Login Mobile App»."""
        self.enrol_button.click()

    def confirm(self, code: str) -> None:
        """Type the app's first code and click «Confirmer»."""
        self.code.fill(code)
        self.confirm_button.click()

    def sign_out(self) -> None:
        """Sign out of EU Login (every service signed in through it is signed out too)."""
        self.page.goto(portal.layout().eu_login_url("/logout"))
