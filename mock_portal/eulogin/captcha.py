"""The registration captcha: a code shown on the page and typed back.

With the control API on, the code is always ``TEST_CAPTCHA_CODE`` so that a
scripted registration knows what to type.
"""

import secrets

from flask import current_app, session

# No 0/O or 1/I: the code must be readable.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_KEY = "captcha"


def new_code() -> str:
    """Draw a new code for this session and return it."""
    if current_app.config["ADMIN_API"]:
        code = current_app.config["TEST_CAPTCHA_CODE"]
    else:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    session[_KEY] = code
    return code


def current_code() -> str:
    """The code this session must type, drawing one if there is none yet."""
    return session.get(_KEY) or new_code()


def matches(typed: str) -> bool:
    """Whether ``typed`` is this session's code (case does not matter)."""
    expected = session.get(_KEY)
    return bool(expected) and typed.strip().upper() == expected.upper()
