"""Operator activities: added by the operator's users as *new*, then validated or
refused by an authority of the operator's country."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from .. import clock
from ..extensions import db
from ..paging import any_containing
from .models import Operator, OperatorActivity, Role, TracesUser
from .referential import section
from .roles import NotAllowed, RoleError, authority_countries, notify

ACTIVITY_STATUS_LABELS = {
    "new": _l("New"),
    "valid": _l("Valid"),
    "refused": _l("Refused"),
}
# action: (status it applies to, resulting status)
ACTIVITY_TRANSITIONS = {"validate": ("new", "valid"), "refuse": ("new", "refused")}


def section_label(code: str) -> str:
    """``Name (CODE)`` of a section, or its bare code if it is no longer known."""
    known = section(code)
    return known.label if known else code


def operator_access(user: TracesUser, operator: Operator) -> str | None:
    """``edit``, ``authority``, ``read`` or None (no access) to an operator's page."""
    if operator.environment != user.environment:
        return None
    statuses = {role.status for role in user.roles if role.operator_id == operator.id}
    if "valid" in statuses:
        return "edit"
    if operator.country in authority_countries(user):
        return "authority"
    if statuses & {"requested", "suspended"}:
        return "read"
    return None


def linked_roles(operator: Operator) -> Select:
    """The users linked to the operator, with their role, refused requests left out, in the
    order they asked, as a query to page through: a busy operator has thousands."""
    return (
        db.select(Role)
        .join(TracesUser, Role.user_id == TracesUser.id)
        .where(Role.operator_id == operator.id, Role.status != "refused")
        .order_by(Role.id)
        # Each row shows its user: from the join, not a query a row.
        .options(contains_eager(Role.user))
    )


def add_activity(
    operator: Operator, section_code: str, activity_value: str, identifier: str, status: str = "new"
):
    """Record an activity; a *new* one waits for the authority's validation."""
    _section, _sep, activity_code = activity_value.partition(":")
    activity = OperatorActivity(
        operator=operator,
        section_code=section_code,
        activity_code=activity_code,
        identifier=identifier.strip() or None,
        status=status,
        created_at=clock.now(),
    )
    db.session.add(activity)
    try:
        db.session.commit()
    except IntegrityError:
        # The same activity added twice at once: the database kept the first one.
        db.session.rollback()
        raise RoleError(_("The operator already has this activity.")) from None
    return activity


def activities_to_review(user: TracesUser, status: str | None = "new", text: str = "") -> Select:
    """Activities of operators in the user's competence, newest first, as a query to page
    through; ``text`` keeps those of the operators whose name or EORI number holds it."""
    countries = authority_countries(user)
    query = (
        db.select(OperatorActivity)
        .join(Operator)
        .where(Operator.environment == user.environment, Operator.country.in_(countries))
        .order_by(OperatorActivity.created_at.desc(), OperatorActivity.id.desc())
        # The page shows each activity's operator: from the join, not a query a row.
        .options(contains_eager(OperatorActivity.operator))
    )
    if status:
        query = query.where(OperatorActivity.status == status)
    if text:
        query = query.where(any_containing(text, Operator.name, Operator.eori))
    return query


def decide_activity(actor: TracesUser, activity: OperatorActivity, action: str):
    """Validate or refuse a new activity, and tell the operator's users."""
    operator = activity.operator
    if operator.country not in authority_countries(actor):
        raise NotAllowed(_("This operator is outside your competence."))
    source, target = ACTIVITY_TRANSITIONS[action]
    if activity.status != source:
        raise RoleError(
            _(
                "This activity is %(status)s: that action is not possible.",
                status=ACTIVITY_STATUS_LABELS[activity.status],
            )
        )
    activity.status = target
    db.session.commit()
    told = linked_roles(operator).where(Role.status == "valid", TracesUser.notify_activity_status)
    for role in db.session.scalars(told).all():
        notify(
            role.user,
            lambda: _(
                "TRACES NT: activity %(status)s for %(operator)s",
                status=ACTIVITY_STATUS_LABELS[activity.status],
                operator=operator.name,
            ),
            lambda: _(
                "The activity %(section)s of %(operator)s is now %(status)s.",
                section=section_label(activity.section_code),
                operator=operator.name,
                status=ACTIVITY_STATUS_LABELS[activity.status],
            ),
        )
    return activity
