"""CAS single logout: tell each service a ticket was granted to that the user left.

EU Login posts a SAML ``LogoutRequest`` naming the service ticket to the service's
address; the service ends the session it opened with that ticket. A service that does
not answer is not waited for long: signing out must work, so the number of requests
and the time spent on them are both bounded.
"""

import logging
import secrets
import time
import urllib.request
from urllib.parse import urlencode, urlsplit
from xml.sax.saxutils import escape

from flask import current_app

from .. import clock
from ..public_url import public_origin
from .models import ServiceTicket

log = logging.getLogger(__name__)
# A browser that opened hundreds of services in one session still signs out promptly.
MAX_LOGOUT_REQUESTS = 50
_TIMEOUT_SECONDS = 2
_TOTAL_SECONDS = 6


def logout_request_xml(ticket_id: str) -> str:
    """The SAML 2 ``LogoutRequest`` for one service ticket."""
    issued = clock.now().isoformat(timespec="seconds") + "Z"
    return (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="LR-{secrets.token_hex(8)}" Version="2.0" IssueInstant="{issued}">'
        "<saml:NameID>@NOT_USED@</saml:NameID>"
        f"<samlp:SessionIndex>{escape(ticket_id)}</samlp:SessionIndex>"
        "</samlp:LogoutRequest>"
    )


def _post(service: str, body: dict, timeout: float) -> None:
    parts = urlsplit(service)
    own = public_origin()
    if f"{parts.scheme}://{parts.netloc}" == own:
        # A service of this very portal: call it in-process, which needs no second thread.
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        current_app.test_client().post(path, data=body, base_url=own)
        return
    data = urlencode(body).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(service, data=data), timeout=timeout).close()
    except (OSError, ValueError) as error:
        log.warning("single logout to %s failed: %s", service, error)


def send_logout_requests(tickets: list[ServiceTicket]) -> None:
    """Post a ``LogoutRequest`` to the service of each ticket that was validated, newest
    first, within ``MAX_LOGOUT_REQUESTS`` requests and a few seconds in all."""
    deadline = time.monotonic() + _TOTAL_SECONDS
    validated = [ticket for ticket in reversed(tickets) if ticket.consumed]
    for ticket in validated[:MAX_LOGOUT_REQUESTS]:
        left = deadline - time.monotonic()
        if left <= 0:
            log.warning("single logout stopped: services took too long to answer")
            return
        body = {"logoutRequest": logout_request_xml(ticket.id)}
        _post(ticket.service, body, timeout=min(_TIMEOUT_SECONDS, left))
