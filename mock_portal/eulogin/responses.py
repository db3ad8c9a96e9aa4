"""Validation answers: CAS 2.0 and 3.0 XML in the specification's namespace, their JSON form
(``format=JSON``), and EU Login's own envelope.

EU Login's validation endpoints answer in their own namespace
(``https://ecas.ec.europa.eu/cas/schemas``), with ``server``, ``date`` and ``version`` on
``cas:serviceResponse``; the attributes sit directly under ``cas:authenticationSuccess``, in
the order of EU Login's schema: the user's details, groups, strengths, the authentication
factors, then the sign-in's date, SSO and ticket type. ``/serviceValidate`` and
``/p3/serviceValidate`` keep the Yale namespace, CAS 3.0's Appendix A attributes first.
The schemas of both, as this mock writes them, are in ``schemas/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree

from .. import clock
from .assurance import authentication_level
from .models import Account, ServiceTicket
from .tickets import CAS_NAMESPACE, ValidationFailure

ECAS_NAMESPACE = "https://ecas.ec.europa.eu/cas/schemas"
# The protocol version written on EU Login's envelope (its schema has the mobile device
# among the authentication factors since 5.8.0). An inference: the real value is not public.
ECAS_PROTOCOL_VERSION = "6.3.0"
SERVER = f"EU Login mock (TRACES NT BDD toolkit) - MOCK - {ECAS_PROTOCOL_VERSION}"

# Characters XML 1.0 forbids even escaped: a ticket typed with one still gets readable XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", str(value))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


@dataclass
class Success:
    """What a successful validation tells: who, how they signed in, the proxy chain."""

    account: Account
    ticket: ServiceTicket
    pgt_iou: str | None = None
    groups: list[str] | None = None  # None: not asked for
    user_details: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def ticket_type(self) -> str:
        return "PROXY" if self.ticket.is_proxy_ticket else "SERVICE"

    def cas3_attributes(self) -> dict[str, list[str]]:
        """The CAS 3.0 attributes, Appendix A's first in the order of the specification's
        schema, each a list of values."""
        account, ticket = self.account, self.ticket
        attributes = {
            # The time of the sign-in behind the ticket, not of this validation.
            "authenticationDate": [_iso(ticket.authenticated_at)],
            "longTermAuthenticationRequestTokenUsed": ["false"],
            "isFromNewLogin": ["true" if ticket.from_new_login else "false"],
            "email": [account.email],
            "firstName": [account.first_name],
            "lastName": [account.last_name],
            "domain": [account.domain],
            "locale": [account.mail_language],
            "authenticationMethod": [ticket.strength],
        }
        if account.group_names:
            attributes["groups"] = account.group_names
        return attributes

    def user_detail_values(self) -> list[tuple[str, str]]:
        """EU Login's user details (``userDetails=true``), in its schema's order."""
        if not self.user_details:
            return []
        account = self.account
        return [
            ("email", account.email),
            ("firstName", account.first_name),
            ("lastName", account.last_name),
            ("domain", account.domain),
            ("domainUsername", account.uid),
            ("locale", account.mail_language),
            ("assuranceLevel", str(account.assurance_level)),
            ("uid", account.uid),
        ]

    def mobile_device(self) -> dict[str, str] | None:
        """The device the sign-in was confirmed with, as it was then, if one was used."""
        ticket = self.ticket
        if ticket.device_identifier is None:
            return None
        return {
            "deviceName": ticket.device_name or "",
            "deviceIdentifier": ticket.device_identifier,
        }

    def sign_in_values(self) -> list[tuple[str, str]]:
        """When and how the sign-in behind the ticket happened, after the factors."""
        ticket = self.ticket
        return [
            ("loginDate", _iso(ticket.authenticated_at)),
            ("sso", "false" if ticket.from_new_login else "true"),
            ("ticketType", self.ticket_type),
        ]


class _Writer:
    """Elements of one namespace, written with the ``cas`` prefix. The prefix is written
    literally, with its ``xmlns:cas`` on the root: ElementTree's own prefix table is global,
    which threads serving two namespaces at once would race for."""

    def __init__(self, namespace: str):
        self.namespace = namespace

    def element(self, parent, name: str, text=None, **attributes) -> ElementTree.Element:
        tag = f"cas:{name}"
        made = ElementTree.Element(tag) if parent is None else ElementTree.SubElement(parent, tag)
        for key, value in attributes.items():
            made.set(key, _clean(value))
        if text is not None:
            made.text = _clean(text)
        return made

    def root(self) -> ElementTree.Element:
        root = self.element(None, "serviceResponse")
        root.set("xmlns:cas", self.namespace)
        if self.namespace == ECAS_NAMESPACE:
            root.set("server", SERVER)
            root.set("date", _iso(clock.now()))
            root.set("version", ECAS_PROTOCOL_VERSION)
        return root

    @staticmethod
    def text(root: ElementTree.Element) -> str:
        return ElementTree.tostring(root, encoding="unicode")


_YALE = _Writer(CAS_NAMESPACE)
_ECAS = _Writer(ECAS_NAMESPACE)


def _writer(dialect: bool) -> _Writer:
    return _ECAS if dialect else _YALE


def failure_xml(failure: ValidationFailure, dialect: bool = False) -> str:
    """The ``authenticationFailure`` answer with its code."""
    writer = _writer(dialect)
    root = writer.root()
    writer.element(root, "authenticationFailure", failure.message, code=failure.code)
    return writer.text(root)


def _proxy_parts(writer: _Writer, parent, success: Success, dialect: bool) -> None:
    if success.pgt_iou:
        if dialect:
            writer.element(parent, "proxyGrantingProtocol", "PGT_URL")
        writer.element(parent, "proxyGrantingTicket", success.pgt_iou)
    if success.ticket.proxies:
        counted = {"number": str(len(success.ticket.proxies))} if dialect else {}
        chain = writer.element(parent, "proxies", **counted)
        for proxy in success.ticket.proxies:
            writer.element(chain, "proxy", proxy)


def success_xml(success: Success, with_attributes: bool) -> str:
    """CAS 2.0 (``with_attributes`` False) or 3.0 ``authenticationSuccess``."""
    root = _YALE.root()
    body = _YALE.element(root, "authenticationSuccess")
    _YALE.element(body, "user", success.account.uid)
    if with_attributes:
        attributes = _YALE.element(body, "attributes")
        for name, values in success.cas3_attributes().items():
            for value in values:
                _YALE.element(attributes, name, value)
    _proxy_parts(_YALE, body, success, dialect=False)
    return _YALE.text(root)


def eu_login_xml(success: Success) -> str:
    """EU Login's own ``authenticationSuccess``, in its namespace and order."""
    root = _ECAS.root()
    body = _ECAS.element(root, "authenticationSuccess")
    _ECAS.element(body, "user", success.account.uid)
    for name, value in success.user_detail_values():
        _ECAS.element(body, name, value)
    if success.groups is not None:
        groups = _ECAS.element(body, "groups", number=str(len(success.groups)))
        for name in success.groups:
            _ECAS.element(groups, "group", name)
    strengths = _ECAS.element(body, "strengths", number="1")
    _ECAS.element(strengths, "strength", success.ticket.strength)
    device = success.mobile_device()
    factors = _ECAS.element(body, "authenticationFactors", number=str(1 + (device is not None)))
    _ECAS.element(factors, "moniker", success.account.email)
    if device is not None:
        described = _ECAS.element(factors, "mobileDevice")
        for name, value in device.items():
            _ECAS.element(described, name, value)
    for name, value in success.sign_in_values():
        _ECAS.element(body, name, value)
    _proxy_parts(_ECAS, body, success, dialect=True)
    return _ECAS.text(root)


