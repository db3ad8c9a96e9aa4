"""TRACES NT screens of a competent authority: «Demandes d'autorisation» and «Activités à
valider», where roles and operator activities are validated.

Both lists come a page at a time and may hold other people's rows (the portal may be shared
for months): a row is found by searching the list for it (the user's address, the operator's
name), never by hoping it is on the first page. A decision is taken in the list of every
status («Tous»), where the row stays after the decision and shows its new status; the verbs
wait for the list the portal answers with.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from .i18n import either, label, starting_with
from .passage import on_the_way

ALL = either("Tous", "All")
# Both lists show the status in their fifth column, before the decision buttons.
_STATUS_COLUMN = 4


def _first_line(text: str) -> re.Pattern[str]:
    """A cell's name that begins with the line ``text`` (a hint line follows it)."""
    return re.compile(rf"^\s*{re.escape(text)}(?:\s|$)")


def _last_line(text: str) -> re.Pattern[str]:
    """A cell's name that ends with the line ``text``."""
    return re.compile(rf"(?:^|\s){re.escape(text)}\s*$")


class _SearchableList:
    """What both lists share: status tabs and a search field."""

    def __init__(self, page: Page, search_label: re.Pattern[str]):
        self.page = page
        self.confirmation = page.get_by_role("main").get_by_role("status")
        self.statuses = page.get_by_role("navigation", name=either("Statut", "Status"))
        search = page.get_by_role("main").get_by_role("search")
        self.search_box = search.get_by_label(search_label)
        self.search_button = search.get_by_role("button", name=either("Recherche", "Search"))

    def show(self, status: str | re.Pattern[str]) -> None:
        """Show the rows in ``status`` («Demandé», «Valide», «Tous»...), the search kept."""
        with self.page.expect_navigation():
            self.statuses.get_by_role("link", name=status, exact=True).click()

    def search(self, text: str) -> None:
        """Search the list, in the status shown, for the rows holding ``text``."""
        if self.search_box.input_value() == text:
            return
        self.search_box.fill(text)
        with self.page.expect_navigation():
            self.search_button.click()


class RoleRequestsPage(_SearchableList):
    """ "Demandes d'autorisation": the roles an authority may validate, refuse, suspend or
    re-activate, listed by status and searched by user or organisation."""

    def __init__(self, page: Page):
        super().__init__(
            page,
            label(
                "Utilisateur (nom, adresse électronique) ou organisation",
                "User (name, e-mail) or organisation",
            ),
        )
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Demandes d'autorisation", "Authorisation requests")
        )
        self.requests = page.get_by_role("main").get_by_role("table")
        self.no_request = page.get_by_role("main").get_by_text(
            either("Aucune demande ici.", "No request here.")
        )

    def find_request(self, user_email: str, organisation: str) -> Locator:
        """Search the list for the user's address; the row of their role for ``organisation``."""
        self.search(user_email)
        return self.request(user_email, organisation)

    def find_request_status(self, user_email: str, organisation: str) -> Locator:
        """Search the list for the user's address; the «Statut» cell of that role."""
        return self.find_request(user_email, organisation).get_by_role("cell").nth(_STATUS_COLUMN)

    def request(self, user_email: str, organisation: str) -> Locator:
        """The row of the role of the user ``user_email`` for ``organisation``."""
        return (
            self.requests.get_by_role("row")
            .filter(has=self.page.get_by_role("cell", name=_last_line(user_email)))
            .filter(has=self.page.get_by_role("cell", name=_first_line(organisation)))
        )

    def request_status(self, user_email: str, organisation: str) -> Locator:
        """The «Statut» cell of that role."""
        return self.request(user_email, organisation).get_by_role("cell").nth(_STATUS_COLUMN)

    def validate(self, user_email: str, organisation: str) -> None:
        """Validate the user's request for ``organisation``."""
        self._decide(user_email, organisation, starting_with("Valider", "Validate"))

    def suspend(self, user_email: str, organisation: str) -> None:
        """Suspend the user's valid role for ``organisation``."""
        self._decide(user_email, organisation, starting_with("Suspendre", "Suspend"))

    def reactivate(self, user_email: str, organisation: str) -> None:
        """Re-activate the user's suspended role for ``organisation``."""
        self._decide(user_email, organisation, starting_with("Réactiver", "Re-activate"))

    def _decide(self, user_email: str, organisation: str, action: re.Pattern[str]) -> None:
        with on_the_way():  # the decision's button follows
            self.show(ALL)
            button = self.find_request(user_email, organisation).get_by_role("button", name=action)
        with self.page.expect_navigation():
            button.click()


class ActivitiesToValidatePage(_SearchableList):
    """ "Activités à valider": the new activities of the operators of the authority's country,
    listed by status and searched by operator."""

    def __init__(self, page: Page):
        super().__init__(
            page, label("Opérateur (nom ou numéro EORI)", "Operator (name or EORI number)")
        )
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Activités à valider", "Activities to validate")
        )
        self.list = page.get_by_role("main").get_by_role("table")

    def activity(self, operator: str, section: str) -> Locator:
        """The row of the activity of ``operator`` in ``section``."""
        return (
            self.list.get_by_role("row")
            .filter(has=self.page.get_by_role("cell", name=_first_line(operator)))
            .filter(has=self.page.get_by_role("cell", name=section, exact=True))
        )

    def activity_status(self, operator: str, section: str) -> Locator:
        """The «Statut» cell of that activity."""
        return self.activity(operator, section).get_by_role("cell").nth(_STATUS_COLUMN)

    def find_activity_status(self, operator: str, section: str) -> Locator:
        """Search the list for ``operator``; the «Statut» cell of its activity in ``section``."""
        self.search(operator)
        return self.activity_status(operator, section)

    def validate(self, operator: str, section: str) -> None:
        """Validate the activity of ``operator`` in ``section``."""
        self.show(ALL)
        self.search(operator)
        button = self.activity(operator, section).get_by_role(
            "button", name=starting_with("Valider", "Validate")
        )
        with self.page.expect_navigation():
            button.click()
