"""The app's screens: welcome and «Initialise», the PIN code that confirms an enrolment, the
sign-in requests to confirm or refuse, and «Scan QR code» for a one-time password."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock
from ..eulogin import devices
from ..eulogin.models import PendingSignIn
from ..extensions import db
from ..public_url import external_url, served_over_https
from . import bp
from .forms import PinForm, ScanForm
from .models import Installation, new_installation_id
from .scanning import UnreadablePicture, qr_texts

COOKIE = "eulogin_mobile_app"
# An installed app stays installed: a year, renewed at each use.
_COOKIE_AGE = timedelta(days=365)
# A phone's photo is a few megabytes; the portal's other forms stay under its usual limit.
MAX_PICTURE_BYTES = 8 * 1024 * 1024


# What a screen tells after a redirect travels in the address (``?notice=``), not in the
# session's flashed messages: in the scenarios and the walkthrough the phone shares its
# browser, so its session, with the PC, whose EU Login page, reloading as it waits for
# the app, would show the phone's message, and take it from the phone.
NOTICES = {
    "initialised": ("success", _l("Your EU Login Mobile App is initialised.")),
    "scan-first": ("error", _l("Scan the QR code of «Add a mobile device» first.")),
    "qr-spent": (
        "error",
        _l("This QR code serves no more: add your mobile device again on your PC."),
    ),
    "not-waiting": ("error", _l("This authentication request is no longer waiting.")),
    "refused": ("success", _l("The authentication request was refused.")),
}


def _to(endpoint: str, notice: str):
    return redirect(url_for(endpoint, notice=notice))


@bp.context_processor
def notice():
    """The notice the address names, if it names one of the app's."""
    return {"notice": NOTICES.get(request.args.get("notice", ""))}


@bp.before_request
def find_installation():
    """This browser's installation of the app, if it was ever initialised."""
    installation_id = request.cookies.get(COOKIE, "")
    g.installation = db.session.get(Installation, installation_id) if installation_id else None
    if request.endpoint in {"mobile_app.initialise", "mobile_app.scan"}:
        request.max_content_length = MAX_PICTURE_BYTES


def _installation() -> Installation | None:
    return g.installation


def _installed() -> Installation:
    """This browser's installation, made on first use."""
    if g.installation is None:
        g.installation = Installation(id=new_installation_id(), created_at=clock.now())
        db.session.add(g.installation)
    return g.installation


@bp.after_request
def keep_installation(response):
    """The installation lives in a cookie of the app's own path, like an app's storage."""
    installation = g.get("installation")
    if installation is not None:
        response.set_cookie(
            COOKIE,
            installation.id,
            max_age=_COOKIE_AGE,
            path=url_for("mobile_app.home"),
            httponly=True,
            secure=served_over_https(current_app),
            samesite="Lax",
        )
    return response


def _screen(template: str, status: int = 200, **context):
    installation = _installation()
    device = installation.device if installation is not None else None
    return render_template(
        f"mobile_app/{template}",
        installation=installation,
        device=device,
        time=clock.now(),
        **context,
    ), status


def _device():
    installation = _installation()
    return installation.device if installation is not None else None


@bp.get("/")
def home():
    """Welcome («Initialise») before the app holds an account; its requests afterwards."""
    device = _device()
    if device is None:
        return _screen("welcome.html", eu_login=external_url("eulogin.add_mobile_device"))
    return _screen("home.html", requests=devices.requests_for(device))


@bp.get("/state")
def state():
    """The requests waiting for this app, for its home screen to show new ones at once."""
    device = _device()
    waiting = devices.requests_for(device) if device is not None else []
    return jsonify(requests=[request.id for request in waiting])


def _read_qr(form: ScanForm) -> str | None:
    """The text of the QR code the form brings (a picture, or the text pasted); None with an
    error at the field when there is none."""
    if form.picture.data:
        try:
            found = qr_texts(form.picture.data.stream)
        except UnreadablePicture:
            form.picture.errors.append(_("This file is not a picture the app can read."))
            return None
        if not found:
            form.picture.errors.append(
                _("No QR code found in this picture. Take it again, the QR code whole and sharp.")
            )
            return None
        return found[0]
    if form.text.data:
        return form.text.data.strip()
    form.picture.errors.append(_("Take a picture of the QR code, or paste its text."))
    return None


@bp.route("/initialise", methods=["GET", "POST"])
def initialise():
    """«Initialise»: scan the QR code «Add a mobile device» shows on the PC."""
    device = _device()
    if device is not None:
        return _screen("already_initialised.html", status=409 if request.method == "POST" else 200)
    form = ScanForm()
    eu_login = external_url("eulogin.add_mobile_device")
    if form.validate_on_submit() and (text := _read_qr(form)) is not None:
        enrolment = devices.enrolment(devices.read_enrolment_qr(text))
        if enrolment is not None and devices.enrolment_state(enrolment) == devices.WAITING:
            installation = _installed()
            installation.enrolment_id = enrolment.id
            db.session.commit()
            return redirect(url_for("mobile_app.initialise_pin"))
        form.picture.errors.append(
            _(
                "This is not a valid QR code of «Add a mobile device» (or it has expired). On "
                "your PC, add your mobile device again and scan the new QR code."
            )
        )
    return _screen(
        "scan.html",
        status=400 if form.errors else 200,
        form=form,
        purpose="initialise",
        eu_login=eu_login,
    )


