"""The validation endpoints: CAS 1.0, 2.0 and 3.0 (service and proxy validation, ``/proxy``),
and EU Login's own (``/laxValidate`` ... ``/strictValidate``) with their assurance levels.

Every one answers in its protocol whatever it is sent (a failure code, never an HTML
page), in XML or, with ``format=JSON``, in JSON; EU Login's own answer in its envelope
(``responses.ECAS_NAMESPACE``), their failures included.
"""

from collections.abc import Callable
from pathlib import Path

from flask import Response, request, send_from_directory

from ..guards import answers_any_text
from . import bp, proxy
from .assurance import LEVEL_NAMES, VALIDATION_LEVELS, accepted_strengths
from .responses import (
    Success,
    eu_login_json,
    eu_login_xml,
    failure_json,
    failure_xml,
    proxy_failure,
    proxy_success,
    success_json,
    success_xml,
)
from .services import is_registered
from .tickets import (
    ValidationFailure,
    forget,
    grant_proxy_granting_ticket,
    issue_proxy_ticket,
    live_proxy_granting_ticket,
    spend_ticket,
)

MAX_GROUPS_ASKED = 100


def _present(name: str) -> bool:
    # CAS 3.0: renew counts as set whatever its value.
    return name in request.args


def _format() -> str:
    """XML or JSON, or a failure for a format CAS does not define."""
    wanted = request.args.get("format", "XML").upper()
    if wanted not in {"XML", "JSON"}:
        raise ValidationFailure("INVALID_REQUEST", f"Unsupported format {wanted[:20]!r}")
    return wanted


def _answer(body: str, wanted: str) -> Response:
    mimetype = "application/json" if wanted == "JSON" else "application/xml"
    return Response(body, mimetype=mimetype)


def _failure(failure: ValidationFailure, wanted: str, dialect: bool = False) -> Response:
    if wanted == "JSON":
        return _answer(failure_json(failure, dialect), wanted)
    return _answer(failure_xml(failure, dialect), "XML")


def _check_strength(success: Success) -> None:
    accepted = accepted_strengths(
        request.args.get("authenticationLevel"), request.args.get("acceptStrengths")
    )
    if success.ticket.strength not in accepted:
        raise ValidationFailure(
            "INVALID_AUTHENTICATION_CONTEXT",
            f"The sign-in behind ticket '{success.ticket.id}' was made with "
            f"{success.ticket.strength}, which this validation does not accept",
        )


def _grant_pgt(success: Success) -> None:
    pgt_url = request.args.get("pgtUrl")
    if not pgt_url:
        return
    if problem := proxy.callback_problem(pgt_url):
        raise ValidationFailure("INVALID_PROXY_CALLBACK", problem)
    pgt = grant_proxy_granting_ticket(success.ticket, pgt_url)
    if proxy.deliver(pgt):
        success.pgt_iou = pgt.iou
    else:
        # CAS 3.0: the validation still succeeds, without a PGT.
        forget(pgt)


def _validated(proxy_tickets: bool) -> Success:
    ticket = spend_ticket(
        request.args.get("ticket"),
        request.args.get("service"),
        proxy_tickets=proxy_tickets,
        renew=_present("renew"),
    )
    success = Success(account=ticket.account, ticket=ticket)
    _check_strength(success)
    return success


def _standard(proxy_tickets: bool, with_attributes: bool) -> Response:
    wanted = "XML"
    try:
        wanted = _format()
        success = _validated(proxy_tickets)
        _grant_pgt(success)
    except ValidationFailure as failure:
        return _failure(failure, wanted)
    build: Callable = success_json if wanted == "JSON" else success_xml
    return _answer(build(success, with_attributes), wanted)


@bp.get("/validate")
@answers_any_text
def validate():
    """CAS 1.0: ``yes\\n<user>\\n`` or ``no\\n`` (with ``format=JSON``, CAS 2.0's JSON)."""
    if request.args.get("format", "").upper() == "JSON":
        return _standard(proxy_tickets=False, with_attributes=False)
    try:
        success = _validated(proxy_tickets=False)
    except ValidationFailure:
        return Response("no\n", mimetype="text/plain")
    return Response(f"yes\n{success.account.uid}\n", mimetype="text/plain")


