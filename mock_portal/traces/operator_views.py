"""Part III of the guide: the operator's page, its details and its activities;
and the authority's list of activities to validate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..paging import kept_list_args, page_of, search_text
from . import bp
from .activities import (
    ACTIVITY_STATUS_LABELS,
    ACTIVITY_TRANSITIONS,
    activities_to_review,
    add_activity,
    decide_activity,
    linked_roles,
    operator_access,
    section_label,
)
from .auth import current_user, signin_required
from .decisions import apply_decision, status_filter
from .environments import current_environment
from .forms import ActionForm, ActivityForm, OperatorDetailsForm
from .models import Operator, OperatorActivity
from .roles import RoleError, authority_countries


def _operator(operator_id: int, needed: set[str] | None = None) -> tuple[Operator, str]:
    """The operator and the user's access to it; 404 elsewhere, 403 without access."""
    operator = db.session.get(Operator, operator_id)
    if operator is None or operator.environment != current_environment().code:
        abort(404)
    access = operator_access(current_user(), operator)
    if access is None:
        abort(403, description=_("You have no role for this operator."))
    if needed is not None and access not in needed:
        abort(403, description=_("Only users with a valid role for this operator can change it."))
    return operator, access


def _eori_twin(operator: Operator, eori: str | None) -> Operator | None:
    """Another operator of the environment that already has the EORI number ``eori``."""
    if not eori or eori == operator.eori:
        return None
    return db.session.scalar(
        db.select(Operator).where(
            Operator.environment == operator.environment,
            Operator.eori == eori,
            Operator.id != operator.id,
        )
    )


@bp.route("/operators/<id:operator_id>", methods=["GET", "POST"])
@signin_required
def operator_details(operator_id: int):
    """Panels "Operator details" (editable with a valid role), "Activités d'opérateur"
    and "Utilisateurs"."""
    operator, access = _operator(operator_id)
    form = OperatorDetailsForm(obj=operator)
    if request.method == "POST":
        if access != "edit":
            abort(
                403, description=_("Only users with a valid role for this operator can change it.")
            )
        twin = None
        if form.validate_on_submit() and not (twin := _eori_twin(operator, form.eori.data)):
            form.populate_obj(operator)
            for name in ("phone", "fax", "email", "website", "eori"):
                setattr(operator, name, getattr(operator, name) or None)
            try:
                db.session.commit()
            except IntegrityError:
                # Another operator took this EORI number a moment ago.
                db.session.rollback()
                twin = _eori_twin(operator, form.eori.data)
            else:
                flash(_("The operator's details have been saved."), "success")
                return redirect(url_for(".operator_details", operator_id=operator.id))
        if twin is not None:
            form.eori.errors.append(
                _("An operator with this EORI number already exists: %(name)s.", name=twin.name)
            )
        db.session.rollback()
    status = 400 if form.errors else 200
    return render_template(
        "traces/operator_details.html",
        operator=operator,
        access=access,
        form=form,
        users=page_of(linked_roles(operator)),
        activity_statuses=ACTIVITY_STATUS_LABELS,
        section_label=section_label,
    ), status


@bp.route("/operators/<id:operator_id>/activities/new", methods=["GET", "POST"])
@signin_required
def new_activity(operator_id: int):
    """ "+ Ajouter une activité": section, activity type, identifier. The competent
    authority may add one too, approved-establishment sections included, valid at once."""
    operator, access = _operator(operator_id, {"edit", "authority"})
    by_authority = access == "authority"
    form = ActivityForm(operator, by_authority=by_authority)
    if form.validate_on_submit():
        try:
            add_activity(
                operator,
                form.section.data,
                form.activity_type.data,
                form.identifier.data or "",
                status="valid" if by_authority else "new",
            )
        except RoleError as error:
            form.activity_type.errors.append(str(error))
        else:
            flash(
                _("The activity has been added and is valid.")
                if by_authority
                else _("The activity has been added. It is New until an authority validates it."),
                "success",
            )
            return redirect(url_for(".operator_details", operator_id=operator.id))
    status = 400 if form.errors else 200
    return render_template("traces/activity_form.html", form=form, operator=operator), status


def _authority():
    user = current_user()
    if not authority_countries(user):
        abort(403, description=_("Only competent authorities can validate activities."))
    return user


@bp.get("/activities")
@signin_required
def activities():
    """Activities waiting for validation in the authority's country, filtered by status and
    operator, a page at a time."""
    user = _authority()
    status = status_filter(ACTIVITY_STATUS_LABELS, "new")
    text = search_text()
    return render_template(
        "traces/activities.html",
        activities=page_of(activities_to_review(user, None if status == "all" else status, text)),
        status=status,
        q=text,
        statuses=ACTIVITY_STATUS_LABELS,
        transitions=ACTIVITY_TRANSITIONS,
        section_label=section_label,
        action_form=ActionForm(),
    )


@bp.post("/activities/<id:activity_id>/<action>")
@signin_required
def decide_activity_view(activity_id: int, action: str):
    """Validate or refuse an activity."""
    user = _authority()
    activity = db.session.get(OperatorActivity, activity_id)
    if (
        activity is None
        or activity.operator.environment != current_environment().code
        or action not in ACTIVITY_TRANSITIONS
    ):
        abort(404)
    apply_decision(
        lambda: decide_activity(user, activity, action),
        lambda: _(
            "The activity %(section)s of %(operator)s is now %(status)s.",
            section=section_label(activity.section_code),
            operator=activity.operator.name,
            status=ACTIVITY_STATUS_LABELS[activity.status],
        ),
    )
    return redirect(url_for(".activities", **kept_list_args(status="new")))
