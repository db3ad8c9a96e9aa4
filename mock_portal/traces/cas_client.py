"""TRACES NT's side of CAS: validate the ticket EU Login sent back, read the XML.

By default the portal's own EU Login is called in-process through WSGI, which
works under any server (even a single-threaded one); with ``CAS_SERVER_URL``
set it is a plain HTTP client, so either side can be swapped for another
CAS implementation.
"""

import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from flask import current_app

from ..eulogin.tickets import CAS_NAMESPACE
from ..public_url import public_origin

_NS = {"cas": CAS_NAMESPACE}


@dataclass(frozen=True)
class Principal:
    """Who EU Login says signed in, with the attributes TRACES NT uses."""

    user: str
    email: str
    first_name: str
    last_name: str
    domain: str
    locale: str


class CasError(Exception):
    """EU Login refused the ticket, or its answer could not be read."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def _fetch(query: str) -> str:
    server = current_app.config["CAS_SERVER_URL"]
    if server:
        address = f"{server.rstrip('/')}/p3/serviceValidate?{query}"
        with urllib.request.urlopen(address, timeout=10) as response:
            return response.read().decode("utf-8")
    response = current_app.test_client().get(
        f"/cas/p3/serviceValidate?{query}", base_url=public_origin()
    )
    return response.get_data(as_text=True)


def parse_response(xml: str) -> Principal:
    """Read a CAS 3.0 ``serviceResponse``; raise ``CasError`` on a failure answer."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise CasError("INTERNAL_ERROR", f"unreadable answer from EU Login: {exc}") from exc
    failure = root.find("cas:authenticationFailure", _NS)
    if failure is not None:
        raise CasError(failure.get("code", "INTERNAL_ERROR"), (failure.text or "").strip())
    success = root.find("cas:authenticationSuccess", _NS)
    if success is None:
        raise CasError("INTERNAL_ERROR", "EU Login answered neither success nor failure")

    def attribute(name: str) -> str:
        return success.findtext(f"cas:attributes/cas:{name}", default="", namespaces=_NS)

    return Principal(
        user=success.findtext("cas:user", default="", namespaces=_NS),
        email=attribute("email"),
        first_name=attribute("firstName"),
        last_name=attribute("lastName"),
        domain=attribute("domain"),
        locale=attribute("locale"),
    )


def validate_ticket(ticket: str, service: str) -> Principal:
    """Ask EU Login who ``ticket`` belongs to."""
    return parse_response(_fetch(urlencode({"ticket": ticket, "service": service})))
