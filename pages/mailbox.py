"""The mock's mailbox (``/mailbox``), where every mail it sent can be read."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from playwright.sync_api import Page

from . import portal
from .i18n import either

# The slashes are escaped: Playwright writes the pattern into a /.../ selector as it is.
_ADDRESS = re.compile(r"^https?:\/\/")


class MailboxPage:
    """The list of captured mail, and one mail opened with its links."""

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=either("Boîte aux lettres", "Mailbox")
        )
        self.mail_links = page.get_by_role("table").get_by_role("link")
        self.no_mail = page.get_by_role("main").get_by_text(either("Aucun courrier.", "No mail."))
        self.mail = page.get_by_role("article")
        self.subject = self.mail.get_by_role("heading", level=1)
        self.link_in_mail = self.mail.get_by_role("link", name=_ADDRESS)

    def show_mail_for(self, address: str) -> None:
        """Open the mailbox filtered on ``address``, as its «Destinataire» filter does."""
        # Straight to the filtered address: clicking «Filtrer» would leave a moment where
        # the unfiltered list is still shown and another person's mail could be opened.
        self.page.goto(f"{portal.layout().mailbox_url()}?{urlencode({'to': address})}")

    def open_latest_mail(self, address: str) -> None:
        """Open the newest mail sent to ``address`` (the list shows the newest first)."""
        self.show_mail_for(address)
        self.mail_links.first.click()

    def follow_link(self) -> None:
        """Click the link written in the opened mail."""
        self.link_in_mail.click()

    def follow_link_in_latest_mail(self, address: str) -> None:
        """Open the newest mail sent to ``address`` and click its link."""
        self.open_latest_mail(address)
        self.follow_link()
