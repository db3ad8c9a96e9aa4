"""Where the portal's parts live: EU Login, each TRACES NT environment, the mailbox, the phone.

By default every part is a path on one origin, the browser context's ``base_url``, laid
out as on this mock (and, path for path, as on the real portals: ``/cas``, ``/tracesnt``).
A target profile or ``--eu-login-url`` gives absolute addresses instead, for a portal
whose EU Login lives on another host, as the real ones do. The suite sets the layout once
per process (each pytest-xdist worker), before any page object is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The mock's layout: TRACES NT environments by code, each at its own path.
MOCK_ENVIRONMENTS = {
    "production": "/tracesnt",
    "training": "/training/tracesnt",
    "acceptance": "/acceptance/tracesnt",
}


@dataclass(frozen=True)
class PortalLayout:
    """Base addresses of the portal's parts; relative ones follow the context's base URL."""

    eu_login: str = "/cas"
    environments: dict[str, str] = field(default_factory=lambda: dict(MOCK_ENVIRONMENTS))
    # Only the mock has a mailbox that a browser can read; a real portal sends real mail.
    mailbox: str | None = "/mailbox/"
    # Only the mock serves the EU Login Mobile App as a page; a real one runs on a phone.
    mobile_app: str | None = "/mobile-app/"

    def eu_login_url(self, path: str) -> str:
        """EU Login's ``path`` (``/login``)."""
        return f"{self.eu_login.rstrip('/')}{path}"

    def environment_url(self, code: str, path: str) -> str:
        """``path`` of the TRACES NT environment ``code`` (production, training, acceptance)."""
        try:
            base = self.environments[code]
        except KeyError:
            known = ", ".join(self.environments)
            raise ValueError(
                f"The portal under test has no TRACES NT environment {code!r} (it has: {known})."
            ) from None
        return f"{base.rstrip('/')}{path}"

    def mailbox_url(self) -> str:
        """The mailbox's address; a portal without one cannot play the mail steps."""
        if self.mailbox is None:
            raise LookupError(
                "The portal under test has no mailbox a browser can read: scenarios that read "
                "mail run against the mock only."
            )
        return self.mailbox

    def mobile_app_url(self) -> str:
        """The phone page's address; a portal without one cannot play the app's steps."""
        if self.mobile_app is None:
            raise LookupError(
                "The portal under test serves no EU Login Mobile App page: scenarios that play "
                "the phone run against the mock only."
            )
        return self.mobile_app


_current = PortalLayout()


def use(layout: PortalLayout) -> None:
    """Make ``layout`` the one every page object of this process goes to."""
    global _current
    _current = layout


def layout() -> PortalLayout:
    """The layout of the portal under test."""
    return _current
