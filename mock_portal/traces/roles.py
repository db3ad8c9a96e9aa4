"""Role requests and their life cycle, and who may decide on them.

A request starts as *requested*; a competent authority (of the operator's or
organisation's country) or an administrator of the operator validates or
refuses it, and may later suspend and re-activate it. Nobody decides on their
own request.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from .. import clock
from ..extensions import db
from ..mailbox import send_mail
from ..paging import any_containing
from .models import Operator, Organisation, Role, TracesUser

STATUS_LABELS = {
    "requested": _l("Requested"),
    "suspended": _l("Suspended"),
    "valid": _l("Valid"),
    "refused": _l("Refused"),
}
KIND_LABELS = {
    "operator": _l("Operator"),
    "control_body": _l("Organic Control Body"),
    "authority": _l("Authority"),
}
# action: (statuses it applies to, resulting status)
TRANSITIONS = {
    "validate": ({"requested"}, "valid"),
    "refuse": ({"requested"}, "refused"),
    "suspend": ({"valid"}, "suspended"),
    "reactivate": ({"suspended"}, "valid"),
}


class RoleError(Exception):
    """A request or decision that the rules refuse; the message is for the page."""


class NotAllowed(Exception):
    """The user may not take this decision; the message says why."""


def counters(user: TracesUser) -> dict[str, int]:
    """How many of the user's roles are requested, suspended and valid."""
    counts = dict.fromkeys(("requested", "suspended", "valid"), 0)
    for role in user.roles:
        if role.status in counts:
            counts[role.status] += 1
    return counts


def _open_role(user: TracesUser, operator=None, organisation=None) -> Role | None:
    for role in user.roles:
        same_target = (operator is not None and role.operator_id == operator.id) or (
            organisation is not None and role.organisation_id == organisation.id
        )
        if same_target and role.status in {"requested", "valid", "suspended"}:
            return role
    return None


