"""Self-registration, the password link, lost password and the account details."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from . import accounts, bp, captcha
from .accounts import find_account, link_state, register_account, send_password_link
from .forms import AccountDetailsForm, LostPasswordForm, PasswordForm, RegistrationForm
from .models import PasswordLink
from .services import is_registered
from .signin import current_sso_session


@bp.route("/eim/external/register.cgi", methods=["GET", "POST"])
def register():
    """The self-registration form; on success a mail carries the password link."""
    form = RegistrationForm(service=request.args.get("service", ""))
    if request.method == "POST" and request.form.get("action") == "refresh-captcha":
        captcha.new_code()
        form.captcha.data = ""
        return render_template("eulogin/register.html", form=form, code=captcha.current_code())
    if form.validate_on_submit():
        service = form.service.data if is_registered(form.service.data) else None
        account = register_account(
            form.first_name.data,
            form.last_name.data,
            form.email.data,
            form.mail_language.data,
            service=service,
        )
        captcha.new_code()
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
    status = 400 if form.errors else 200
    return render_template("eulogin/register.html", form=form, code=captcha.current_code()), status


def _link_from_request() -> PasswordLink | None:
    token = request.values.get("token", "")
    return db.session.get(PasswordLink, token) if token else None


@bp.route("/init/initialisePasswordLogin.cgi", methods=["GET", "POST"])
def set_password():
    """The page the mailed link opens: set the password, once, within 90 minutes."""
    link = _link_from_request()
    state = link_state(link)
    if state != "valid":
        status = {"unknown": 404, "used": 410, "expired": 410}[state]
        return render_template("eulogin/link_invalid.html", state=state, link=link), status
    form = PasswordForm()
    if form.validate_on_submit():
        account = accounts.set_password(link, form.password.data)
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
    form = LostPasswordForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        account = find_account(form.email.data)
        if account is None:
            form.email.errors.append(_("This e-mail address is not known to EU Login."))
        else:
            service = request.args.get("service")
            send_password_link(account, service=service if is_registered(service) else None)
            return render_template("eulogin/link_sent.html", email=account.email)
    status = 400 if form.errors else 200
    return render_template("eulogin/lost_password.html", form=form), status


@bp.get("/contact.html")
def contact():
    """Help for those whose mail did not arrive."""
    return render_template("eulogin/contact.html")


@bp.route("/eim/external/account.cgi", methods=["GET", "POST"])
def account_details():
    """Change the name and mail language of the signed-in account."""
    sso = current_sso_session()
    if sso is None:
        return render_template("eulogin/sign_in_first.html"), 401
    account = sso.account
    form = AccountDetailsForm(obj=account)
    if form.validate_on_submit():
        form.populate_obj(account)
        db.session.commit()
        return redirect(url_for("eulogin.account_details", saved=1))
    status = 400 if form.errors else 200
    saved = request.args.get("saved") == "1"
    return render_template("eulogin/account.html", form=form, account=account, saved=saved), status
