"""The EU Login Mobile App as EU Login knows it: devices added from «Add a mobile device», and the
requests a sign-in sends them.

A device is enrolled in two halves: on the PC the user names it and chooses a 4-digit PIN
code, and EU Login shows a QR code; the app scans it and confirms the PIN, and only then
does the device count. The QR code is a standard ``otpauth://`` address (RFC 6238, the key
in clear), so that any authenticator app, or a script with the key, makes the same
one-time passwords as the app; it also names the enrolment the app confirms.

At sign-in the app answers in one of two ways: a request it shows, which the user
confirms with the PIN code (PASSWORD_MOBILE_APP), or a QR code on the PC that the app
scans to show a one-time password the user types (PASSWORD_SOFTWARE_TOKEN).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pyotp
import segno
from markupsafe import Markup
from werkzeug.security import check_password_hash

from .. import clock
from ..extensions import db
from .accounts import hash_password
from .assurance import PASSWORD_MOBILE_APP, PASSWORD_SOFTWARE_TOKEN
from .models import Account, MobileDevice, MobileDeviceEnrolment, PendingSignIn

ISSUER = "EU Login"
PIN_LENGTH = 4
DEVICE_NAME_LENGTH = 50
CODE_DIGITS = 6
# The QR code of «Add a mobile device» is for the phone in the user's hand, now.
ENROLMENT_LIFETIME = timedelta(minutes=10)
# A request left unanswered this long expires: long enough to pick up a phone.
REQUEST_LIFETIME = timedelta(minutes=5)
# Wrong PIN codes in a row before a device answers no more (it is deleted and added again).
WRONG_PINS_ALLOWED = 5
# An accepted one-time password stays spent for as long as it could still be accepted.
_SPENT_FOR = timedelta(seconds=90)
# What the sign-in QR code carries: the app reads which account and which request it is.
SIGN_IN_SCHEME = "eulogin"

PIN = "pin"
QR = "qr"
STRENGTHS = {PIN: PASSWORD_MOBILE_APP, QR: PASSWORD_SOFTWARE_TOKEN}

WAITING, APPROVED, REFUSED = "waiting", "approved", "refused"
WRONG_PIN, REFUSED_BY_USER, BLOCKED = "wrong-pin", "refused", "blocked"


@dataclass(frozen=True)
class Factor:
    """How a sign-in was verified: the strength, and the device if one was used."""

    strength: str
    device: MobileDevice | None = None


def is_pin(value: str | None) -> bool:
    """Whether ``value`` is written as a PIN code: four digits."""
    return bool(value) and value.isascii() and value.isdigit() and len(value) == PIN_LENGTH


def _token() -> str:
    return secrets.token_urlsafe(24)


def _real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# -- Enrolment ---------------------------------------------------------------------------


def start_enrolment(account: Account, name: str, pin: str) -> MobileDeviceEnrolment:
    """Record the device ``name`` and ``pin`` chosen on the PC, with a new key."""
    enrolment = MobileDeviceEnrolment(
        id=_token(),
        account=account,
        name=name.strip(),
        secret=pyotp.random_base32(),
        pin_hash=hash_password(pin),
        created_at=clock.now(),
    )
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def enrolment_qr_text(enrolment: MobileDeviceEnrolment) -> str:
    """What the enrolment's QR code says: an ``otpauth://`` address with the key, and the
    enrolment the EU Login Mobile App confirms (other authenticator apps ignore it)."""
    uri = pyotp.TOTP(enrolment.secret).provisioning_uri(
        name=enrolment.account.email, issuer_name=ISSUER
    )
    return f"{uri}&{urlencode({'enrolment': enrolment.id})}"


def _expired(moment: datetime, lifetime: timedelta) -> bool:
    return clock.now() - moment > lifetime


def enrolment(enrolment_id: str | None) -> MobileDeviceEnrolment | None:
    """The enrolment ``enrolment_id``, confirmed or not, while its QR code is valid."""
    found = db.session.get(MobileDeviceEnrolment, enrolment_id) if enrolment_id else None
    if found is None or (
        found.device_id is None and _expired(found.created_at, ENROLMENT_LIFETIME)
    ):
        return None
    return found


def enrolment_state(found: MobileDeviceEnrolment | None) -> str:
    """``waiting`` (for the app), ``confirmed``, or ``expired`` (or unknown)."""
    if found is None:
        return "expired"
    if found.device_id is not None:
        return "confirmed"
    if found.wrong_pins >= WRONG_PINS_ALLOWED:
        return "expired"
    return WAITING


@dataclass(frozen=True)
class EnrolmentAnswer:
    """What the app's PIN code did to an enrolment: the new device, or why not (``wrong-pin``
    with the tries left, or ``expired`` when the QR code serves no more)."""

    device: MobileDevice | None = None
    problem: str | None = None
    attempts_left: int = 0


def confirm_enrolment(found: MobileDeviceEnrolment, pin: str) -> EnrolmentAnswer:
    """The app scanned the QR code and typed ``pin``: the device counts if it is the PIN
    chosen on the PC. Too many wrong ones end the enrolment."""
    if enrolment_state(found) != WAITING:
        return EnrolmentAnswer(problem="expired")
    if not (is_pin(pin) and check_password_hash(found.pin_hash, pin)):
        found.wrong_pins += 1
        db.session.commit()
        left = WRONG_PINS_ALLOWED - found.wrong_pins
        return EnrolmentAnswer(problem=WRONG_PIN if left else "expired", attempts_left=left)
    device = MobileDevice(
        identifier=_token()[:32],
        account=found.account,
        name=found.name,
        secret=found.secret,
        pin_hash=found.pin_hash,
        created_at=clock.now(),
    )
    db.session.add(device)
    db.session.flush()
    # Compare-and-set: of two apps confirming one QR code at once, one gets the device.
    taken = db.session.execute(
        db.update(MobileDeviceEnrolment)
        .where(MobileDeviceEnrolment.id == found.id, MobileDeviceEnrolment.device_id.is_(None))
        .values(device_id=device.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        return EnrolmentAnswer(problem="expired")
    db.session.commit()
    db.session.refresh(found)
    return EnrolmentAnswer(device=device)


def delete_device(device: MobileDevice) -> None:
    """Remove ``device`` from its account: its app answers no more for it."""
    db.session.execute(db.delete(PendingSignIn).where(PendingSignIn.device_id == device.id))
    db.session.execute(
        db.update(MobileDeviceEnrolment)
        .where(MobileDeviceEnrolment.device_id == device.id)
        .values(device_id=None, wrong_pins=WRONG_PINS_ALLOWED)
        .execution_options(synchronize_session=False)
    )
    from ..mobile_app.models import forget_device

    forget_device(device.id)
    db.session.delete(device)
    db.session.commit()


def qr_svg(text: str, label: str = "QR code") -> Markup:
    """A QR code of ``text``, as inline SVG with a text alternative."""
    # No fixed size: the viewBox lets the page size it whole, modules kept crisp.
    svg = segno.make(text, error="m").svg_inline(
        scale=5, title=label, dark="#0e3c6e", omitsize=True
    )
    # An image to assistive technology, named as the page introduces it.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


def check_pin(device: MobileDevice, pin: str) -> bool:
    """Whether ``pin`` is the device's PIN code; wrong ones count towards blocking it."""
    if is_pin(pin) and check_password_hash(device.pin_hash, pin):
        device.wrong_pins = 0
        db.session.commit()
        return True
    device.wrong_pins += 1
    db.session.commit()
    return False


