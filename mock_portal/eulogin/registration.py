"""Self-registration, the password link, lost password and the account details."""

from flask import abort, render_template, request
from flask_babel import gettext as _

from .. import mailbox
from ..extensions import db
from . import accounts, bp, captcha
from .accounts import (
    AlreadyRegistered,
    find_account,
    link_state,
    register_account,
    send_password_link,
)
from .forms import LostPasswordForm, PasswordForm, RegistrationForm
from .models import PasswordLink
from .services import is_registered, requested_service


def _registration_page(form: RegistrationForm, status: int = 200):
    return render_template("eulogin/register.html", form=form, code=captcha.current_code()), status


@bp.route("/eim/external/register.cgi", methods=["GET", "POST"])
def register():
    """The self-registration form; on success a mail carries the password link."""
    form = RegistrationForm(service=requested_service() or "")
    if request.method == "POST" and request.form.get("action") == "refresh-captcha":
        captcha.new_code()
        form.captcha.data = ""
        return _registration_page(form)
    if form.validate_on_submit():
        service = form.service.data if is_registered(form.service.data) else None
        try:
            account = register_account(
                form.first_name.data,
                form.last_name.data,
                form.email.data,
                form.mail_language.data,
                service=service,
            )
        except AlreadyRegistered:
            # Another registration of this address won the race a moment ago.
            form.email.errors.append(_("An account already exists for this e-mail address."))
        else:
            captcha.new_code()
            mailbox.let_browser_read(account.email)
            return render_template("eulogin/registered.html", account=account)
    if request.method == "POST":
        # A failed attempt gets a fresh code, and the old one is not shown again.
        captcha.new_code()
        form.captcha.data = ""
    elif not form.mail_language.data:
        form.mail_language.data = (
            request.accept_languages.best_match(
                [code for code, _name in form.mail_language.choices]
            )
            or "en"
        )
    return _registration_page(form, 400 if form.errors else 200)


def _link_from_request() -> PasswordLink | None:
    token = request.values.get("token", "")
    # Tokens are 32 URL-safe characters; anything else names no link.
    if not token or len(token) > 64:
        return None
    return db.session.get(PasswordLink, token)


def _link_refused(link: PasswordLink | None):
    state = link_state(link)
    status = {"unknown": 404, "used": 410, "expired": 410}[state]
    return render_template("eulogin/link_invalid.html", state=state, link=link), status


@bp.route("/init/initialisePasswordLogin.cgi", methods=["GET", "POST"])
def set_password():
    """The page the mailed link opens: set the password, once, within 90 minutes."""
    link = _link_from_request()
    if link_state(link) != "valid":
        return _link_refused(link)
    form = PasswordForm()
    if form.validate_on_submit():
        account = accounts.set_password(link, form.password.data)
        if account is None:
            # The same form was sent twice at once; the other one set the password.
            return _link_refused(link)
        return render_template("eulogin/password_set.html", account=account, service=link.service)
    status = 400 if form.errors else 200
    return render_template("eulogin/password.html", form=form, link=link), status


@bp.post("/init/resendPasswordLink.cgi")
def resend_password_link():
    """Send a fresh link in place of an expired or used one."""
    link = _link_from_request()
    if link is None:
        abort(404, description=_("This link is not known to EU Login."))
    send_password_link(link.account, service=link.service)
    return render_template("eulogin/link_sent.html", email=link.account.email)


@bp.route("/init/passwordResetRequest.cgi", methods=["GET", "POST"])
def lost_password():
    """ "Lost your password?": mail a new password link to a known address."""
    service = requested_service()
    form = LostPasswordForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        account = find_account(form.email.data)
        if account is None:
            form.email.errors.append(_("This e-mail address is not known to EU Login."))
        else:
            send_password_link(account, service=service if is_registered(service) else None)
            return render_template("eulogin/link_sent.html", email=account.email)
    status = 400 if form.errors else 200
    return render_template("eulogin/lost_password.html", form=form), status


@bp.get("/contact.html")
def contact():
    """Help for those whose mail did not arrive."""
    return render_template("eulogin/contact.html")
