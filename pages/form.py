"""Any form of the portal, seen field by field: each error is tied to its field."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from .i18n import label as label_pattern


class FormFields:
    """The fields of the form on the current screen, found by their visible label."""

    def __init__(self, page: Page):
        self.page = page

    def field(self, label: str) -> Locator:
        """The field labelled ``label`` (whole label, mandatory mark aside).

        Its error message is its accessible description (``aria-describedby``).
        """
        return self.page.get_by_label(label_pattern(label))
