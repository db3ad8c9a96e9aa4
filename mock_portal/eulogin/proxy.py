"""CAS proxy authentication: the proxy callback (``pgtUrl``) and what it may be.

A service validating with ``pgtUrl`` asks for a proxy-granting ticket. EU Login calls
that address with the PGT and its IOU, and answers the validation with the IOU only
if the callback answered 200 (CAS 3.0, 2.5.4). Since EU Login itself makes that request,
the callback must be a registered service (never an arbitrary address) and HTTPS; plain
HTTP is accepted on loopback only, for services on the same machine.
"""

import ipaddress
import logging
import urllib.request
from urllib.parse import urlsplit

from ..guards import has_control_characters
from .models import ProxyGrantingTicket
from .services import MAX_SERVICE_LENGTH, is_registered, with_query

log = logging.getLogger(__name__)
_CALLBACK_TIMEOUT_SECONDS = 3


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def callback_problem(pgt_url: str) -> str | None:
    """Why ``pgt_url`` cannot receive a PGT, or None if it can."""
    if len(pgt_url) > MAX_SERVICE_LENGTH or has_control_characters(pgt_url):
        return "The proxy callback is not an address"
    parts = urlsplit(pgt_url)
    if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return "The proxy callback must be an https address (http on loopback only)"
    if not is_registered(pgt_url):
        return f"The proxy callback {pgt_url} is not a registered service"
    return None


def deliver(pgt: ProxyGrantingTicket) -> bool:
    """Call the proxy callback with the PGT and its IOU; whether it answered 200."""
    address = with_query(pgt.proxy_url, pgtIou=pgt.iou, pgtId=pgt.id)
    try:
        # The callback's redirects are not followed: it must answer for itself.
        opener = urllib.request.build_opener(_NoRedirect)
        with opener.open(address, timeout=_CALLBACK_TIMEOUT_SECONDS) as answer:
            return answer.status == 200
    except (OSError, ValueError) as error:
        log.info("proxy callback %s failed: %s", pgt.proxy_url, error)
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
