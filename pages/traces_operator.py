"""TRACES NT screens of part III of the guide: an operator's page and «+ Ajouter une activité»."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from .i18n import either, ending_with
from .i18n import label as label_pattern
from .traces_nt import environment_url
from .traces_roles import ActivityChoice


class OperatorPage:
    """An operator's page: panels «Operator Details», «Activités d'opérateur», «Utilisateurs»."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1)
        # The saved-activity message, or the notice of a role that is not valid yet.
        self.notice = page.get_by_role("main").get_by_role("status")
        self.details = page.get_by_role(
            "region", name=either("Operator Details", "Operator details")
        )
        self.activities = page.get_by_role(
            "region", name=either("Activités d'opérateur", "Operator activities")
        )
        self.users = page.get_by_role("region", name=either("Utilisateurs", "Users"))
        self.country_shown = self.details.get_by_label(
            label_pattern("Pays", "Country")
        ).get_by_role("option", selected=True)
        self.add_activity_link = self.activities.get_by_role(
            "link", name=either("+ Ajouter une activité", "+ Add activity")
        )

    def open(self, operator_id: int, environment: str = "Production") -> None:
        """Go straight to the page of the operator ``operator_id``."""
        self.page.goto(environment_url(environment, f"/operators/{operator_id}"))

    def panel(self, title: str) -> Locator:
        """The panel headed ``title``."""
        return self.page.get_by_role("region", name=title, exact=True)

    def field(self, *labels: str) -> Locator:
        """The field labelled with any of ``labels`` (its French and English labels, say) in
        «Operator Details»."""
        return self.details.get_by_label(label_pattern(*labels))

    def activity(self, section: str) -> Locator:
        """The row of the activity in ``section`` (as listed: «… (EUPO)»)."""
        return self.activities.get_by_role("row").filter(
            has=self.page.get_by_role("cell", name=section, exact=True)
        )

    def activity_status(self, section: str) -> Locator:
        """The «Statut» cell of the activity in ``section``."""
        return self.activity(section).get_by_role("cell").last

    def add_activity(self) -> None:
        """Click «+ Ajouter une activité»."""
        self.add_activity_link.click()


class NewActivityPage:
    """ "+ Ajouter une activité": a section, its activity type and, if needed, an identifier."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=ending_with("Ajouter une activité", "Add activity")
        )
        self.activity = ActivityChoice(page)
        self.identifier = page.get_by_label(label_pattern("Identifiant", "Identifier"))
        self.save_button = page.get_by_role("main").get_by_role(
            "button", name=either("Enregistrer", "Save")
        )

    def save(self) -> None:
        """Click «Enregistrer»."""
        with self.page.expect_navigation():
            self.save_button.click()
