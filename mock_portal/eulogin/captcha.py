"""The registration captcha: a code shown on the page and typed back.

The code lives in the database, the session only names it: Flask's session cookie is
signed, not encrypted, so a code kept there could be read back by a script. With the
control API on, the code is always ``TEST_CAPTCHA_CODE`` so that a scripted
registration knows what to type.
"""

import secrets
from datetime import timedelta

from flask import current_app, session

from .. import clock
from ..extensions import db
from .models import Captcha

# No 0/O or 1/I: the code must be readable.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_KEY = "captcha"
# Codes nobody typed back are cleared after a day.
_KEPT = timedelta(days=1)


def _current() -> Captcha | None:
    captcha_id = session.get(_KEY)
    return db.session.get(Captcha, captcha_id) if isinstance(captcha_id, str) else None


def new_code() -> str:
    """Draw a new code for this browser and return it; the previous one stops counting."""
    if current_app.config["ADMIN_API"]:
        code = current_app.config["TEST_CAPTCHA_CODE"]
    else:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    now = clock.now()
    if (previous := _current()) is not None:
        db.session.delete(previous)
    db.session.execute(db.delete(Captcha).where(Captcha.created_at < now - _KEPT))
    captcha = Captcha(id=secrets.token_urlsafe(24), code=code, created_at=now)
    db.session.add(captcha)
    db.session.commit()
    session[_KEY] = captcha.id
    return code


def current_code() -> str:
    """The code this browser must type, drawing one if there is none yet."""
    captcha = _current()
    return captcha.code if captcha is not None else new_code()


def matches(typed: str) -> bool:
    """Whether ``typed`` is this browser's code (case does not matter)."""
    captcha = _current()
    return captcha is not None and (typed or "").strip().upper() == captcha.code.upper()
