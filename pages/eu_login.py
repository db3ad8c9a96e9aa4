"""EU Login screens: self-registration, the password link, sign-in and lost password."""

from __future__ import annotations

import re
from typing import Protocol

from playwright.sync_api import Page

from . import portal
from .i18n import either, label, starting_with


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
        # The interface languages, each named in its own language, at the top right.
        self.languages = page.get_by_role("navigation", name=either("Langue", "Language"))

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

    def choose_language(self, name: str) -> None:
        """Click the language ``name`` (such as «English (en)») in the top right corner."""
        self.languages.get_by_role("link", name=name, exact=True).click()

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True)

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
        self.help_link = page.get_by_role("link", name=either("Trouver de l'aide", "Get help"))


class EuLoginHelpPage:
    """EU Login's help page (``/cas/contact.html``): what to do when the mail does not arrive."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=either("Aide", "Help"))

    def topic(self, title: str):
        return self.page.get_by_role("heading", level=2, name=title, exact=True)


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
        # Shown when the service asks for two factors: the password alone will not do.
        self.two_factor_note = page.get_by_role("note").filter(
            has_text=starting_with(
                "Ce service demande une vérification en deux étapes",
                "This service asks for two-factor verification",
            )
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
        Code PIN», «EU Login Mobile App Code QR»."""
        self.method.select_option(label=method)

    def choose_pin_method(self) -> None:
        """Choose «EU Login Mobile App Code PIN», in the interface's language."""
        chosen = self.method.locator("option").filter(
            has_text=either("EU Login Mobile App Code PIN", "EU Login Mobile App PIN Code")
        )
        self.method.select_option(value=chosen.get_attribute("value"))

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


class MobileAppWaitingPage:
    """ "EU Login Mobile App Code PIN": a request was sent to the app; the page goes on by
    itself once the app confirms it."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=either("EU Login Mobile App Code PIN", "EU Login Mobile App PIN Code"),
        )
        self.request_sent = page.get_by_text(
            starting_with(
                "Une demande d'authentification a été envoyée",
                "An authentication request has been sent",
            )
        )
        self.waiting = page.get_by_role("status")
        # The request's reference travels in the form, not on screen: a phone listing twins
        # (one account signing in twice at once) is told which one this page waits for.
        self._reference = page.locator("input[name=pending]")

    def request_reference(self) -> str:
        """Which request this page waits for."""
        return self._reference.input_value()


class MobileAppQrSignInPage:
    """ "EU Login Mobile App Code QR": a QR code to scan, and the one-time password to type."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=either("EU Login Mobile App Code QR", "EU Login Mobile App QR Code"),
        )
        self.qr_code = page.get_by_role("img", name="QR code")
        self.one_time_password = page.get_by_label(
            label("Mot de passe à usage unique", "One-time password")
        )
        self.sign_in_button = page.get_by_role("button", name=either("Se connecter", "Sign in"))

    def enter_one_time_password(self, code: str) -> None:
        """Type the one-time password the app shows and click «Se connecter»."""
        self.one_time_password.fill(code)
        self.sign_in_button.click()


class EuLoginGearMenu:
    """The gear at the top right of EU Login's pages once signed in, and its menu."""

    def __init__(self, page: Page):
        self.page = page
        menu = page.get_by_role("navigation", name=either("Compte EU Login", "EU Login account"))
        self.gear = menu.get_by_role("button", name=either("Paramètres", "Settings"))
        self.my_account_link = menu.get_by_role("link", name=either("Mon compte", "My Account"))

    def open_my_account(self) -> None:
        """Open the menu and follow «Mon compte»."""
        self.gear.click()
        self.my_account_link.click()


class MyAccountPage:
    """ "Mon compte": the account's details, «Gérer mes appareils mobiles», the password link."""

    PATH = "/userdata/myAccount.cgi"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=either("Mon compte", "My Account"))
        self.manage_devices_link = page.get_by_role(
            "link", name=either("Gérer mes appareils mobiles", "Manage my mobile devices")
        )

    def open(self) -> None:
        """Go to «Mon compte» (EU Login asks to sign in first if needed)."""
        self.page.goto(portal.layout().eu_login_url(self.PATH))

    def manage_devices(self) -> None:
        """Follow «Gérer mes appareils mobiles»."""
        self.manage_devices_link.click()


class MobileDevicesPage:
    """ "Gérer mes appareils mobiles": each device with its date, to delete; «Ajouter un
    appareil mobile»."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=either("Gérer mes appareils mobiles", "Manage my mobile devices"),
        )
        self.add_link = page.get_by_role(
            "link", name=either("Ajouter un appareil mobile", "Add a mobile device")
        )
        self.confirmation = page.get_by_role("status")

    def device(self, name: str):
        """The row of the device ``name``."""
        return self.page.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=name, exact=True)
        )

    def delete(self, name: str) -> None:
        """Click «Supprimer» on the row of ``name``."""
        self.page.get_by_role(
            "button", name=either(f"Supprimer «{name}»", f"Delete «{name}»")
        ).click()

    def add_device(self) -> None:
        """Follow «Ajouter un appareil mobile»."""
        self.add_link.click()


class AddMobileDevicePage:
    """ "Ajouter un appareil mobile" (``/cas/mobile``): the device's name and PIN code, then
    the QR code the app scans."""

    PATH = "/mobile"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Ajouter un appareil mobile", "Add a mobile device")
        )
        self.name = page.get_by_label(label("Nom de votre appareil", "Your device name"))
        self.pin = page.get_by_label(label("Votre code PIN à 4 chiffres", "Your 4 digit PIN code"))
        self.pin_confirmation = page.get_by_label(
            label("Confirmez votre code PIN", "Confirm your PIN code")
        )
        self.submit_button = page.get_by_role("button", name=either("Envoyer", "Submit"))
        self.qr_code = page.get_by_role("img", name="QR code")

    def open(self) -> None:
        """Go to «Ajouter un appareil mobile» (EU Login asks to sign in first if needed)."""
        self.page.goto(portal.layout().eu_login_url(self.PATH))

    def describe(self, name: str, pin: str) -> None:
        """Name the device and type the PIN code twice."""
        self.name.fill(name)
        self.pin.fill(pin)
        self.pin_confirmation.fill(pin)

    def submit(self) -> None:
        """Click «Envoyer»."""
        self.submit_button.click()
