"""CAS tickets: SSO sessions, service tickets and their validation (CAS 1.0, 2.0, 3.0)."""

import re
import secrets
from dataclasses import dataclass
from xml.sax.saxutils import escape

from flask import current_app

from .. import clock
from ..extensions import db
from .models import Account, ServiceTicket, SsoSession

CAS_NAMESPACE = "http://www.yale.edu/tp/cas"
# What the specification allows in a ticket, at a length a database key can hold.
TICKET_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,80}$")
# Characters XML 1.0 forbids even escaped: a ticket typed with one still gets readable XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _ticket_id(prefix: str) -> str:
    # The specification allows [A-Za-z0-9-] only.
    return f"{prefix}-{secrets.token_hex(16)}-mock"


def open_sso_session(account: Account) -> SsoSession:
    """Start the single sign-on session kept in the browser's CASTGC cookie."""
    sso = SsoSession(id=_ticket_id("TGT"), account=account, created_at=clock.now())
    db.session.add(sso)
    db.session.commit()
    return sso


def _known_form(ticket_id: str | None) -> bool:
    return bool(ticket_id) and TICKET_PATTERN.match(ticket_id) is not None


def live_sso_session(sso_id: str | None) -> SsoSession | None:
    """The SSO session ``sso_id`` if it exists and has not expired."""
    sso = db.session.get(SsoSession, sso_id) if _known_form(sso_id) else None
    if sso and clock.now() - sso.created_at > current_app.config["SSO_SESSION_LIFETIME"]:
        return None
    return sso


def tickets_of(sso_id: str) -> list[ServiceTicket]:
    """The service tickets granted from an SSO session, oldest first."""
    return list(
        db.session.scalars(
            db.select(ServiceTicket)
            .where(ServiceTicket.sso_session_id == sso_id)
            .order_by(ServiceTicket.created_at)
        )
    )


def close_sso_session(sso_id: str | None) -> None:
    """End an SSO session (sign-out)."""
    if sso := db.session.get(SsoSession, sso_id) if _known_form(sso_id) else None:
        db.session.delete(sso)
        db.session.commit()


def issue_service_ticket(sso: SsoSession, service: str, from_new_login: bool) -> ServiceTicket:
    """Grant the SSO session's account a ticket for ``service``."""
    ticket = ServiceTicket(
        id=_ticket_id("ST"),
        service=service,
        account=sso.account,
        sso_session_id=sso.id,
        created_at=clock.now(),
        from_new_login=from_new_login,
    )
    db.session.add(ticket)
    db.session.commit()
    return ticket


@dataclass
class ValidationFailure(Exception):
    """Why a ticket was refused, with the CAS error code."""

    code: str
    message: str


def validate_service_ticket(
    ticket_id: str | None, service: str | None, renew: bool = False
) -> Account:
    """Check and spend a service ticket; raise ``ValidationFailure`` with the CAS code."""
    if not ticket_id or not service:
        raise ValidationFailure(
            "INVALID_REQUEST", "'service' and 'ticket' parameters are both required"
        )
    if not ticket_id.startswith("ST-") or not _known_form(ticket_id):
        raise ValidationFailure(
            "INVALID_TICKET_SPEC", f"Ticket '{ticket_id[:100]}' is not a service ticket"
        )
    # A ticket is spent by any validation attempt, successful or not; of two validations
    # at the same moment, only the one that spends it may succeed.
    spent = db.session.execute(
        db.update(ServiceTicket)
        .where(ServiceTicket.id == ticket_id, ServiceTicket.consumed.is_(False))
        .values(consumed=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    ticket = db.session.get(ServiceTicket, ticket_id) if spent == 1 else None
    if ticket is None:
        raise ValidationFailure("INVALID_TICKET", f"Ticket '{ticket_id}' not recognized")
    if clock.now() - ticket.created_at > current_app.config["SERVICE_TICKET_LIFETIME"]:
        raise ValidationFailure("INVALID_TICKET", f"Ticket '{ticket_id}' has expired")
    if ticket.service != service:
        raise ValidationFailure(
            "INVALID_SERVICE", f"Ticket '{ticket_id}' does not match supplied service"
        )
    if renew and not ticket.from_new_login:
        raise ValidationFailure(
            "INVALID_TICKET", f"Ticket '{ticket_id}' was not issued from a new sign-in"
        )
    return ticket.account


def success_xml(account: Account, with_attributes: bool) -> str:
    """The ``authenticationSuccess`` answer, with the CAS 3.0 attributes if asked."""
    attributes = ""
    if with_attributes:
        values = {
            "email": account.email,
            "firstName": account.first_name,
            "lastName": account.last_name,
            "domain": account.domain,
            "locale": account.mail_language,
            "authenticationDate": clock.now().isoformat(timespec="seconds") + "Z",
        }
        attributes = (
            "<cas:attributes>"
            + "".join(f"<cas:{name}>{escape(value)}</cas:{name}>" for name, value in values.items())
            + "</cas:attributes>"
        )
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:authenticationSuccess><cas:user>{escape(account.uid)}</cas:user>"
        f"{attributes}</cas:authenticationSuccess></cas:serviceResponse>"
    )


def failure_xml(failure: ValidationFailure) -> str:
    """The ``authenticationFailure`` answer with its code."""
    message = _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", failure.message)
    return (
        f"<cas:serviceResponse xmlns:cas='{CAS_NAMESPACE}'>"
        f"<cas:authenticationFailure code='{failure.code}'>{escape(message)}"
        "</cas:authenticationFailure></cas:serviceResponse>"
    )
