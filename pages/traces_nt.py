"""TRACES NT screens: the welcome page of an environment and the home page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page

from . import portal
from .i18n import either, starting_with


@dataclass(frozen=True)
class Environment:
    """A TRACES NT environment: its names in the interface and its code in the layout."""

    french: str
    english: str
    code: str


ENVIRONMENTS = (
    Environment("Production", "Production", "production"),
    Environment("Formation", "Training", "training"),
    Environment("Acceptation", "Acceptance", "acceptance"),
)


def environment_url(name: str, path: str) -> str:
    """``path`` in the environment called ``name`` (French or English name)."""
    for environment in ENVIRONMENTS:
        if name.casefold() in {environment.french.casefold(), environment.english.casefold()}:
            return portal.layout().environment_url(environment.code, path)
    known = ", ".join(f"{e.french}/{e.english}" for e in ENVIRONMENTS)
    raise ValueError(f"Unknown TRACES NT environment {name!r}; known: {known}.")


class TracesTopBar:
    """The bar at the top of every TRACES NT page: environment, user, «Déconnexion», and for
    an authority «Demandes d'autorisation» and «Activités à valider»."""

    def __init__(self, page: Page):
        self.page = page
        banner = page.get_by_role("banner")
        # The environment badge is plain text with no accessible name of its own: the text of
        # the banner that is an environment's whole name.
        names = [name for e in ENVIRONMENTS for name in (e.french, e.english)]
        self.environment = banner.get_by_text(
            re.compile(rf"^\s*(?:{'|'.join(map(re.escape, names))})\s*$")
        )
        self.sign_out_link = banner.get_by_role("link", name=either("Déconnexion", "Sign out"))
        self.role_requests_link = banner.get_by_role(
            "link", name=either("Demandes d'autorisation", "Authorisation requests")
        )
        self.activities_link = banner.get_by_role(
            "link", name=either("Activités à valider", "Activities to validate")
        )

    def sign_out(self) -> None:
        """Click «Déconnexion» in the top right corner."""
        self.sign_out_link.click()

    def open_role_requests(self) -> None:
        """Click «Demandes d'autorisation» (competent authorities and operator administrators)."""
        self.role_requests_link.click()

    def open_activities_to_validate(self) -> None:
        """Click «Activités à valider» (competent authorities)."""
        self.activities_link.click()


class TracesWelcomePage:
    """ "Page d'accueil de TRACES NT" before sign-in: register, or sign in through EU Login."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Bienvenue dans TRACES NT", "Welcome to TRACES NT")
        )
        self.register_link = page.get_by_role(
            "link", name=either("S'inscrire au système TRACES", "Register to the TRACES system")
        )
        self.sign_in_button = page.get_by_role(
            "link", name=either("Se connecter à TRACES", "Sign in to TRACES")
        )
        self.top_bar = TracesTopBar(page)
        self.two_factor_note = page.get_by_role("note").filter(
            has_text=starting_with(
                "Cet environnement demande une connexion en deux étapes",
                "This environment asks for two-factor sign-in",
            )
        )
        self.signed_out_message = page.get_by_role("status").filter(
            has_text=either("Vous êtes déconnecté.", "You have been signed out.")
        )

    def open(self, environment: str = "Production") -> None:
        """Go to the welcome page of ``environment``."""
        self.page.goto(environment_url(environment, "/login"))

    def register(self) -> None:
        """Follow «S'inscrire au système TRACES» to EU Login's registration form."""
        self.register_link.click()

    def sign_in(self) -> None:
        """Click the green «Se connecter à TRACES» button, which leads to EU Login."""
        self.sign_in_button.click()


class TracesHomePage:
    """The home page of a signed-in user, with «Déconnexion» at the top right."""

    def __init__(self, page: Page):
        self.page = page
        self.greeting = page.get_by_role(
            "heading", level=1, name=starting_with("Bienvenue, ", "Welcome, ")
        )
        self.top_bar = TracesTopBar(page)
        # Also on the profile, beside the role counters.
        self.request_new_role_link = page.get_by_role("main").get_by_role(
            "link", name=either("Demander un nouveau rôle", "Request a new role")
        )

    def open(self, environment: str = "Production") -> None:
        """Go to the home page of ``environment`` (TRACES NT sends visitors to the welcome page)."""
        self.page.goto(environment_url(environment, "/"))

    def eu_login_link(self, name: str):
        """A link of the panel «Votre compte EU Login» (change the details, reset the password)."""
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    def sign_out(self) -> None:
        """Sign out with «Déconnexion» at the top right."""
        self.top_bar.sign_out()

    def request_new_role(self) -> None:
        """Click «Demander un nouveau rôle»."""
        self.request_new_role_link.click()
