"""TRACES NT screens of a role request (part II of the guide): the role types, the operator
search, the authorisation request dialog, a new operator, and the profile.

Verbs that submit a form wait for the page the portal answers with: the screen before it
may show the same names (a second search, the same list), and a step acting on it too early
would act on the page that is going away.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Protocol

from playwright.sync_api import Locator, Page

from .i18n import either, ending_with
from .i18n import label as label_pattern
from .traces_nt import environment_url


def _field(scope: Page | Locator, *names: str) -> Locator:
    return scope.get_by_label(label_pattern(*names))


class ChooseRolePage:
    """ "Demander un nouveau rôle": Opérateur, Organisme de contrôle biologique or Autorité."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Demander un nouveau rôle", "Request a new role")
        )
        self.operator_link = page.get_by_role("main").get_by_role(
            "link", name=either("Opérateur", "Operator")
        )

    def choose_operator(self) -> None:
        """Click «Opérateur»."""
        self.operator_link.click()


class OperatorSearchPage:
    """ "Sélectionner un opérateur existant": search by country, section, activity type or text,
    tick the operator and ask for authorisation, or create a new one."""

    PATH = "/roles/new/operator"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=ending_with("Sélectionner un opérateur existant", "Select an existing operator"),
        )
        form = page.get_by_role("search")
        self.country = _field(form, "Pays", "Country")
        self.section = _field(form, "Section")
        self.activity_type = _field(form, "Type d'activité", "Activity type")
        self.text = _field(form, "Recherche", "Search")
        self.search_button = form.get_by_role("button", name=either("Recherche", "Search"))
        create = either("+ Créer un nouvel opérateur", "+ Create a New operator")
        # A button, disabled, until a search was made; then a link to the form.
        self.create_operator = page.get_by_role("button", name=create).or_(
            page.get_by_role("link", name=create)
        )
        self.request_button = page.get_by_role(
            "button", name=either("Demander une autorisation", "Request Authorisation")
        )
        self.found = page.get_by_role("status").filter(has_text=re.compile(r"^\s*\d+ "))
        self.results = page.get_by_role("main").get_by_role("table")
        self.error = page.get_by_role("main").get_by_role("alert")

    def open(self, environment: str = "Production") -> None:
        """Go straight to the search of ``environment``."""
        self.page.goto(environment_url(environment, self.PATH))

    def search(self, country: str, text: str = "") -> None:
        """Search the operators of ``country`` (as the list shows it, «Belgique (BE)»),
        optionally by name, address or identifier such as the EORI number."""
        self.country.select_option(label=country)
        self.text.fill(text)
        with self.page.expect_navigation():
            self.search_button.click()

    def search_without_country(self, text: str) -> None:
        """Search ``text`` with no country chosen."""
        self.country.select_option(value="")
        self.text.fill(text)
        with self.page.expect_navigation():
            self.search_button.click()

    def operator(self, name: str) -> Locator:
        """The row of the operator called ``name`` in the results."""
        return self.results.get_by_role("row").filter(has=self._tick_box(self.page, name))

    def select(self, name: str) -> None:
        """Tick the box to the right of the operator ``name``."""
        self._tick_box(self.results, name).check()

    def request_authorisation(self) -> None:
        """Click «Demander une autorisation»."""
        with self.page.expect_navigation():
            self.request_button.click()

    def create_new_operator(self) -> None:
        """Click «+ Créer un nouvel opérateur»."""
        # The form has a «Section» and a «Type d'activité» too: wait until it replaced this one.
        with self.page.expect_navigation():
            self.create_operator.click()

    def open_operator(self, name: str) -> None:
        """Follow the name of the operator ``name`` to its page (offered to those with access)."""
        self.results.get_by_role("link", name=name, exact=True).click()

    @staticmethod
    def _tick_box(scope: Page | Locator, name: str) -> Locator:
        return scope.get_by_role("checkbox", name=either(f"Sélectionner {name}", f"Select {name}"))


class AuthorisationRequestDialog:
    """ "Confirmer la demande d'autorisation pour …": optional message, e-mail and phone."""

    def __init__(self, page: Page):
        self.page = page
        self.window = page.get_by_role("dialog")
        self.error = self.window.get_by_role("alert")
        self.send_button = self.window.get_by_role(
            "button",
            name=either("Envoyer une demande d'autorisation", "Send authorisation request"),
        )
        self.cancel_button = self.window.get_by_role("button", name=either("Annuler", "Cancel"))

    def field(self, label: str) -> Locator:
        """The dialog's field labelled ``label`` (Message, Courriel, Téléphone)."""
        return _field(self.window, label)

    def provide(self, details: Mapping[str, str]) -> None:
        """Fill in the optional fields: ``{"Message": …, "Courriel": …, "Téléphone": …}``."""
        for label, value in details.items():
            self.field(label).fill(value)

    def send(self) -> None:
        """Click «Envoyer une demande d'autorisation»."""
        with self.page.expect_navigation():
            self.send_button.click()

    def cancel(self) -> None:
        """Click «Annuler»: nothing is recorded."""
        with self.page.expect_navigation():
            self.cancel_button.click()


