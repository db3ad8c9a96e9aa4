"""The authority's side: authorisation requests within its competence."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from . import bp
from .auth import current_user, signin_required
from .environments import current_environment
from .forms import ActionForm
from .models import Role
from .roles import (
    STATUS_LABELS,
    TRANSITIONS,
    NotAllowed,
    RoleError,
    can_review,
    decide,
    may_decide,
    reviewable_roles,
)


def _reviewer():
    user = current_user()
    if not can_review(user):
        abort(
            403,
            description=_(
                "Only competent authorities and operator administrators can see authorisation requests."
            ),
        )
    return user


@bp.get("/role-requests")
@signin_required
def role_requests():
    """Requests and roles the user may decide on, filtered by status."""
    user = _reviewer()
    status = request.args.get("status", "requested")
    if status not in STATUS_LABELS and status != "all":
        status = "requested"
    roles = reviewable_roles(user, None if status == "all" else status)
    return render_template(
        "traces/role_requests.html",
        roles=roles,
        status=status,
        statuses=STATUS_LABELS,
        transitions=TRANSITIONS,
        action_form=ActionForm(),
    )


@bp.post("/role-requests/<int:role_id>/<action>")
@signin_required
def decide_role(role_id: int, action: str):
    """Validate, refuse, suspend or re-activate a role."""
    user = _reviewer()
    if not ActionForm().validate_on_submit():
        abort(400)
    role = db.session.get(Role, role_id)
    if role is None or role.environment != current_environment().code:
        abort(404)
    if action not in TRANSITIONS:
        abort(404)
    if not may_decide(user, role):
        reason = (
            _("Nobody can decide on their own request.")
            if role.user_id == user.id
            else _("This request is outside your competence.")
        )
        abort(403, description=reason)
    try:
        decide(user, role, action)
    except NotAllowed as error:
        abort(403, description=str(error))
    except RoleError as error:
        flash(str(error), "error")
    else:
        flash(
            _(
                "The role of %(name)s for %(organisation)s is now %(status)s.",
                name=role.user.display_name,
                organisation=role.organisation_name,
                status=STATUS_LABELS[role.status],
            ),
            "success",
        )
    return redirect(url_for(".role_requests", status=request.args.get("status", "requested")))