def _json(body: dict, dialect: bool = False) -> str:
    if dialect:
        body = {
            "server": SERVER,
            "date": _iso(clock.now()),
            "version": ECAS_PROTOCOL_VERSION,
        } | body
    return json.dumps({"serviceResponse": body}, ensure_ascii=False)


def failure_json(failure: ValidationFailure, dialect: bool = False) -> str:
    """The JSON form of a failure, as Apereo CAS writes it."""
    return _json(
        {"authenticationFailure": {"code": failure.code, "description": failure.message}}, dialect
    )


def _json_proxy_parts(success: Success) -> dict:
    parts = {}
    if success.pgt_iou:
        parts["proxyGrantingTicket"] = success.pgt_iou
    if success.ticket.proxies:
        parts["proxies"] = success.ticket.proxies
    return parts


def success_json(success: Success, with_attributes: bool) -> str:
    """The JSON form of a CAS 2.0 or 3.0 success."""
    body = {"user": success.account.uid}
    if with_attributes:
        body["attributes"] = success.cas3_attributes()
    return _json({"authenticationSuccess": body | _json_proxy_parts(success)})


def eu_login_json(success: Success) -> str:
    """The JSON form of EU Login's envelope: the same names, groups, strengths and factors as
    lists and objects, and the authentication level the sign-in reached."""
    body: dict = {"user": success.account.uid, **dict(success.user_detail_values())}
    if success.groups is not None:
        body["groups"] = success.groups
    body["strengths"] = [success.ticket.strength]
    factors: dict = {"moniker": success.account.email}
    if device := success.mobile_device():
        factors["mobileDevice"] = device
    body["authenticationFactors"] = factors
    body["authenticationLevel"] = authentication_level(success.ticket.strength)
    body |= dict(success.sign_in_values())
    return _json({"authenticationSuccess": body | _json_proxy_parts(success)}, dialect=True)


def proxy_success(ticket_id: str, wanted: str) -> str:
    """``/proxy``'s answer with the new proxy ticket."""
    if wanted == "JSON":
        return _json({"proxySuccess": {"proxyTicket": ticket_id}})
    root = _YALE.root()
    _YALE.element(_YALE.element(root, "proxySuccess"), "proxyTicket", ticket_id)
    return _YALE.text(root)


def proxy_failure(failure: ValidationFailure, wanted: str) -> str:
    """``/proxy``'s refusal with its code."""
    if wanted == "JSON":
        return _json({"proxyFailure": {"code": failure.code, "description": failure.message}})
    root = _YALE.root()
    _YALE.element(root, "proxyFailure", failure.message, code=failure.code)
    return _YALE.text(root)
