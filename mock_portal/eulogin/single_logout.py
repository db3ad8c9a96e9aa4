"""CAS single logout: tell each service a ticket was granted to that the user left.

EU Login posts a SAML ``LogoutRequest`` naming the service ticket to the
service's address; the service ends the session it opened with that ticket.
A service that does not answer is not waited for long: signing out must work.
"""

import logging
import secrets
import urllib.request
from urllib.parse import urlencode, urlsplit
from xml.sax.saxutils import escape

from flask import current_app, request

from .. import clock
from .models import ServiceTicket

log = logging.getLogger(__name__)


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


def _post(service: str, body: dict) -> None:
    parts = urlsplit(service)
    if parts.netloc == request.host:
        # A service of this very portal: call it in-process, which needs no second thread.
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        current_app.test_client().post(path, data=body)
        return
    data = urlencode(body).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(service, data=data), timeout=3).close()
    except OSError as error:
        log.warning("single logout to %s failed: %s", service, error)


def send_logout_requests(tickets: list[ServiceTicket]) -> None:
    """Post a ``LogoutRequest`` to the service of each ticket that was validated."""
    for ticket in tickets:
        if ticket.consumed:
            _post(ticket.service, {"logoutRequest": logout_request_xml(ticket.id)})
