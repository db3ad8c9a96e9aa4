"""The authority's side: authorisation requests within its competence."""

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..paging import kept_list_args, page_of, search_text
from . import bp
from .auth import current_user, signin_required
from .decisions import apply_decision, status_filter
from .environments import current_environment
from .forms import ActionForm
from .models import Role
from .roles import STATUS_LABELS, TRANSITIONS, can_review, decide, reviewable_roles


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
    """Requests and roles the user may decide on, filtered by status and a search text, a
    page at a time."""
    user = _reviewer()
    status = status_filter(STATUS_LABELS, "requested")
    text = search_text()
    return render_template(
        "traces/role_requests.html",
        roles=page_of(reviewable_roles(user, None if status == "all" else status, text)),
        status=status,
        q=text,
        statuses=STATUS_LABELS,
        transitions=TRANSITIONS,
        action_form=ActionForm(),
    )


@bp.post("/role-requests/<id:role_id>/<action>")
@signin_required
def decide_role(role_id: int, action: str):
    """Validate, refuse, suspend or re-activate a role."""
    user = _reviewer()
    role = db.session.get(Role, role_id)
    if role is None or role.environment != current_environment().code or action not in TRANSITIONS:
        abort(404)
    apply_decision(
        lambda: decide(user, role, action),
        lambda: _(
            "The role of %(name)s for %(organisation)s is now %(status)s.",
            name=role.user.display_name,
            organisation=role.organisation_name,
            status=STATUS_LABELS[role.status],
        ),
    )
    return redirect(url_for(".role_requests", **kept_list_args(status="requested")))
