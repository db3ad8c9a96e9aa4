"""A small client of the portal's test-control API (``/__admin``, on with ``--admin``).

It lets scenarios reset the portal, move its clock, read captured mail and create
accounts without going through the browser.
"""

from __future__ import annotations

import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

_TIMEOUT_SECONDS = 10
# The control API refuses changes without it (or a JSON body): a cross-site form cannot send it.
CONTROL_HEADER = "X-Mock-Portal-Control"


class ControlApiError(RuntimeError):
    """The control API refused a request or could not be reached."""


class PortalControl:
    """The portal under test: its base URL and its control API."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"PortalControl({self.base_url!r})"

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on the portal."""
        return f"{self.base_url}{path}"

    def check_available(self) -> None:
        """Raise ``ControlApiError`` unless the control API answers (portal started with --admin)."""
        try:
            self._call("GET", "/__admin/")
        except ControlApiError as exc:
            raise ControlApiError(
                f"The portal at {self.base_url} has no usable control API ({exc}). "
                "Start it with `python -m mock_portal --admin`."
            ) from None

    def reset(self) -> dict:
        """Restore the seeded state: data, mail and clock."""
        return self._call("POST", "/__admin/reset")

    def advance_clock(self, minutes: float) -> dict:
        """Move the portal's clock ``minutes`` ahead; every expiry reads that clock."""
        return self._call("POST", "/__admin/clock", {"advance_minutes": minutes})

    def mails(self, to: str | None = None) -> list[dict]:
        """Captured mail, oldest first, optionally only the mail sent to ``to``."""
        query = f"?{urlencode({'to': to})}" if to else ""
        return self._call("GET", f"/__admin/mails{query}")["mails"]

    def create_user(
        self,
        email: str,
        first_name: str,
        last_name: str,
        password: str,
        mail_language: str = "fr",
    ) -> dict:
        """Create an activated EU Login account, for scenarios that do not test registration."""
        return self._call(
            "POST",
            "/__admin/users",
            {
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "password": password,
                "mail_language": mail_language,
            },
        )

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = Request(self.url(path), data=data, method=method)
        request.add_header(CONTROL_HEADER, "1")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
                return json.loads(response.read() or b"{}")
        except HTTPError as exc:
            detail = exc.read().decode(errors="replace").strip()
            raise ControlApiError(f"{method} {path} answered {exc.code}: {detail}") from None
        except URLError as exc:
            raise ControlApiError(f"{method} {path} failed: {exc.reason}") from None