def request_role(
    user: TracesUser,
    *,
    operator: Operator | None = None,
    organisation: Organisation | None = None,
    message: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Role:
    """Record the user's authorisation request for an operator or an organisation."""
    existing = _open_role(user, operator, organisation)
    if existing is not None:
        if existing.status == "requested":
            raise RoleError(_("You already have a pending request for this organisation."))
        raise RoleError(_("You already have a role for this organisation."))
    role = Role(
        environment=user.environment,
        user=user,
        kind="operator" if operator is not None else organisation.kind,
        operator=operator,
        organisation=organisation,
        message=message or None,
        contact_email=contact_email or None,
        contact_phone=contact_phone or None,
        requested_at=clock.now(),
    )
    db.session.add(role)
    try:
        db.session.commit()
    except IntegrityError:
        # The same request sent twice at once: the database kept the first one.
        db.session.rollback()
        raise RoleError(_("You already have a pending request for this organisation.")) from None
    for reviewer in reviewers_of(role):
        if reviewer.notify_new_requests:
            notify(
                reviewer,
                lambda: _("TRACES NT: new authorisation request"),
                lambda: _(
                    "%(name)s asks for the role %(kind)s for %(organisation)s.",
                    name=user.display_name,
                    kind=KIND_LABELS[role.kind],
                    organisation=role.organisation_name,
                ),
            )
    return role


def authority_countries(user: TracesUser) -> set[str]:
    """The countries where the user acts for a competent authority."""
    return {
        role.organisation.country
        for role in user.roles
        if role.kind == "authority" and role.status == "valid"
    }


def administered_operator_ids(user: TracesUser) -> set[int]:
    """The operators the user administers."""
    return {
        role.operator_id
        for role in user.roles
        if role.kind == "operator" and role.status == "valid" and role.is_admin
    }


def can_review(user: TracesUser) -> bool:
    """Whether the user may see the authorisation requests page at all."""
    return bool(authority_countries(user) or administered_operator_ids(user))


def reviewable_roles(user: TracesUser, status: str | None = None, text: str = "") -> Select:
    """Other users' roles the user may decide on, newest first, as a query to page through;
    ``text`` keeps those whose user (name, e-mail) or organisation (name, code, EORI) holds it."""
    countries = authority_countries(user)
    operator_ids = administered_operator_ids(user)
    query = (
        db.select(Role)
        .join(TracesUser, Role.user_id == TracesUser.id)
        .outerjoin(Operator, Role.operator_id == Operator.id)
        .outerjoin(Organisation, Role.organisation_id == Organisation.id)
        .where(Role.environment == user.environment, Role.user_id != user.id)
        .where(
            or_(
                Operator.country.in_(countries),
                Organisation.country.in_(countries),
                Role.operator_id.in_(operator_ids),
            )
        )
        .order_by(Role.requested_at.desc(), Role.id.desc())
        # The page shows each role's user and organisation: from the join, not a query a row.
        .options(
            contains_eager(Role.user),
            contains_eager(Role.operator),
            contains_eager(Role.organisation),
        )
    )
    if status:
        query = query.where(Role.status == status)
    if text:
        query = query.where(
            any_containing(
                text,
                TracesUser.first_name + " " + TracesUser.last_name,
                TracesUser.email,
                Operator.name,
                Operator.eori,
                Organisation.name,
                Organisation.code,
            )
        )
    return query


def reviewers_of(role: Role) -> list[TracesUser]:
    """Who may decide on ``role``: competent authorities and the operator's administrators.

    The users :func:`may_decide` accepts, found by one query: a portal shared for a year
    holds thousands of users, whose roles one by one would take seconds.
    """
    competence = [(Role.kind == "authority") & (Organisation.country == role.country)]
    if role.operator_id is not None:
        competence.append(
            (Role.kind == "operator") & Role.is_admin & (Role.operator_id == role.operator_id)
        )
    deciders = (
        db.select(Role.user_id)
        .outerjoin(Organisation, Role.organisation_id == Organisation.id)
        .where(Role.status == "valid", or_(*competence))
    )
    return list(
        db.session.scalars(
            db.select(TracesUser)
            .where(
                TracesUser.environment == role.environment,
                TracesUser.id != role.user_id,
                TracesUser.id.in_(deciders),
            )
            .order_by(TracesUser.id)
        )
    )


def may_decide(actor: TracesUser, role: Role) -> bool:
    """Whether ``actor`` may validate, refuse, suspend or re-activate ``role``."""
    if actor.id == role.user_id or actor.environment != role.environment:
        return False
    if role.country in authority_countries(actor):
        return True
    return role.operator_id is not None and role.operator_id in administered_operator_ids(actor)


def decide(actor: TracesUser, role: Role, action: str) -> Role:
    """Apply ``action`` (validate, refuse, suspend, reactivate) to ``role``."""
    if actor.id == role.user_id:
        raise NotAllowed(_("Nobody can decide on their own request."))
    if not may_decide(actor, role):
        raise NotAllowed(_("This request is outside your competence."))
    if action not in TRANSITIONS:
        raise RoleError(_("Unknown action."))
    allowed_from, new_status = TRANSITIONS[action]
    if role.status not in allowed_from:
        raise RoleError(
            _(
                "This role is %(status)s: that action is not possible.",
                status=STATUS_LABELS[role.status],
            )
        )
    if action == "validate" and role.operator is not None:
        # The operator's first validated user becomes its administrator; a suspended
        # administrator still is one, and gets the role back on re-activation.
        # Asked of the database: a busy operator has thousands of requests, which loading
        # them all to look for its administrator took tens of milliseconds a decision.
        role.is_admin = not db.session.scalar(
            db.select(
                db.select(Role.id)
                .where(
                    Role.operator_id == role.operator_id,
                    Role.is_admin,
                    Role.status.in_(("valid", "suspended")),
                )
                .exists()
            )
        )
    role.status = new_status
    role.decided_at = clock.now()
    role.decided_by = actor
    db.session.commit()
    if role.user.notify_role_status:
        notify(
            role.user,
            lambda: _("TRACES NT: your role is now %(status)s", status=STATUS_LABELS[role.status]),
            lambda: _(
                "Your role %(kind)s for %(organisation)s is now %(status)s.",
                kind=KIND_LABELS[role.kind],
                organisation=role.organisation_name,
                status=STATUS_LABELS[role.status],
            ),
        )
    return role


def notify(user: TracesUser, subject, sentence) -> None:
    """Mail ``user`` in their language; texts are callables so they translate in it."""
    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else "en"
    with force_locale(locale):
        body = "\n\n".join(
            [
                _("Dear %(name)s,", name=user.display_name),
                sentence(),
                _("You can follow your requests on your TRACES NT profile."),
                _("This is an automatic message, please do not reply."),
            ]
        )
        send_mail(user.email, subject(), body)
