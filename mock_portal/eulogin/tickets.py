"""CAS tickets: SSO sessions (``TGT-``), service and proxy tickets (``ST-``, ``PT-``),
proxy-granting tickets (``PGT-``), and spending a ticket at validation."""

import json
import re
import secrets
from dataclasses import dataclass

from flask import current_app

from .. import clock
from ..extensions import db
from .devices import Factor
from .models import Account, ProxyGrantingTicket, ServiceTicket, SsoSession

CAS_NAMESPACE = "http://www.yale.edu/tp/cas"
# What the specification allows in a ticket, at a length a database key can hold.
TICKET_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,80}$")


def new_ticket_id(prefix: str) -> str:
    # The specification allows [A-Za-z0-9-] only.
    return f"{prefix}-{secrets.token_hex(16)}-mock"


def known_form(ticket_id: str | None) -> bool:
    """Whether ``ticket_id`` is written as a ticket can be (and may be looked up)."""
    return bool(ticket_id) and TICKET_PATTERN.match(ticket_id) is not None


def _sign_in_record(factor: Factor) -> dict:
    """What a ticket keeps of the sign-in behind it: how strong, with which device."""
    device = factor.device
    return {
        "strength": factor.strength,
        "device_identifier": device.identifier if device else None,
        "device_name": device.name if device else None,
    }


def open_sso_session(account: Account, factor: Factor) -> SsoSession:
    """Start the single sign-on session kept in the browser's CASTGC cookie."""
    now = clock.now()
    sso = SsoSession(
        id=new_ticket_id("TGT"),
        account=account,
        created_at=now,
        authenticated_at=now,
        **_sign_in_record(factor),
    )
    db.session.add(sso)
    db.session.commit()
    return sso


def renewed_sso_session(previous: SsoSession, factor: Factor) -> SsoSession:
    """The same person signed in again with credentials (``renew``, a second factor): a new
    ticket-granting ticket replaces the browser's previous one, which serves no more, so
    that a copied cookie dies with it. The services signed in through the old one follow the
    session to its new id, so that signing out still signs them out."""
    sso = open_sso_session(previous.account, factor)
    for model in (ServiceTicket, ProxyGrantingTicket):
        db.session.execute(
            db.update(model)
            .where(model.sso_session_id == previous.id)
            .values(sso_session_id=sso.id)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(db.delete(SsoSession).where(SsoSession.id == previous.id))
    db.session.commit()
    return sso


def live_sso_session(sso_id: str | None) -> SsoSession | None:
    """The SSO session ``sso_id`` if it exists and has not expired."""
    sso = db.session.get(SsoSession, sso_id) if known_form(sso_id) else None
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
    """End an SSO session (sign-out), and the proxy-granting tickets granted within it."""
    if sso := db.session.get(SsoSession, sso_id) if known_form(sso_id) else None:
        db.session.execute(
            db.delete(ProxyGrantingTicket).where(ProxyGrantingTicket.sso_session_id == sso.id)
        )
        db.session.delete(sso)
        db.session.commit()


def _copied_sign_in(source) -> dict:
    return {
        "strength": source.strength,
        "device_identifier": source.device_identifier,
        "device_name": source.device_name,
    }


def issue_service_ticket(sso: SsoSession, service: str, from_new_login: bool) -> ServiceTicket:
    """Grant the SSO session's account a ticket for ``service``."""
    ticket = ServiceTicket(
        id=new_ticket_id("ST"),
        service=service,
        account=sso.account,
        sso_session_id=sso.id,
        created_at=clock.now(),
        from_new_login=from_new_login,
        authenticated_at=sso.authenticated_at,
        **_copied_sign_in(sso),
    )
    db.session.add(ticket)
    db.session.commit()
    return ticket


def grant_proxy_granting_ticket(ticket: ServiceTicket, proxy_url: str) -> ProxyGrantingTicket:
    """A PGT for the service at ``proxy_url``, on the sign-in behind ``ticket``."""
    pgt = ProxyGrantingTicket(
        id=new_ticket_id("PGT"),
        iou=new_ticket_id("PGTIOU"),
        proxy_url=proxy_url,
        account_id=ticket.account_id,
        sso_session_id=ticket.sso_session_id,
        created_at=clock.now(),
        authenticated_at=ticket.authenticated_at,
        **_copied_sign_in(ticket),
        proxies_json=ticket.proxies_json,
    )
    db.session.add(pgt)
    db.session.commit()
    return pgt


def forget(pgt: ProxyGrantingTicket) -> None:
    """Drop a PGT whose callback failed: nobody holds it."""
    db.session.delete(pgt)
    db.session.commit()


def live_proxy_granting_ticket(pgt_id: str | None) -> ProxyGrantingTicket | None:
    """The PGT ``pgt_id`` while its SSO session lasts."""
    if not known_form(pgt_id) or not pgt_id.startswith("PGT-"):
        return None
    pgt = db.session.get(ProxyGrantingTicket, pgt_id)
    if pgt is None or clock.now() - pgt.created_at > current_app.config["SSO_SESSION_LIFETIME"]:
        return None
    return pgt


def issue_proxy_ticket(pgt: ProxyGrantingTicket, target_service: str) -> ServiceTicket:
    """A ``PT-`` ticket for ``target_service``, its chain the PGT's proxy then its own."""
    ticket = ServiceTicket(
        id=new_ticket_id("PT"),
        service=target_service,
        account_id=pgt.account_id,
        sso_session_id=pgt.sso_session_id,
        created_at=clock.now(),
        from_new_login=False,
        authenticated_at=pgt.authenticated_at,
        **_copied_sign_in(pgt),
        proxies_json=json.dumps([pgt.proxy_url, *pgt.proxies]),
    )
    db.session.add(ticket)
    db.session.commit()
    return ticket


@dataclass
class ValidationFailure(Exception):
    """Why a ticket was refused, with the CAS error code."""

    code: str
    message: str


def spend_ticket(
    ticket_id: str | None, service: str | None, *, proxy_tickets: bool, renew: bool = False
) -> ServiceTicket:
    """Check and spend a ticket; raise ``ValidationFailure`` with the CAS code.

    ``proxy_tickets`` says whether the endpoint takes ``PT-`` tickets besides ``ST-``.
    """
    if not ticket_id or not service:
        raise ValidationFailure(
            "INVALID_REQUEST", "'service' and 'ticket' parameters are both required"
        )
    prefixes = ("ST-", "PT-") if proxy_tickets else ("ST-",)
    if not known_form(ticket_id) or not ticket_id.startswith(prefixes):
        kind = "a service or proxy ticket" if proxy_tickets else "a service ticket"
        raise ValidationFailure("INVALID_TICKET_SPEC", f"Ticket '{ticket_id[:100]}' is not {kind}")
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
    return ticket
