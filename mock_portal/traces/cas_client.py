"""TRACES NT's side of CAS: validate the ticket EU Login sent back, read the XML.

As EU Login's own clients do, TRACES NT validates at ``/laxValidate`` with
``userDetails``, ``groups`` and ``ticketTypes``, and reads EU Login's envelope (its own
namespace, the attributes directly under ``cas:authenticationSuccess``); an environment
that asks for two factors adds ``authenticationLevel=MEDIUM``. The reader also takes CAS
3.0's answer (the specification's namespace, ``cas:attributes``), so that
``CAS_VALIDATION_PATH`` can point at a standard endpoint; an answer in any other namespace
is refused, as EU Login's clients refuse it.

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

from ..eulogin.responses import ECAS_NAMESPACE
from ..eulogin.tickets import CAS_NAMESPACE
from ..public_url import public_origin

# EU Login's own envelope, and the CAS specification's.
NAMESPACES = (ECAS_NAMESPACE, CAS_NAMESPACE)


@dataclass(frozen=True)
class Principal:
    """Who EU Login says signed in, with the attributes TRACES NT uses."""

    user: str
    email: str
    first_name: str
    last_name: str
    domain: str
    locale: str
    groups: tuple[str, ...] = ()


class CasError(Exception):
    """EU Login refused the ticket, or its answer could not be read."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def _fetch(query: str) -> str:
    server = current_app.config["CAS_SERVER_URL"]
    path = current_app.config["CAS_VALIDATION_PATH"].strip("/")
    if server:
        address = f"{server.rstrip('/')}/{path}?{query}"
        with urllib.request.urlopen(address, timeout=10) as response:
            return response.read().decode("utf-8")
    response = current_app.test_client().get(f"/cas/{path}?{query}", base_url=public_origin())
    return response.get_data(as_text=True)


def parse_response(xml: str) -> Principal:
    """Read a CAS 3.0 ``serviceResponse``; raise ``CasError`` on a failure answer."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise CasError("INTERNAL_ERROR", f"unreadable answer from EU Login: {exc}") from exc
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace not in NAMESPACES or root.tag != f"{{{namespace}}}serviceResponse":
        raise CasError(
            "INTERNAL_ERROR", f"EU Login answered {root.tag[:200]!r}, not a CAS serviceResponse"
        )
    ns = {"cas": namespace}
    failure = root.find("cas:authenticationFailure", ns)
    if failure is not None:
        raise CasError(failure.get("code", "INTERNAL_ERROR"), (failure.text or "").strip())
    success = root.find("cas:authenticationSuccess", ns)
    if success is None:
        raise CasError("INTERNAL_ERROR", "EU Login answered neither success nor failure")

    def attribute(name: str) -> str:
        # EU Login's dialect first, CAS 3.0's wrapper second.
        found = success.findtext(f"cas:{name}", default=None, namespaces=ns)
        if found is None:
            found = success.findtext(f"cas:attributes/cas:{name}", default="", namespaces=ns)
        return found

    groups = [g.text or "" for g in success.findall("cas:groups/cas:group", ns)]

    return Principal(
        user=success.findtext("cas:user", default="", namespaces=ns),
        email=attribute("email"),
        first_name=attribute("firstName"),
        last_name=attribute("lastName"),
        domain=attribute("domain"),
        locale=attribute("locale"),
        groups=tuple(groups),
    )


def validate_ticket(ticket: str, service: str, two_factors: bool = False) -> Principal:
    """Ask EU Login who ``ticket`` belongs to (and that they used two factors, if asked)."""
    query = {
        "ticket": ticket,
        "service": service,
        "userDetails": "true",
        "groups": "*",
        "ticketTypes": "SERVICE",
    }
    if two_factors:
        query["authenticationLevel"] = "MEDIUM"
    return parse_response(_fetch(urlencode(query)))
