"""The EU Login account page: the details a signed-in user may change, and the EU Login
Mobile App, enrolled here with a QR code (or its secret as text) and a first code.

Every form here is a POST that CSRFProtect checks before the view runs.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from . import bp, mobile_app
from .forms import AccountDetailsForm, MobileAppEnrolmentForm
from .signin import current_sso_session


def _page(account, form=None, enrolment_form=None, status=200):
    enrolment = mobile_app.enrolment_under_way(account)
    return render_template(
        "eulogin/account.html",
        form=form or AccountDetailsForm(obj=account),
        enrolment_form=enrolment_form or MobileAppEnrolmentForm(formdata=None),
        account=account,
        enrolment=enrolment,
        qr_code=mobile_app.qr_code(account, enrolment.secret) if enrolment else None,
        saved=request.args.get("saved") == "1",
    ), status


def _signed_in_account():
    sso = current_sso_session()
    return sso.account if sso is not None else None


def _sign_in_first():
    return render_template("eulogin/sign_in_first.html"), 401


def _back_to_the_app_panel():
    return redirect(url_for("eulogin.account_details", _anchor="mobile-app"))


@bp.route("/eim/external/account.cgi", methods=["GET", "POST"])
def account_details():
    """Change the name and mail language of the signed-in account."""
    account = _signed_in_account()
    if account is None:
        return _sign_in_first()
    form = AccountDetailsForm(obj=account)
    if form.validate_on_submit():
        form.populate_obj(account)
        db.session.commit()
        return redirect(url_for("eulogin.account_details", saved=1))
    return _page(account, form, status=400 if form.errors else 200)


@bp.post("/eim/external/mobile-app/enrol")
def enrol_mobile_app():
    """«Enrol the EU Login Mobile App»: a new secret, shown as a QR code and as text."""
    account = _signed_in_account()
    if account is None:
        return _sign_in_first()
    mobile_app.start_enrolment(account)
    return _back_to_the_app_panel()


@bp.post("/eim/external/mobile-app/confirm")
def confirm_mobile_app():
    """The first code the app shows confirms the enrolment."""
    account = _signed_in_account()
    if account is None:
        return _sign_in_first()
    form = MobileAppEnrolmentForm()
    if mobile_app.enrolment_under_way(account) is None:
        flash(_("Start the enrolment first: «Enrol the EU Login Mobile App»."), "error")
        return _back_to_the_app_panel()
    if form.validate_on_submit():
        if mobile_app.confirm_enrolment(account, form.code.data):
            flash(
                _("The EU Login Mobile App is enrolled. Choose it at your next sign-in."),
                "success",
            )
            return _back_to_the_app_panel()
        form.code.errors.append(
            _("This is not the code the app shows for this QR code. Type the code shown now.")
        )
    return _page(account, enrolment_form=form, status=400)


@bp.post("/eim/external/mobile-app/remove")
def remove_mobile_app():
    """Forget the enrolled app: signing in is by password again."""
    account = _signed_in_account()
    if account is None:
        return _sign_in_first()
    mobile_app.remove(account)
    flash(_("The EU Login Mobile App has been removed from your account."), "success")
    return _back_to_the_app_panel()
