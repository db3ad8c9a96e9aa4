"""A small client of the portal's test-control API (``/__admin``, on with ``--admin``).

It lets scenarios create accounts, read captured mail and age password links without
going through the browser; each touches only the scenario's own data, so that scenarios
can share one portal. (Resetting the portal or moving its clock touches everybody's.)
"""

from __future__ import annotations

import json
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
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

    def is_available(self) -> bool:
        """Whether the control API answers (the portal runs with --admin)."""
        try:
            self._call("GET", "/__admin/")
        except ControlApiError:
            return False
        return True

    def reset(self) -> dict:
        """Restore the seeded state: data, mail and clock."""
        return self._call("POST", "/__admin/reset")

    def advance_clock(self, minutes: float) -> dict:
        """Move the portal's clock ``minutes`` ahead; every expiry reads that clock."""
        return self._call("POST", "/__admin/clock", {"advance_minutes": minutes})

    def age_password_links(self, email: str, minutes: float) -> dict:
        """Make the password links of ``email`` ``minutes`` older; nobody else's time moves."""
        return self._call(
            "POST", f"/__admin/users/{quote(email)}/password-links/age", {"minutes": minutes}
        )

    def age_sign_in_requests(self, email: str, minutes: float) -> dict:
        """Make the sign-in requests ``email`` sent to its EU Login Mobile App ``minutes`` older:
        one left unanswered expires, nobody else's time moves."""
        return self._call(
            "POST", f"/__admin/users/{quote(email)}/sign-in-requests/age", {"minutes": minutes}
        )

    def add_device(self, email: str, name: str, pin: str) -> dict:
        """Give ``email`` a mobile device, as «Add a mobile device» and the app would: its key,
        and the cookie of the app's installation that holds it."""
        return self._call(
            "POST", f"/__admin/users/{quote(email)}/devices", {"name": name, "pin": pin}
        )

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

    # -- Preconditions: the state the screens would leave, in one call ----------------

    def validate_role(
        self, environment: str, email: str, operator: str, country: str, authority: str
    ) -> dict:
        """``email`` (signed in there once) gets the Operator role of ``operator``, asked for
        and validated by the authority ``authority``, with the mail that tells it."""
        body = {"email": email, "operator": operator, "country": country, "authority": authority}
        return self._call("POST", f"/__admin/environments/{environment}/roles", body)

    def create_company(
        self,
        environment: str,
        email: str,
        details: dict,
        section: str,
        activity_type: str,
        authority: str,
    ) -> dict:
        """``email`` creates the company ``details`` with its first activity; ``authority``
        validates the role it asked for. Answers the role and the operator's id."""
        body = {
            "email": email,
            "operator": details,
            "section": section,
            "activity_type": activity_type,
            "authority": authority,
        }
        return self._call("POST", f"/__admin/environments/{environment}/operators", body)

    def add_activity(
        self, environment: str, operator: str, country: str, section: str, activity_type: str
    ) -> dict:
        """The operator gets the activity (section by code or label, type by name), new."""
        body = {
            "operator": operator,
            "country": country,
            "section": section,
            "activity_type": activity_type,
        }
        return self._call("POST", f"/__admin/environments/{environment}/activities", body)

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
