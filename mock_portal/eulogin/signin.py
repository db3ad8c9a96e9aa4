"""Sign-in and sign-out, and the CAS validation endpoints (CAS 1.0, 2.0 and 3.0)."""

from flask import Response, current_app, make_response, redirect, render_template, request
from flask_babel import gettext as _

from .. import mailbox
from ..extensions import db
from ..guards import answers_any_text
from ..public_url import served_over_https
from . import bp, lockout
from .accounts import find_account, password_matches
from .forms import IdentifierForm, PasswordSignInForm
from .services import is_registered, requested_service, with_query
from .single_logout import send_logout_requests
from .tickets import (
    ValidationFailure,
    close_sso_session,
    failure_xml,
    issue_service_ticket,
    live_sso_session,
    open_sso_session,
    success_xml,
    tickets_of,
    validate_service_ticket,
)

SSO_COOKIE = "CASTGC"


def sign_out_everywhere(sso_id: str | None) -> None:
    """End the SSO session and every service session opened from it."""
    if sso_id:
        send_logout_requests(tickets_of(sso_id))
    close_sso_session(sso_id)


def current_sso_session():
    """The browser's live SSO session, if any."""
    return live_sso_session(request.cookies.get(SSO_COOKIE))


def _flag(name: str) -> bool:
    # CAS 3.0: renew and gateway count as set whatever their value (even "false").
    return name in request.args


def _go_to_service(sso, service: str, from_new_login: bool):
    ticket = issue_service_ticket(sso, service, from_new_login)
    return redirect(with_query(service, ticket=ticket.id))


def _signed_in(sso, service: str | None):
    """Finish a successful sign-in: keep the SSO cookie, then go to the service."""
    if service:
        response = _go_to_service(sso, service, from_new_login=True)
    else:
        response = make_response(render_template("eulogin/signed_in.html", account=sso.account))
    # A browser-session cookie: closing the browser ends the SSO, as the spec asks; the
    # server ends it after SSO_SESSION_LIFETIME anyway.
    response.set_cookie(
        SSO_COOKIE,
        sso.id,
        path="/cas",
        httponly=True,
        secure=served_over_https(current_app),
        samesite="Lax",
    )
    mailbox.let_browser_read(sso.account.email)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Identify, then authenticate; or, with a live SSO session, go straight back."""
    service = requested_service()
    if service and not is_registered(service):
        return render_template("eulogin/invalid_service.html", service=service), 403
    renew, gateway = _flag("renew"), _flag("gateway")

    if request.method == "GET":
        sso = current_sso_session()
        if sso and not renew:
            if service:
                return _go_to_service(sso, service, from_new_login=False)
            return render_template("eulogin/signed_in.html", account=sso.account)
        if gateway and service and not renew:
            # Gateway never shows the form: the service learns there is no session.
            return redirect(service)
        return render_template("eulogin/login_identifier.html", form=IdentifierForm())

    if "password" not in request.form:
        form = IdentifierForm()
        if form.validate_on_submit():
            account = find_account(form.email.data)
            if account is not None:
                password_form = PasswordSignInForm(email=account.email)
                return render_template(
                    "eulogin/login_password.html", form=password_form, account=account
                )
            form.email.errors.append(
                _("This user does not exist. Check the address or create an account.")
            )
        return render_template("eulogin/login_identifier.html", form=form), 400

    form = PasswordSignInForm()
    account = find_account(form.email.data or "")
    if account is None:
        return render_template("eulogin/login_identifier.html", form=IdentifierForm()), 400
    if form.validate_on_submit():
        if not account.activated:
            form.password.errors.append(
                _("This account has no password yet: use the link in the mail EU Login sent you.")
            )
        elif refused := lockout.refusal(account):
            form.password.errors.append(refused.message)
        elif not lockout.count_try(account):
            form.password.errors.append(
                _("Another sign-in of this account is under way. Please try again.")
            )
        elif not password_matches(account, form.password.data):
            form.password.errors.append(lockout.failure_message(account))
        else:
            lockout.forgive(account)
            db.session.commit()
            sign_out_everywhere(request.cookies.get(SSO_COOKIE))
            return _signed_in(open_sso_session(account), service)
    return render_template("eulogin/login_password.html", form=form, account=account), 400


@bp.get("/logout")
def logout():
    """End the SSO session; go back to the service if it is a registered one."""
    service = requested_service()
    sign_out_everywhere(request.cookies.get(SSO_COOKIE))
    if is_registered(service):
        response = redirect(service)
    else:
        response = make_response(render_template("eulogin/signed_out.html"))
    response.delete_cookie(SSO_COOKIE, path="/cas", httponly=True, samesite="Lax")
    return response


def _xml(body: str) -> Response:
    return Response(body, mimetype="application/xml")


def _validate(with_attributes: bool) -> Response:
    try:
        account = validate_service_ticket(
            request.args.get("ticket"), request.args.get("service"), renew=_flag("renew")
        )
    except ValidationFailure as failure:
        return _xml(failure_xml(failure))
    return _xml(success_xml(account, with_attributes))


@bp.get("/validate")
@answers_any_text
def validate():
    """CAS 1.0: ``yes\\n<user>\\n`` or ``no\\n``."""
    try:
        account = validate_service_ticket(
            request.args.get("ticket"), request.args.get("service"), renew=_flag("renew")
        )
    except ValidationFailure:
        return Response("no\n", mimetype="text/plain")
    return Response(f"yes\n{account.uid}\n", mimetype="text/plain")


@bp.get("/serviceValidate")
@answers_any_text
def service_validate():
    """CAS 2.0 validation: the user, without attributes."""
    return _validate(with_attributes=False)


@bp.get("/p3/serviceValidate")
@answers_any_text
def p3_service_validate():
    """CAS 3.0 validation: the user and the attributes TRACES NT reads."""
    return _validate(with_attributes=True)
