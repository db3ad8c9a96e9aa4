"""Sign-in and sign-out: the e-mail address, «Suivant», the verification method, the SSO session.

The methods are EU Login's: the password alone; the password, then a request the EU Login
Mobile App confirms with its PIN code while the browser waits («EU Login Mobile App PIN
Code»); the password, then a QR code the app scans to show a one-time password the user
types («EU Login Mobile App QR Code»). A service asks for two factors with
``authenticationLevel=MEDIUM``; an SSO session made with the password alone then asks for
the second factor before sending that service a ticket.

A sign-in with credentials always opens a new SSO session (a new ticket-granting ticket),
retiring the browser's previous one.
"""

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from .. import mailbox
from ..extensions import db
from ..public_url import served_over_https
from . import bp, devices, lockout
from .accounts import find_account, password_matches
from .assurance import ACCEPTED_STRENGTHS, PASSWORD, accepted_strengths, wants_two_factors
from .devices import Factor
from .forms import (
    MOBILE_APP_METHODS,
    MOBILE_APP_PIN_METHOD,
    PASSWORD_METHOD,
    IdentifierForm,
    OneTimePasswordForm,
    PasswordSignInForm,
    WaitingForAppForm,
)
from .models import Account, PendingSignIn
from .services import is_registered, requested_service, with_query
from .single_logout import send_logout_requests
from .tickets import (
    close_sso_session,
    issue_service_ticket,
    live_sso_session,
    open_sso_session,
    renewed_sso_session,
    tickets_of,
)

SSO_COOKIE = "CASTGC"
WRONG_CODES_ALLOWED = 3
# The sign-in requests this browser waits for (kept in its session, so that another
# browser that learns a request's id cannot finish the sign-in).
_REQUESTS_KEY = "eulogin.requests"
_REQUESTS_KEPT = 5
# Where EU Login's own pages send the user once signed in (My Account, a device to add).
_NEXT_PREFIXES = ("/cas/userdata/", "/cas/mobile")


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


def requested_next() -> str | None:
    """The EU Login page to go back to once signed in (``next``), when it is one of its own."""
    target = request.args.get("next", "")
    if target.startswith(_NEXT_PREFIXES) and "//" not in target and target.isprintable():
        return target
    return None


def _go_to_service(sso, service: str, from_new_login: bool):
    ticket = issue_service_ticket(sso, service, from_new_login)
    return redirect(with_query(service, ticket=ticket.id))


def _signed_in(sso, service: str | None):
    """Finish a successful sign-in: keep the SSO cookie, then go to the service."""
    if service:
        response = _go_to_service(sso, service, from_new_login=True)
    elif target := requested_next():
        response = redirect(target)
    else:
        # The gear menu is told the account: this request brought no session cookie yet.
        response = make_response(
            render_template(
                "eulogin/signed_in.html", account=sso.account, eu_login_account=sso.account
            )
        )
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


def _finish(account: Account, factor: Factor, service: str | None):
    """Open the browser's new SSO session, retiring its previous one, then go on."""
    current = current_sso_session()
    if current is not None and current.account_id == account.id:
        sso = renewed_sso_session(current, factor)
    else:
        sign_out_everywhere(request.cookies.get(SSO_COOKIE))
        sso = open_sso_session(account, factor)
    return _signed_in(sso, service)


def _identifier_page(form=None, status: int = 200, message: str | None = None):
    form = form or IdentifierForm()
    return render_template("eulogin/login_identifier.html", form=form, message=message), status


def _password_page(account: Account, form=None, two_factors=False, status: int = 200):
    if form is None:
        method = MOBILE_APP_PIN_METHOD if two_factors else PASSWORD_METHOD
        form = PasswordSignInForm(email=account.email, method=method)
    return render_template(
        "eulogin/login_password.html", form=form, account=account, two_factors=two_factors
    ), status


def _waiting_page(pending: PendingSignIn, status: int = 200):
    return render_template(
        "eulogin/login_app_waiting.html",
        form=WaitingForAppForm(pending=pending.id),
        account=pending.account,
        devices=[device for device in pending.account.devices if device.usable],
        status_url=url_for("eulogin.sign_in_request_state", pending=pending.id),
    ), status


