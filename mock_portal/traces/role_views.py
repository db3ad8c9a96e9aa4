"""Asking for a role (II.1, II.2): choose the role type, find or create the
organisation, confirm the authorisation request; and the profile (II.3)."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..guards import record_id
from ..paging import page_of
from . import bp
from .auth import current_user, signin_required
from .environments import current_environment
from .forms import (
    ActionForm,
    AuthorisationRequestForm,
    OperatorForm,
    OperatorSearchForm,
    OrganisationSearchForm,
    PreferencesForm,
)
from .models import Operator, Organisation
from .operators import create_operator, find_duplicate, search_operators, search_organisations
from .roles import RoleError, counters, request_role

# URL word for each kind of organisation a role can be asked for.
ORGANISATION_KINDS = {"authority": "authority", "control-body": "control_body"}


def _chosen_ids(name: str) -> list[int]:
    """The ids of the ticked boxes ``name``; a value that names no record counts as none."""
    return [id_ for value in request.form.getlist(name)[:100] if (id_ := record_id(value))]


def _searched_key() -> str:
    return f"operator-search-done.{current_environment().code}"


@bp.get("/profile")
@signin_required
def profile():
    """Counters by status, the table of roles, notification preferences."""
    user = current_user()
    return render_template(
        "traces/profile.html",
        user=user,
        counts=counters(user),
        preferences=PreferencesForm(obj=user),
    )


@bp.post("/profile/preferences")
@signin_required
def save_preferences():
    """Save which events send the user a mail."""
    user = current_user()
    form = PreferencesForm()
    if form.validate_on_submit():
        form.populate_obj(user)
        db.session.commit()
        flash(_("Your preferences have been saved."), "success")
    return redirect(url_for(".profile"))


@bp.get("/roles/new")
@signin_required
def new_role():
    """ "Demander un nouveau rôle": Operator, Organic Control Body or Authority."""
    return render_template("traces/choose_role.html")


def _operator_results(form: OperatorSearchForm):
    if "country" not in request.args or not form.validate():
        return None
    session[_searched_key()] = True
    return page_of(
        search_operators(
            current_environment().code,
            form.country.data,
            form.section.data or "",
            form.activity_type.data or "",
            form.q.data or "",
        )
    )


def _render_operator_search(dialog=None, error=None, status=200):
    form = OperatorSearchForm(request.args)
    results = _operator_results(form)
    if "country" in request.args and form.errors:
        status = 400
    return render_template(
        "traces/operator_search.html",
        form=form,
        results=results,
        searched=session.get(_searched_key(), False),
        error=error,
        dialog=dialog,
        search_args=_search_args(),
    ), status


def _search_args() -> dict:
    keys = ("country", "section", "activity_type", "q", "page")
    return {key: request.args[key] for key in keys if request.args.get(key)}


@bp.route("/roles/new/operator", methods=["GET", "POST"])
@signin_required
def operator_search():
    """Find the operator to work for; tick it and ask for authorisation."""
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        chosen = _chosen_ids("operator")
        if len(chosen) != 1:
            message = (
                _("Tick the operator you work for first.")
                if not chosen
                else _("Tick one operator only: each request is for one operator.")
            )
            return _render_operator_search(error=message, status=400)
        return redirect(
            url_for(".request_operator_authorisation", operator_id=chosen[0], **_search_args())
        )
    return _render_operator_search()


def _environment_operator(operator_id: int) -> Operator:
    operator = db.session.get(Operator, operator_id)
    if operator is None or operator.environment != current_environment().code:
        abort(404)
    return operator


def _send_request(form: AuthorisationRequestForm, back: str, **target):
    """Handle the dialog: cancel records nothing; send records the request."""
    if request.method == "POST" and request.form.get("action") == "cancel":
        return redirect(back), None
    if form.validate_on_submit():
        try:
            request_role(
                current_user(),
                message=form.message.data or "",
                contact_email=form.contact_email.data or "",
                contact_phone=form.contact_phone.data or "",
                **target,
            )
        except RoleError as error:
            return None, str(error)
        flash(_("Your authorisation request has been submitted."), "success")
        return redirect(url_for(".profile")), None
    return None, None


@bp.route("/roles/new/operator/<id:operator_id>/request", methods=["GET", "POST"])
@signin_required
def request_operator_authorisation(operator_id: int):
    """The dialog "Confirmer la demande d'autorisation pour <operator>"."""
    operator = _environment_operator(operator_id)
    form = AuthorisationRequestForm()
    back = url_for(".operator_search", **_search_args())
    response, error = _send_request(form, back, operator=operator)
    if response is not None:
        return response
    dialog = {"form": form, "target_name": operator.name, "error": error, "back": back}
    status = 400 if (form.errors or error) else 200
    return _render_operator_search(dialog=dialog, status=status)


@bp.route("/operators/new", methods=["GET", "POST"])
@signin_required
def new_operator():
    """ "+ Créer un nouvel opérateur", offered only once a search has been made."""
    if not session.get(_searched_key()):
        flash(_("Search for the operator first: it may already exist."), "info")
        return redirect(url_for(".operator_search"))
    form = OperatorForm(country=request.args.get("country"))
    duplicate = None
    if form.validate_on_submit():
        environment = current_environment().code
        found = find_duplicate(
            environment,
            form.eori.data,
            form.name.data,
            form.address.data,
            form.city.data,
            form.country.data,
        )
        if found is not None:
            field, duplicate = found
            message = (
                _(
                    "An operator with this EORI number already exists: %(name)s.",
                    name=duplicate.name,
                )
                if field == "eori"
                else _(
                    "This operator already exists at this address: %(name)s.", name=duplicate.name
                )
            )
            getattr(form, field).errors.append(message)
        else:
            details = {
                # Blank texts become NULL; a coordinate of 0 (equator, Greenwich) stays.
                name: (None if getattr(form, name).data in ("", None) else getattr(form, name).data)
                for name in (
                    "name", "country", "region", "city", "postal_code", "address", "phone",
                    "fax", "email", "website", "eori", "latitude", "longitude",
                )
            }  # fmt: skip
            try:
                operator = create_operator(
                    environment, details, form.section.data, form.activity_type.data
                )
            except IntegrityError:
                # Someone created an operator with this EORI number a moment ago.
                db.session.rollback()
                form.eori.errors.append(_("An operator with this EORI number already exists."))
                return render_template("traces/operator_form.html", form=form), 400
            request_role(current_user(), operator=operator)
            flash(
                _(
                    "The operator %(name)s has been created and your authorisation request has been submitted.",
                    name=operator.name,
                ),
                "success",
            )
            return redirect(url_for(".profile"))
    status = 400 if form.errors else 200
    return render_template("traces/operator_form.html", form=form, duplicate=duplicate), status


def _organisation_kind(kind: str) -> str:
    if kind not in ORGANISATION_KINDS:
        abort(404)
    return ORGANISATION_KINDS[kind]


def _render_organisation_search(kind: str, dialog=None, status=200):
    form = OrganisationSearchForm(request.args)
    searched = "q" in request.args or "country" in request.args
    results = (
        search_organisations(_organisation_kind(kind), form.country.data or "", form.q.data or "")
        if searched
        else None
    )
    return render_template(
        "traces/organisation_search.html",
        kind=kind,
        role_kind=_organisation_kind(kind),
        form=form,
        results=results,
        dialog=dialog,
        search_args={k: v for k, v in request.args.items() if k in ("country", "q") and v},
    ), status


@bp.route("/roles/new/<kind>", methods=["GET", "POST"])
@signin_required
def organisation_search(kind: str):
    """Find the authority or control body to work for."""
    _organisation_kind(kind)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        chosen = _chosen_ids("organisation")
        if len(chosen) != 1:
            flash(_("Tick one organisation first."), "error")
            return redirect(request.full_path)
        args = {k: v for k, v in request.args.items() if k in ("country", "q")}
        return redirect(
            url_for(
                ".request_organisation_authorisation", kind=kind, organisation_id=chosen[0], **args
            )
        )
    return _render_organisation_search(kind)


@bp.route("/roles/new/<kind>/<id:organisation_id>/request", methods=["GET", "POST"])
@signin_required
def request_organisation_authorisation(kind: str, organisation_id: int):
    """The authorisation dialog for an authority or a control body."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind != _organisation_kind(kind):
        abort(404)
    form = AuthorisationRequestForm()
    args = {k: v for k, v in request.args.items() if k in ("country", "q")}
    back = url_for(".organisation_search", kind=kind, **args)
    response, error = _send_request(form, back, organisation=organisation)
    if response is not None:
        return response
    dialog = {"form": form, "target_name": organisation.code, "error": error, "back": back}
    status = 400 if (form.errors or error) else 200
    return _render_organisation_search(kind, dialog=dialog, status=status)
