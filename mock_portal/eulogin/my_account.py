"""«My Account»: the details a signed-in user may change, «Manage my mobile devices» and «Add a
mobile device» (``/cas/mobile``, where the EU Login Mobile App tells its user to go).

Changing a verification factor asks for a factor already on the account: with a device
left, the SSO session must have been opened with the app in the last few minutes; with
none (a first device, or the only one lost), a recent sign-in with the password will do.
EU Login asks for that sign-in again otherwise. Every form here is a POST that
CSRFProtect checks before the view runs.
"""

from datetime import timedelta

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import clock
from ..extensions import db
from . import bp, devices
from .forms import AccountDetailsForm, MobileDeviceForm
from .models import Account, MobileDevice
from .signin import current_sso_session

# How recent the sign-in must be to change a factor.
FRESH_SIGN_IN = timedelta(minutes=10)
_ENROLMENT_KEY = "eulogin.enrolment"


@bp.context_processor
def signed_in_account():
    """The account of the browser's SSO session, for the gear menu of EU Login's pages."""
    sso = current_sso_session()
    return {"eu_login_account": sso.account if sso is not None else None}


def _sign_in_first():
    """A page needing a session: sign in, then come back (a form sent without one is 401)."""
    if request.method == "GET":
        return redirect(url_for("eulogin.login", next=request.full_path.rstrip("?")))
    return render_template("eulogin/sign_in_first.html"), 401


def _confirm_it_is_you(account: Account, sso, leaving: MobileDevice | None = None):
    """None when the session may change the account's factors; else the sign-in that
    proves it (with a device left on the account, one of them)."""
    others = [d for d in account.devices if d.usable and d is not leaving]
    recent = clock.now() - sso.authenticated_at <= FRESH_SIGN_IN
    with_a_device = sso.device_identifier is not None and any(
        d.identifier == sso.device_identifier for d in others
    )
    if recent and (with_a_device or not others):
        return None
    # A form sent comes back to the page it was sent from, to be sent again.
    back = url_for("eulogin.mobile_devices") if request.method == "POST" else request.path
    query = {"renew": "true", "next": back}
    if others:
        query["authenticationLevel"] = "MEDIUM"
    flash(
        _(
            "To change how you sign in, confirm who you are: sign in again, with a mobile "
            "device already on your account if you have one."
        ),
        "info",
    )
    return redirect(url_for("eulogin.login", **query))


@bp.route("/eim/external/account.cgi", methods=["GET", "POST"])
def old_account_page():
    """The account page's former address."""
    return redirect(url_for("eulogin.my_account"), code=308)


@bp.route("/userdata/myAccount.cgi", methods=["GET", "POST"])
def my_account():
    """The account's details (name, mail language), its devices and the password link."""
    sso = current_sso_session()
    if sso is None:
        return _sign_in_first()
    account = sso.account
    form = AccountDetailsForm(obj=account)
    if form.validate_on_submit():
        form.populate_obj(account)
        db.session.commit()
        flash(_("Your details have been saved."), "success")
        return redirect(url_for("eulogin.my_account"))
    return render_template(
        "eulogin/my_account.html", form=form, account=account
    ), 400 if form.errors else 200


@bp.get("/userdata/mobileDevices.cgi")
def mobile_devices():
    """«Manage my mobile devices»: each device's name and date, to delete."""
    sso = current_sso_session()
    if sso is None:
        return _sign_in_first()
    return render_template("eulogin/mobile_devices.html", account=sso.account)


@bp.post("/userdata/mobileDevices.cgi/<device_identifier>/delete")
def delete_mobile_device(device_identifier: str):
    """Delete one of the account's devices (a lost or reinstalled phone)."""
    sso = current_sso_session()
    if sso is None:
        return _sign_in_first()
    account = sso.account
    device = next((d for d in account.devices if d.identifier == device_identifier), None)
    if device is None:
        flash(_("This device is not on your account (any more)."), "error")
        return redirect(url_for("eulogin.mobile_devices"))
    if proof := _confirm_it_is_you(account, sso, leaving=device):
        return proof
    name = device.name
    devices.delete_device(device)
    flash(_("The device «%(name)s» has been deleted from your account.", name=name), "success")
    return redirect(url_for("eulogin.mobile_devices"))


@bp.route("/mobile", methods=["GET", "POST"])
def add_mobile_device():
    """«Add a mobile device»: a name and a PIN code; then the QR code for the app."""
    sso = current_sso_session()
    if sso is None:
        return _sign_in_first()
    account = sso.account
    if proof := _confirm_it_is_you(account, sso):
        return proof
    form = MobileDeviceForm()
    if form.validate_on_submit():
        enrolment = devices.start_enrolment(account, form.name.data, form.pin.data)
        session[_ENROLMENT_KEY] = enrolment.id
        return redirect(url_for("eulogin.mobile_device_qr_code"))
    return render_template(
        "eulogin/add_mobile_device.html", form=form, account=account
    ), 400 if form.errors else 200


def _own_enrolment(account: Account):
    found = devices.enrolment(session.get(_ENROLMENT_KEY))
    return found if found is not None and found.account_id == account.id else None


@bp.route("/mobile/qrcode", methods=["GET", "POST"])
def mobile_device_qr_code():
    """The QR code the app scans; the page goes on by itself once the app confirmed it."""
    sso = current_sso_session()
    if sso is None:
        return _sign_in_first()
    enrolment = _own_enrolment(sso.account)
    state = devices.enrolment_state(enrolment)
    if state == "confirmed":
        session.pop(_ENROLMENT_KEY, None)
        flash(
            _(
                "Your mobile device «%(name)s» has been added. Choose «EU Login Mobile App PIN "
                "Code» or «EU Login Mobile App QR Code» at your next sign-in.",
                name=enrolment.name,
            ),
            "success",
        )
        return redirect(url_for("eulogin.mobile_devices"))
    if state != devices.WAITING:
        session.pop(_ENROLMENT_KEY, None)
        flash(_("This QR code has expired. Please add your mobile device again."), "error")
        return redirect(url_for("eulogin.add_mobile_device"))
    text = devices.enrolment_qr_text(enrolment)
    return render_template(
        "eulogin/mobile_device_qr_code.html",
        enrolment=enrolment,
        qr_code=devices.qr_svg(text),
        qr_text=text,
        status_url=url_for("eulogin.mobile_device_enrolment_state"),
    )


@bp.get("/mobile/qrcode/state")
def mobile_device_enrolment_state():
    """Whether the app has confirmed the QR code yet, for the page to go on by itself."""
    sso = current_sso_session()
    enrolment = _own_enrolment(sso.account) if sso is not None else None
    return jsonify(state=devices.enrolment_state(enrolment))