@bp.route("/initialise/pin", methods=["GET", "POST"])
def initialise_pin():
    """The PIN code chosen on the PC confirms the enrolment: the device counts from now."""
    installation = _installation()
    enrolment = devices.enrolment(installation.enrolment_id if installation else None)
    if installation is None or enrolment is None:
        return _to("mobile_app.initialise", "scan-first")
    form = PinForm()
    if form.validate_on_submit():
        answer = devices.confirm_enrolment(enrolment, form.pin.data)
        if answer.device is not None:
            installation.device_id = answer.device.id
            installation.enrolment_id = None
            installation.former_account = None
            db.session.commit()
            return _to("mobile_app.home", "initialised")
        if answer.problem == devices.WRONG_PIN:
            form.pin.errors.append(
                _(
                    "This is not the PIN code you chose on your PC. %(count)d tries left.",
                    count=answer.attempts_left,
                )
            )
        else:
            installation.enrolment_id = None
            db.session.commit()
            return _to("mobile_app.initialise", "qr-spent")
    return _screen("pin.html", status=400 if form.errors else 200, form=form, enrolment=enrolment)


def _own_request(request_id: str) -> PendingSignIn | None:
    device = _device()
    found = devices.live_request(request_id)
    if device is None or found is None or found.account_id != device.account_id:
        return None
    return found


@bp.route("/requests/<request_id>", methods=["GET", "POST"])
def answer_request(request_id: str):
    """«Continue» on a sign-in request: the PIN code confirms it."""
    device = _device()
    pending = _own_request(request_id)
    if pending is None or pending.method != devices.PIN or pending.state != devices.WAITING:
        return _to("mobile_app.home", "not-waiting")
    if not device.usable:
        return _screen("refused.html", status=400, reason=devices.BLOCKED)
    form = PinForm()
    if form.validate_on_submit():
        refusal = devices.approve_request(pending, device, form.pin.data)
        if refusal is None:
            return _screen("approved.html")
        return _screen("refused.html", status=400, reason=refusal)
    return _screen("pin.html", status=400 if form.errors else 200, form=form, pending=pending)


@bp.post("/requests/<request_id>/refuse")
def refuse_request(request_id: str):
    """Refuse a sign-in request the user did not make."""
    pending = _own_request(request_id)
    device = _device()
    if pending is not None and pending.state == devices.WAITING:
        devices.refuse_request(pending, device)
        return _to("mobile_app.home", "refused")
    return redirect(url_for("mobile_app.home"))


@bp.route("/scan", methods=["GET", "POST"])
def scan():
    """«Scan QR code»: the QR code of a sign-in gives the one-time password to type on the PC."""
    device = _device()
    if device is None:
        return redirect(url_for("mobile_app.home"))
    form = ScanForm()
    if form.validate_on_submit() and (text := _read_qr(form)) is not None:
        named = devices.read_sign_in_qr(text)
        pending = devices.live_request(named[1]) if named else None
        if named is None:
            form.picture.errors.append(_("This QR code is not an EU Login sign-in QR code."))
        elif named[0] != device.account.uid or pending is None or pending.method != devices.QR:
            form.picture.errors.append(
                _("This QR code is for another EU Login account, or it has expired.")
            )
        else:
            _installation().scanned_request_id = pending.id
            db.session.commit()
            return redirect(url_for("mobile_app.one_time_password"))
    return _screen("scan.html", status=400 if form.errors else 200, form=form, purpose="sign-in")


@bp.get("/one-time-password")
def one_time_password():
    """The one-time password for the QR code just scanned (it needs no network)."""
    device = _device()
    installation = _installation()
    if device is None or installation.scanned_request_id is None:
        return redirect(url_for("mobile_app.home"))
    return _screen("one_time_password.html", code=devices.one_time_password(device))


@bp.post("/done")
def done():
    """Back to the app's home screen."""
    installation = _installation()
    if installation is not None:
        installation.scanned_request_id = None
        db.session.commit()
    return redirect(url_for("mobile_app.home"))


@bp.post("/reset")
def reset():
    """Forget the account this app holds (as uninstalling it would); the device stays listed on
    the account until deleted from «My Account»."""
    installation = _installation()
    if installation is not None:
        db.session.delete(installation)
        db.session.commit()
        g.installation = None
    response = make_response(redirect(url_for("mobile_app.home")))
    response.delete_cookie(COOKIE, path=url_for("mobile_app.home"))
    return response