def _qr_page(pending: PendingSignIn, form=None, status: int = 200):
    text = devices.request_qr_text(pending)
    return render_template(
        "eulogin/login_app_qr.html",
        form=form or OneTimePasswordForm(pending=pending.id),
        account=pending.account,
        qr_code=devices.qr_svg(text),
        qr_text=text,
    ), status


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
            if target := requested_next():
                return redirect(target)
            return render_template(
                "eulogin/signed_in.html", account=sso.account, eu_login_account=sso.account
            )
        if gateway and service and not renew:
            # Gateway never shows the form: the service learns there is no session.
            return redirect(service)
        if sso is not None and not renew:
            # Signed in with the password alone: this service asks for the second factor.
            return _password_page(sso.account, two_factors=True)
        return _identifier_page()

    if "pending" in request.form:
        return _app_step(service)
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
            "This service asks for two-factor verification: choose «EU Login Mobile App PIN "
            "Code» or «EU Login Mobile App QR Code»."
        )
    if method in MOBILE_APP_METHODS and not account.has_mobile_app:
        return _(
            "No EU Login Mobile App is added to your account: add a mobile device from «My "
            "Account», or choose «Password»."
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
                return _finish(account, Factor(PASSWORD), service)
            pending = devices.open_request(account, MOBILE_APP_METHODS[form.method.data])
            _bind(pending.id)
            if pending.method == devices.PIN:
                return _waiting_page(pending)
            return _qr_page(pending)
    return _password_page(account, form, two_factors=two_factors, status=400)


def _bind(request_id: str) -> None:
    kept = [known for known in session.get(_REQUESTS_KEY, []) if isinstance(known, str)]
    session[_REQUESTS_KEY] = [*kept, request_id][-_REQUESTS_KEPT:]


def _bound_request(request_id: str | None) -> PendingSignIn | None:
    """The live sign-in request ``request_id``, if this browser started it."""
    if not request_id or request_id not in session.get(_REQUESTS_KEY, []):
        return None
    return devices.live_request(request_id)


def _start_again(account: Account | None, message: str):
    """Back to the first step, the address filled in, with why."""
    form = IdentifierForm(email=account.email if account else None, formdata=None)
    return _identifier_page(form, status=400, message=message)


_REFUSALS = {
    devices.WRONG_PIN: lambda: _(
        "The PIN code typed in the EU Login Mobile App was wrong: the sign-in was refused. "
        "Please sign in again."
    ),
    devices.REFUSED_BY_USER: lambda: _(
        "The sign-in was refused in the EU Login Mobile App. Please sign in again."
    ),
    devices.BLOCKED: lambda: _(
        "Too many wrong PIN codes: this device is blocked. Delete it from «My Account» and add "
        "it again, or choose another verification method."
    ),
}


def _expired_message() -> str:
    return _(
        "The EU Login Mobile App did not answer in time: the sign-in request has expired. "
        "Please sign in again."
    )


def _app_step(service: str | None):
    """The sign-in request's last step: the app confirmed it (PIN), or the one-time
    password it showed for the QR code (QR)."""
    pending = _bound_request(request.form.get("pending"))
    if pending is None:
        return _identifier_page(status=400, message=_expired_message())
    if pending.method == devices.PIN:
        return _pin_answer(pending, service)
    return _one_time_password(pending, service)


def _pin_answer(pending: PendingSignIn, service: str | None):
    form = WaitingForAppForm()
    if not form.validate_on_submit():
        return _waiting_page(pending, status=400)
    if pending.state == devices.WAITING:
        return _waiting_page(pending)
    state, reason = pending.state, pending.reason
    account, device = pending.account, pending.device
    devices.forget_request(pending)
    if state == devices.APPROVED and device is not None:
        return _finish(account, Factor(devices.STRENGTHS[devices.PIN], device), service)
    refusal = _REFUSALS.get(reason, _REFUSALS[devices.REFUSED_BY_USER])
    return _start_again(account, refusal())


def _one_time_password(pending: PendingSignIn, service: str | None):
    form = OneTimePasswordForm()
    account = pending.account
    if form.validate_on_submit():
        device = devices.device_for_code(account, form.code.data)
        if device is not None:
            devices.forget_request(pending)
            return _finish(account, Factor(devices.STRENGTHS[devices.QR], device), service)
        pending.wrong_codes += 1
        if pending.wrong_codes >= WRONG_CODES_ALLOWED:
            devices.forget_request(pending)
            return _start_again(
                account, _("The one-time password was wrong three times. Please sign in again.")
            )
        db.session.commit()
        form.code.errors.append(
            _(
                "The one-time password is not correct, or was already used. Scan the QR code "
                "again and type the one-time password the EU Login Mobile App shows now."
            )
        )
    return _qr_page(pending, form, status=400)


@bp.get("/login/mobile-app/state")
def sign_in_request_state():
    """Where a request sent to the app stands, for the waiting page to go on by itself."""
    pending = _bound_request(request.args.get("pending"))
    state = pending.state if pending is not None else "expired"
    return jsonify(state=state)


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
