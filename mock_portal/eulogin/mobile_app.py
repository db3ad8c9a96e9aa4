"""The EU Login Mobile App: enrolled from the account page, then a six-digit code at sign-in.

The app is a TOTP authenticator (RFC 6238, pyotp): enrolment shares a secret, shown as
a QR code (segno) and as text, and a first code confirms it. Any authenticator app, or
a script with the secret, makes the codes. A code counts for the real time or the
portal's clock (which scenarios move), a step either side; one already accepted never
counts again.
"""

from datetime import UTC, datetime, timedelta

import pyotp
import segno
from markupsafe import Markup

from .. import clock
from ..extensions import db
from .models import Account, MobileAppEnrolment

ISSUER = "EU Login"
CODE_DIGITS = 6
# An accepted code stays spent for as long as it could still be accepted.
_SPENT_FOR = timedelta(seconds=90)


def start_enrolment(account: Account) -> str:
    """A new secret for ``account``'s app, kept until a code confirms it."""
    secret, now = pyotp.random_base32(), clock.now()
    enrolment = db.session.get(MobileAppEnrolment, account.id)
    if enrolment is None:
        enrolment = MobileAppEnrolment(account_id=account.id, secret=secret, created_at=now)
        db.session.add(enrolment)
    enrolment.secret, enrolment.created_at = secret, now
    db.session.commit()
    return secret


def enrolment_under_way(account: Account) -> MobileAppEnrolment | None:
    """The enrolment ``account`` started and has not confirmed, if any."""
    return db.session.get(MobileAppEnrolment, account.id)


def provisioning_uri(account: Account, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name=ISSUER)


def qr_code(account: Account, secret: str) -> Markup:
    """The QR code of the secret, as inline SVG with its text alternative."""
    svg = segno.make(provisioning_uri(account, secret), error="m").svg_inline(
        scale=5, title="QR code", dark="#0e3c6e"
    )
    # An image to assistive technology, named like the key it encodes is introduced.
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))


def _matches(secret: str, code: str) -> bool:
    totp = pyotp.TOTP(secret)
    real_now = datetime.now(UTC).replace(tzinfo=None)
    return any(
        totp.verify(code, for_time=moment, valid_window=1) for moment in (real_now, clock.now())
    )


def is_well_formed(code: str | None) -> bool:
    return bool(code) and code.isascii() and code.isdigit() and len(code) == CODE_DIGITS


def confirm_enrolment(account: Account, code: str) -> bool:
    """Enrol the app if ``code`` comes from the secret being enrolled."""
    enrolment = enrolment_under_way(account)
    if enrolment is None or not is_well_formed(code) or not _matches(enrolment.secret, code):
        return False
    account.mobile_app_secret = enrolment.secret
    account.mobile_app_enrolled_at = clock.now()
    db.session.delete(enrolment)
    db.session.commit()
    return True


def remove(account: Account) -> None:
    """Forget the account's app: sign-in is by password again."""
    account.mobile_app_secret = None
    account.mobile_app_enrolled_at = None
    db.session.commit()


def accept_code(account: Account, code: str) -> bool:
    """Whether ``code`` is a fresh code of the account's app; spend it if so."""
    if not account.has_mobile_app or not is_well_formed(code):
        return False
    if not _matches(account.mobile_app_secret, code):
        return False
    real_now = datetime.now(UTC).replace(tzinfo=None)
    previous = account.last_mobile_app_code_at
    if account.last_mobile_app_code == code and previous and real_now - previous < _SPENT_FOR:
        return False
    # Compare-and-set: of two sign-ins with one code at the same moment, one wins.
    spent = db.session.execute(
        db.update(Account)
        .where(
            Account.id == account.id,
            Account.last_mobile_app_code.is_not_distinct_from(account.last_mobile_app_code),
        )
        .values(last_mobile_app_code=code, last_mobile_app_code_at=real_now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(account)
    return spent == 1