# -- One-time passwords (RFC 6238) -------------------------------------------------------


def one_time_password(device: MobileDevice, moment: datetime | None = None) -> str:
    """The one-time password the app shows at ``moment`` (the portal's time by default)."""
    return pyotp.TOTP(device.secret).at(moment or clock.now())


def is_well_formed_code(code: str | None) -> bool:
    return bool(code) and code.isascii() and code.isdigit() and len(code) == CODE_DIGITS


def _matches(secret: str, code: str) -> bool:
    # The phone runs on real time; scenarios move the portal's clock: either counts.
    totp = pyotp.TOTP(secret)
    return any(
        totp.verify(code, for_time=moment, valid_window=1) for moment in (_real_now(), clock.now())
    )


def device_for_code(account: Account, code: str) -> MobileDevice | None:
    """The account's device whose one-time password ``code`` is, if it is a fresh one; it is
    then spent."""
    if not is_well_formed_code(code):
        return None
    for device in account.devices:
        if device.usable and _matches(device.secret, code) and _spend(device, code):
            return device
    return None


def _spend(device: MobileDevice, code: str) -> bool:
    real_now = _real_now()
    previous = device.last_code_at
    if device.last_code == code and previous and real_now - previous < _SPENT_FOR:
        return False
    # Compare-and-set: of two sign-ins with one code at the same moment, one wins.
    spent = db.session.execute(
        db.update(MobileDevice)
        .where(
            MobileDevice.id == device.id,
            MobileDevice.last_code.is_not_distinct_from(device.last_code),
        )
        .values(last_code=code, last_code_at=real_now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(device)
    return spent == 1


# -- Sign-in requests --------------------------------------------------------------------


def open_request(account: Account, method: str) -> PendingSignIn:
    """A sign-in whose password was right, waiting for the app (``pin`` or ``qr``)."""
    request = PendingSignIn(id=_token(), account=account, created_at=clock.now(), method=method)
    db.session.add(request)
    db.session.commit()
    return request


def live_request(request_id: str | None) -> PendingSignIn | None:
    """The sign-in request ``request_id``, unless it is unknown or left unanswered too long."""
    found = db.session.get(PendingSignIn, request_id) if request_id else None
    if found is None or (found.state == WAITING and _expired(found.created_at, REQUEST_LIFETIME)):
        return None
    return found


def request_qr_text(request: PendingSignIn) -> str:
    """What the sign-in QR code says: the account and the request, for the app to read
    offline (its one-time password comes from the key it already holds)."""
    query = urlencode({"user": request.account.uid, "request": request.id})
    return f"{SIGN_IN_SCHEME}://sign-in?{query}"


def read_sign_in_qr(text: str) -> tuple[str, str] | None:
    """The (uid, request id) a sign-in QR code names, or None if it is not one."""
    parts = urlsplit(text.strip())
    if parts.scheme != SIGN_IN_SCHEME or parts.netloc != "sign-in":
        return None
    query = parse_qs(parts.query)
    user, request = query.get("user", [""])[0], query.get("request", [""])[0]
    return (user, request) if user and request else None


def read_enrolment_qr(text: str) -> str | None:
    """The enrolment an ``otpauth://`` QR code of «Add a mobile device» names, if any."""
    parts = urlsplit(text.strip())
    if parts.scheme != "otpauth":
        return None
    return parse_qs(parts.query).get("enrolment", [None])[0]


def requests_for(device: MobileDevice) -> list[PendingSignIn]:
    """The PIN requests waiting for the app of ``device`` (its account's), newest first."""
    if not device.usable:
        return []
    found = db.session.scalars(
        db.select(PendingSignIn)
        .where(
            PendingSignIn.account_id == device.account_id,
            PendingSignIn.method == PIN,
            PendingSignIn.state == WAITING,
            PendingSignIn.created_at >= clock.now() - REQUEST_LIFETIME,
        )
        .order_by(PendingSignIn.created_at.desc())
    )
    return list(found)


def _answer(request: PendingSignIn, device: MobileDevice, state: str, reason: str | None) -> bool:
    # Compare-and-set: a request is answered once, by one device.
    answered = db.session.execute(
        db.update(PendingSignIn)
        .where(PendingSignIn.id == request.id, PendingSignIn.state == WAITING)
        .values(state=state, reason=reason, device_id=device.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(request)
    return answered == 1


def approve_request(request: PendingSignIn, device: MobileDevice, pin: str) -> str | None:
    """The app confirms ``request`` with ``pin``: None when approved, else the reason it was
    refused (wrong-pin, blocked)."""
    if check_pin(device, pin):
        return None if _answer(request, device, APPROVED, None) else REFUSED_BY_USER
    reason = WRONG_PIN if device.usable else BLOCKED
    _answer(request, device, REFUSED, reason)
    return reason


def refuse_request(request: PendingSignIn, device: MobileDevice) -> None:
    """The user refused ``request`` in the app."""
    _answer(request, device, REFUSED, REFUSED_BY_USER)


def forget_request(request: PendingSignIn) -> None:
    db.session.delete(request)
    db.session.commit()
