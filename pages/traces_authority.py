"""TRACES NT screens of a competent authority: «Demandes d'autorisation» and «Activités à
valider», where roles and operator activities are validated.

A decision is taken in the list of every status («Tous»), where the row stays after the
decision and shows its new status; the verbs wait for the list the portal answers with.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from .i18n import either, starting_with

ALL = either("Tous", "All")
# Both lists show the status in their fifth column, before the decision buttons.
_STATUS_COLUMN = 4


def _first_line(text: str) -> re.Pattern[str]:
    """A cell's name that begins with the line ``text`` (a hint line follows it)."""
    return re.compile(rf"^\s*{re.escape(text)}(?:\s|$)")


def _last_line(text: str) -> re.Pattern[str]:
    """A cell's name that ends with the line ``text``."""
    return re.compile(rf"(?:^|\s){re.escape(text)}\s*$")


class RoleRequestsPage:
    """ "Demandes d'autorisation": the roles an authority may validate, refuse, suspend or
    re-activate, listed by status."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Demandes d'autorisation", "Authorisation requests")
        )
        self.confirmation = page.get_by_role("main").get_by_role("status")
        self.statuses = page.get_by_role("navigation", name=either("Statut", "Status"))
        self.requests = page.get_by_role("main").get_by_role("table")
        self.no_request = page.get_by_role("main").get_by_text(
            either("Aucune demande ici.", "No request here.")
        )

    def show(self, status: str | re.Pattern[str]) -> None:
        """Show the list of the roles in ``status`` («Demandé», «Valide», «Tous»...)."""
        with self.page.expect_navigation():
            self.statuses.get_by_role("link", name=status, exact=True).click()

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
        self.show(ALL)
        button = self.request(user_email, organisation).get_by_role("button", name=action)
        with self.page.expect_navigation():
            button.click()


class ActivitiesToValidatePage:
    """ "Activités à valider": the new activities of the operators of the authority's country."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Activités à valider", "Activities to validate")
        )
        self.confirmation = page.get_by_role("main").get_by_role("status")
        self.statuses = page.get_by_role("navigation", name=either("Statut", "Status"))
        self.list = page.get_by_role("main").get_by_role("table")

    def show(self, status: str | re.Pattern[str]) -> None:
        """Show the activities in ``status`` («Nouveau», «Valide», «Tous»...)."""
        with self.page.expect_navigation():
            self.statuses.get_by_role("link", name=status, exact=True).click()

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

    def validate(self, operator: str, section: str) -> None:
        """Validate the activity of ``operator`` in ``section``."""
        self.show(ALL)
        button = self.activity(operator, section).get_by_role(
            "button", name=starting_with("Valider", "Validate")
        )
        with self.page.expect_navigation():
            button.click()