@bp.get("/serviceValidate")
@answers_any_text
def service_validate():
    """CAS 2.0 service ticket validation: the user, without attributes."""
    return _standard(proxy_tickets=False, with_attributes=False)


@bp.get("/p3/serviceValidate")
@answers_any_text
def p3_service_validate():
    """CAS 3.0 service ticket validation: the user and the attributes."""
    return _standard(proxy_tickets=False, with_attributes=True)


@bp.get("/proxyValidate")
@answers_any_text
def proxy_validate():
    """CAS 2.0 service and proxy ticket validation, with the chain of proxies."""
    return _standard(proxy_tickets=True, with_attributes=False)


@bp.get("/p3/proxyValidate")
@answers_any_text
def p3_proxy_validate():
    """CAS 3.0 service and proxy ticket validation, with attributes and proxies."""
    return _standard(proxy_tickets=True, with_attributes=True)


def _asked_groups(success: Success) -> list[str] | None:
    asked = request.args.get("groups")
    if asked is None:
        return None
    if asked.strip() == "*":
        return success.account.group_names
    wanted = {name.strip() for name in asked.split(",")[:MAX_GROUPS_ASKED] if name.strip()}
    return [name for name in success.account.group_names if name in wanted]


def _eu_login_validation(endpoint: str) -> Response:
    """One of EU Login's own endpoints: its assurance level, and its dialect."""
    wanted = "XML"
    required = VALIDATION_LEVELS[endpoint]
    try:
        wanted = _format()
        types = {
            name.strip().upper() for name in request.args.get("ticketTypes", "SERVICE").split(",")
        }
        success = _validated(proxy_tickets="PROXY" in types)
        if success.ticket_type not in types:
            raise ValidationFailure(
                "INVALID_TICKET_SPEC", f"Ticket type {success.ticket_type} was not asked for"
            )
        level = success.account.assurance_level
        if level < required:
            raise ValidationFailure(
                "INVALID_USER",
                f"The user's assurance level is {LEVEL_NAMES[level]} ({level}); "
                f"{endpoint} needs {LEVEL_NAMES[required]} ({required})",
            )
        success.user_details = request.args.get("userDetails", "").lower() == "true"
        success.groups = _asked_groups(success)
        _grant_pgt(success)
    except ValidationFailure as failure:
        return _failure(failure, wanted, dialect=True)
    return _answer(eu_login_json(success) if wanted == "JSON" else eu_login_xml(success), wanted)


def _register_eu_login_endpoints() -> None:
    for endpoint in VALIDATION_LEVELS:

        def view(endpoint=endpoint):
            return _eu_login_validation(endpoint)

        view.__name__ = endpoint
        view.__doc__ = (
            f"EU Login's {endpoint}: assurance {LEVEL_NAMES[VALIDATION_LEVELS[endpoint]]}."
        )
        bp.get(f"/{endpoint}")(answers_any_text(view))


_register_eu_login_endpoints()


@bp.get("/proxy")
@answers_any_text
def proxy_ticket():
    """CAS 2.0 ``/proxy``: a ``PT-`` ticket for ``targetService`` on a proxy-granting ticket."""
    wanted = "XML"
    try:
        wanted = _format()
        pgt_id, target = request.args.get("pgt"), request.args.get("targetService")
        if not pgt_id or not target:
            raise ValidationFailure(
                "INVALID_REQUEST", "'pgt' and 'targetService' parameters are both required"
            )
        pgt = live_proxy_granting_ticket(pgt_id)
        if pgt is None:
            raise ValidationFailure("INVALID_TICKET", f"Ticket '{pgt_id[:100]}' not recognized")
        if not is_registered(target):
            raise ValidationFailure(
                "UNAUTHORIZED_SERVICE", f"{target[:200]} is not a registered service"
            )
    except ValidationFailure as failure:
        return _answer(proxy_failure(failure, wanted), wanted)
    return _answer(proxy_success(issue_proxy_ticket(pgt, target).id, wanted), wanted)


@bp.get("/schemas")
def schemas():
    """EU Login's envelope as this mock writes it, an XML schema (as the namespace's address
    serves EU Login's own); ``schemas/cas-3.0.xsd`` beside it is the standard endpoints'."""
    folder = Path(__file__).with_name("schemas")
    return send_from_directory(folder, "eu-login.xsd", mimetype="application/xml")