class ActivityChoice:
    """The section and activity-type lists of a form, the types following the section."""

    def __init__(self, page: Page):
        self.page = page
        self.section = _field(page.get_by_role("main"), "Section")
        self.activity_type = _field(page.get_by_role("main"), "Type d'activité", "Activity type")

    def choose_section(self, section: str, under: str | None = None) -> None:
        """Select the section shown as ``section``; with ``under``, look for it among the
        sections listed under a heading that begins so («Santé végétale»)."""
        if under is None:
            self.section.select_option(label=section)
            return
        # A list's headings (optgroup) have no role of their own: found by the text they show
        # (a JSON string is a valid CSS string here).
        heading = self.section.locator(f"optgroup[label^={json.dumps(under, ensure_ascii=False)}]")
        option = heading.get_by_role("option", name=section, exact=True)
        self.section.select_option(value=option.get_attribute("value"))

    def choose_activity_type(self, activity_type: str) -> None:
        """Select the activity type shown as ``activity_type``."""
        self.activity_type.select_option(label=activity_type)


class Company(Protocol):
    """What the new-operator form asks about a company."""

    name: str
    region: str
    city: str
    postal_code: str
    address: str
    phone: str
    eori: str
    section: str
    activity_type: str


class NewOperatorPage:
    """ "Créer un nouvel opérateur": mandatory fields carry a red asterisk; one activity."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading",
            level=1,
            name=ending_with("Créer un nouvel opérateur", "Create a New operator"),
        )
        main = page.get_by_role("main")
        self.name = _field(main, "Nom", "Name")
        self.region = _field(main, "Région administrative", "Administrative region")
        self.city = _field(main, "Ville", "City")
        self.postal_code = _field(main, "Code postal", "Postal code")
        self.address = _field(main, "Adresse", "Address")
        self.phone = _field(main, "Téléphone", "Phone")
        self.eori = _field(main, "Numéro EORI", "EORI number")
        self.activity = ActivityChoice(page)
        self.create_button = page.get_by_role(
            "button", name=either("Créer un nouvel opérateur", "Create a New operator")
        )

    def field(self, label: str) -> Locator:
        """The form's field labelled ``label``."""
        return _field(self.page.get_by_role("main"), label)

    def fill_in(self, details: Mapping[str, str]) -> None:
        """Type each value of ``details`` in the text field labelled with its key."""
        for label, value in details.items():
            self.field(label).fill(value)

    def enter(self, label: str, value: str) -> None:
        """Type ``value`` in the text field ``label``."""
        self.field(label).fill(value)

    def clear(self, label: str) -> None:
        """Empty the field labelled ``label``."""
        self.field(label).fill("")

    def complete(self, company: Company) -> None:
        """Fill in every mandatory field for ``company`` and choose its activity."""
        self.name.fill(company.name)
        self.region.fill(company.region)
        self.city.fill(company.city)
        self.postal_code.fill(company.postal_code)
        self.address.fill(company.address)
        self.phone.fill(company.phone)
        # Optional, and the guide asks for it: it keeps an operator from being created twice.
        self.eori.fill(company.eori)
        self.activity.choose_section(company.section)
        self.activity.choose_activity_type(company.activity_type)

    def create(self) -> None:
        """Click «Créer un nouvel opérateur»."""
        with self.page.expect_navigation():
            self.create_button.click()


class ProfilePage:
    """ "Mon profil": role counters, the table of roles, notification preferences."""

    PATH = "/profile"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=either("Mon profil", "My profile"))
        self.confirmation = page.get_by_role("main").get_by_role("status")
        self.counters = page.get_by_role("table", name=either("Statut du rôle", "Role status"))
        roles = page.get_by_role("region", name=either("Rôles", "Roles"))
        self.roles = roles.get_by_role("table").filter(
            has=page.get_by_role("columnheader", name=either("Type de rôle", "Role type"))
        )
        self.role_rows = self.roles.get_by_role("row").filter(has=page.get_by_role("cell"))
        self.no_role = roles.get_by_text(
            either("Vous n'avez pas encore de rôle.", "You have no role yet.")
        )
        self.preferences = page.get_by_role(
            "region", name=either("Préférences de notification", "Notification preferences")
        )
        self.save_preferences_button = self.preferences.get_by_role(
            "button", name=either("Enregistrer les préférences", "Save preferences")
        )

    def open(self, environment: str = "Production") -> None:
        """Go to the profile in ``environment``."""
        self.page.goto(environment_url(environment, self.PATH))

    def counter(self, status: str) -> Locator:
        """The counter of the roles in ``status`` («1 Demandé»)."""
        return self.counters.get_by_role("cell", name=re.compile(rf"^\d+ {re.escape(status)}$"))

    def role(self, kind: str, organisation: str) -> Locator:
        """The row of the role of type ``kind`` («Opérateur») for ``organisation``."""
        return (
            self.roles.get_by_role("row")
            .filter(has=self.page.get_by_role("cell", name=kind, exact=True))
            .filter(has=self.page.get_by_role("link", name=organisation, exact=True))
        )

    def role_status(self, kind: str, organisation: str) -> Locator:
        """The «Statut» cell of that role."""
        return self.role(kind, organisation).get_by_role("cell").last

    def open_operator(self, name: str) -> None:
        """Follow the operator ``name`` in the table of roles to its page."""
        self.roles.get_by_role("link", name=name, exact=True).click()

    def preference(self, label: str) -> Locator:
        """The notification box labelled ``label``."""
        return self.preferences.get_by_role("checkbox", name=label, exact=True)

    def set_preference(self, label: str, on: bool) -> None:
        """Tick (``on``) or untick the notification box ``label``, without saving."""
        self.preference(label).set_checked(on)

    def save_preferences(self) -> None:
        """Click «Enregistrer les préférences»."""
        with self.page.expect_navigation():
            self.save_preferences_button.click()
