"""Sign-in and sign-out: the e-mail address, «Suivant», the verification method (the password
alone, or the password then the EU Login Mobile App's code), the SSO session.

A service asks for two factors with ``authenticationLevel=MEDIUM``; an SSO session made
with the password alone then asks for the second factor before sending that service a
ticket.
"""

import secrets
from datetime import timedelta

from flask import abort, current_app, make_response, redirect, render_template, request
from flask_babel import gettext as _

from .. import clock, mailbox
from ..extensions import db
from ..public_url import served_over_https
from . import bp, lockout, mobile_app
from .accounts import find_account, password_matches
from .assurance import (
    ACCEPTED_STRENGTHS,
    PASSWORD,
    PASSWORD_MOBILE_APP,
    accepted_strengths,
    wants_two_factors,
)
from .forms import (
    MOBILE_APP_METHOD,
    PASSWORD_METHOD,
    IdentifierForm,
    MobileAppCodeForm,
    PasswordSignInForm,
)
from .models import Account, PendingSignIn
from .services import is_registered, requested_service, with_query
from .single_logout import send_logout_requests
from .tickets import (
    close_sso_session,
    issue_service_ticket,
    live_sso_session,
    open_sso_session,
    reauthenticated,
    tickets_of,
)

SSO_COOKIE = "CASTGC"
# Between a right password and the mobile app's code: long enough to pick up a phone.
PENDING_LIFETIME = timedelta(minutes=5)
WRONG_CODES_ALLOWED = 3


def sign_out_everywhere(sso_id: str | None) -> None:
    """End the SSO session and every service session opened from it."""
    if sso_id:
        send_logout_requests(tickets_of(sso_id))
    close_sso_session(sso_id)


def current_sso_session():
    """The browser's live SSO session, if any."""
    return live_sso_session(request.cookies.get(SSO_COOKIE))


def _present(name: str) -> bool:
    # CAS 3.0: renew and gateway count as set whatever their value (even "false").
    return name in request.args


def _authentication_level() -> str | None:
    level = request.args.get("authenticationLevel")
    if level is not None and level.upper() not in ACCEPTED_STRENGTHS:
        abort(
            400,
            description=_("This service asks for an authentication level EU Login does not know."),
        )
    return level


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


def _finish(account: Account, strength: str, service: str | None):
    """Open (or strengthen) the browser's SSO session, then go on."""
    current = current_sso_session()
    if current is not None and current.account_id == account.id:
        sso = reauthenticated(current, strength)
    else:
        sign_out_everywhere(request.cookies.get(SSO_COOKIE))
        sso = open_sso_session(account, strength)
    return _signed_in(sso, service)


def _identifier_page(form=None, status: int = 200, message: str | None = None):
    form = form or IdentifierForm()
    return render_template("eulogin/login_identifier.html", form=form, message=message), status


def _password_page(account: Account, form=None, two_factors=False, status: int = 200):
    if form is None:
        method = MOBILE_APP_METHOD if two_factors else PASSWORD_METHOD
        form = PasswordSignInForm(email=account.email, method=method)
    return render_template(
        "eulogin/login_password.html", form=form, account=account, two_factors=two_factors
    ), status


def _code_page(form: MobileAppCodeForm, account: Account, status: int = 200):
    return render_template("eulogin/login_code.html", form=form, account=account), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Identify, then verify; or, with a live SSO session strong enough, go straight back."""
    service = requested_service()
    if service and not is_registered(service):
        return render_template("eulogin/invalid_service.html", service=service), 403
    renew, gateway = _present("renew"), _present("gateway")
    level = _authentication_level()
    two_factors = wants_two_factors(level)

    if request.method == "GET":
        sso = current_sso_session()
        strong_enough = sso is not None and sso.strength in accepted_strengths(level, None)
        if strong_enough and not renew:
            if service:
                return _go_to_service(sso, service, from_new_login=False)
            return render_template("eulogin/signed_in.html", account=sso.account)
        if gateway and service and not renew:
            # Gateway never shows the form: the service learns there is no session.
            return redirect(service)
        if sso is not None and not renew:
            # Signed in with the password alone: this service asks for the second factor.
            return _password_page(sso.account, two_factors=True)
        return _identifier_page()

    if "pending" in request.form:
        return _code_step(service)
    if "password" in request.form:
        return _password_step(service, level, two_factors)
    form = IdentifierForm()
    if form.validate_on_submit():
        account = find_account(form.email.data)
        if account is not None:
            return _password_page(account, two_factors=two_factors)
        form.email.errors.append(
            _("This user does not exist. Check the address or create an account.")
        )
    return _identifier_page(form, 400)


def _method_problem(account: Account, method: str, level: str | None, two_factors: bool):
    if level and not accepted_strengths(level, None):
        return _(
            "This service asks for a security key or an eID, which this EU Login does not offer."
        )
    if two_factors and method == PASSWORD_METHOD:
        return _(
            "This service asks for two-factor verification: choose «EU Login Mobile App PIN Code»."
        )
    if method == MOBILE_APP_METHOD and not account.has_mobile_app:
        return _(
            "You have not enrolled the EU Login Mobile App: enrol it from your EU Login account "
            "page, or choose «Password»."
        )
    return None


def _password_step(service: str | None, level: str | None, two_factors: bool):
    form = PasswordSignInForm()
    account = find_account(form.email.data or "")
    if account is None:
        return _identifier_page(status=400)
    if form.validate_on_submit():
        if problem := _method_problem(account, form.method.data, level, two_factors):
            form.method.errors.append(problem)
        elif not account.activated:
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
            if form.method.data == PASSWORD_METHOD:
                return _finish(account, PASSWORD, service)
            pending = PendingSignIn(
                id=secrets.token_urlsafe(24), account=account, created_at=clock.now()
            )
            db.session.add(pending)
            db.session.commit()
            return _code_page(MobileAppCodeForm(pending=pending.id), account)
    return _password_page(account, form, two_factors=two_factors, status=400)


def _live_pending(pending_id: str | None) -> PendingSignIn | None:
    pending = db.session.get(PendingSignIn, pending_id) if pending_id else None
    if pending is not None and clock.now() - pending.created_at > PENDING_LIFETIME:
        db.session.delete(pending)
        db.session.commit()
        return None
    return pending


def _code_step(service: str | None):
    form = MobileAppCodeForm()
    pending = _live_pending(form.pending.data)
    if pending is None:
        return _identifier_page(
            status=400, message=_("This sign-in has expired. Please sign in again.")
        )
    account = pending.account
    if form.validate_on_submit():
        if mobile_app.accept_code(account, form.code.data):
            db.session.delete(pending)
            db.session.commit()
            return _finish(account, PASSWORD_MOBILE_APP, service)
        pending.wrong_codes += 1
        if pending.wrong_codes >= WRONG_CODES_ALLOWED:
            db.session.delete(pending)
            db.session.commit()
            return _identifier_page(
                status=400,
                message=_("The code was wrong three times. Please sign in again."),
            )
        db.session.commit()
        form.code.errors.append(
            _(
                "The code is not correct, or was already used. Type the code the EU Login "
                "Mobile App shows now (check that your phone is on time)."
            )
        )
    return _code_page(form, account, status=400)


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
