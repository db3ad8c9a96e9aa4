"""Validation answers: CAS 2.0 and 3.0 XML, their JSON form (``format=JSON``), and EU Login's
own dialect, where attributes sit directly under ``cas:authenticationSuccess`` and groups
come as ``cas:groups number="N"``."""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from .models import Account, ServiceTicket
from .tickets import CAS_NAMESPACE, ValidationFailure

# Characters XML 1.0 forbids even escaped: a ticket typed with one still gets readable XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return escape(_NOT_XML.sub("\N{REPLACEMENT CHARACTER}", str(value)))


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
        """The CAS 3.0 attributes, Appendix A's included, each a list of values."""
        account, ticket = self.account, self.ticket
        attributes = {
            "email": [account.email],
            "firstName": [account.first_name],
            "lastName": [account.last_name],
            "domain": [account.domain],
            "locale": [account.mail_language],
            # The time of the sign-in behind the ticket, not of this validation.
            "authenticationDate": [_iso(ticket.authenticated_at)],
            "longTermAuthenticationRequestTokenUsed": ["false"],
            "isFromNewLogin": ["true" if ticket.from_new_login else "false"],
            "authenticationMethod": [ticket.strength],
        }
        if account.group_names:
            attributes["groups"] = account.group_names
        return attributes

    def eu_login_details(self) -> list[tuple[str, str]]:
        """EU Login's own attributes, in its order."""
        account, ticket = self.account, self.ticket
        details = []
        if self.user_details:
            details += [
                ("email", account.email),
                ("firstName", account.first_name),
                ("lastName", account.last_name),
                ("domain", account.domain),
                ("domainUsername", account.uid),
                ("locale", account.mail_language),
                ("assuranceLevel", str(account.assurance_level)),
                ("uid", account.uid),
            ]
        details += [
            ("loginDate", _iso(ticket.authenticated_at)),
            ("sso", "false" if ticket.from_new_login else "true"),
            ("ticketType", self.ticket_type),
        ]
        return details


def failure_xml(failure: ValidationFailure) -> str:
    """The ``authenticationFailure`` answer with its code."""
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:authenticationFailure code={quoteattr(failure.code)}>{_text(failure.message)}"
        "</cas:authenticationFailure></cas:serviceResponse>"
    )


def _proxy_parts(success: Success) -> str:
    parts = ""
    if success.pgt_iou:
        parts += f"<cas:proxyGrantingTicket>{_text(success.pgt_iou)}</cas:proxyGrantingTicket>"
    if success.ticket.proxies:
        chain = "".join(
            f"<cas:proxy>{_text(proxy)}</cas:proxy>" for proxy in success.ticket.proxies
        )
        parts += f"<cas:proxies>{chain}</cas:proxies>"
    return parts


def success_xml(success: Success, with_attributes: bool) -> str:
    """CAS 2.0 (``with_attributes`` False) or 3.0 ``authenticationSuccess``."""
    attributes = ""
    if with_attributes:
        attributes = (
            "<cas:attributes>"
            + "".join(
                f"<cas:{name}>{_text(value)}</cas:{name}>"
                for name, values in success.cas3_attributes().items()
                for value in values
            )
            + "</cas:attributes>"
        )
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:authenticationSuccess><cas:user>{_text(success.account.uid)}</cas:user>"
        f"{attributes}{_proxy_parts(success)}</cas:authenticationSuccess></cas:serviceResponse>"
    )


def eu_login_xml(success: Success) -> str:
    """EU Login's dialect of ``authenticationSuccess``."""
    details = "".join(
        f"<cas:{name}>{_text(value)}</cas:{name}>" for name, value in success.eu_login_details()
    )
    groups = ""
    if success.groups is not None:
        members = "".join(f"<cas:group>{_text(name)}</cas:group>" for name in success.groups)
        groups = f'<cas:groups number="{len(success.groups)}">{members}</cas:groups>'
    strengths = (
        f'<cas:strengths number="1"><cas:strength>{_text(success.ticket.strength)}'
        "</cas:strength></cas:strengths>"
    )
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:authenticationSuccess><cas:user>{_text(success.account.uid)}</cas:user>"
        f"{details}{groups}{strengths}{_proxy_parts(success)}"
        "</cas:authenticationSuccess></cas:serviceResponse>"
    )


def _json(body: dict) -> str:
    return json.dumps({"serviceResponse": body}, ensure_ascii=False)


def failure_json(failure: ValidationFailure) -> str:
    """The JSON form of a failure, as Apereo CAS writes it."""
    return _json({"authenticationFailure": {"code": failure.code, "description": failure.message}})


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
    """The JSON form of EU Login's dialect: the same names, groups and strengths as lists."""
    body: dict = {"user": success.account.uid, **dict(success.eu_login_details())}
    if success.groups is not None:
        body["groups"] = success.groups
    body["strengths"] = [success.ticket.strength]
    return _json({"authenticationSuccess": body | _json_proxy_parts(success)})


def proxy_success(ticket_id: str, wanted: str) -> str:
    """``/proxy``'s answer with the new proxy ticket."""
    if wanted == "JSON":
        return _json({"proxySuccess": {"proxyTicket": ticket_id}})
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'><cas:proxySuccess>"
        f"<cas:proxyTicket>{_text(ticket_id)}</cas:proxyTicket></cas:proxySuccess>"
        "</cas:serviceResponse>"
    )


def proxy_failure(failure: ValidationFailure, wanted: str) -> str:
    """``/proxy``'s refusal with its code."""
    if wanted == "JSON":
        return _json({"proxyFailure": {"code": failure.code, "description": failure.message}})
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:proxyFailure code={quoteattr(failure.code)}>{_text(failure.message)}"
        "</cas:proxyFailure></cas:serviceResponse>"
    )
