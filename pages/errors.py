"""The portal's error page: «Erreur 403» and the reason for the refusal."""

from __future__ import annotations

from playwright.sync_api import Page

from .i18n import starting_with


class ErrorPage:
    """ "Erreur <code>", with the sentence that says why."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=starting_with("Erreur", "Error"))
        self.reason = page.get_by_role("main").get_by_role("alert")

    def open(self, address: str) -> None:
        """Go to ``address``, as someone following a link they were given."""
        self.page.goto(address)
