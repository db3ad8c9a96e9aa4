"""Hostile input stops at the door: ids out of range, NUL characters, control characters in
redirect targets; and the headers that keep tickets out of caches and other sites.

A shared test portal is typed into by a whole classroom and probed by scripts; what it
cannot store or route must be refused with a 4xx and a reason, never reach the database
as a 500.
"""

import unicodedata

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

# Ids are 32-bit INTEGER columns on PostgreSQL; anything larger can name no record.
MAX_ID = 2**31 - 1
# The furthest page of a list an address may ask for: any further was typed, not followed.
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    """``<id:name>``: a record id, 1 to ``MAX_ID``; anything else is a 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def has_control_characters(text: str, allowed: str = "") -> bool:
    """Whether ``text`` holds a control character (C0, DEL, C1) other than ``allowed``."""
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in text)


def checked_redirect_target(target: str | None, refusal) -> str | None:
    """``target`` unchanged, or 400 with ``refusal()`` (the message) if it holds control
    characters, which would let it write headers of its own."""
    if target and has_control_characters(target):
        abort(400, description=refusal())
    return target


def record_id(value: str | None) -> int | None:
    """A record id from a form or query value, or None if it cannot be one."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def page_or_none(raw: str | None, maximum: int = MAX_PAGE) -> int | None:
    """``raw`` as a page number, 1 to ``maximum``, or None when it is none."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    number = int(raw)
    return number if 1 <= number <= maximum else None


def page_number(name: str = "page", maximum: int = MAX_PAGE) -> int:
    """The page asked for in the query string: 1 by default, 400 when it is no page."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return 1
    number = page_or_none(raw, maximum)
    if number is None:
        abort(
            400,
            description=_(
                "The page number must be a whole number from 1 to %(maximum)d.", maximum=maximum
            ),
        )
    return number


def answers_any_text(view):
    """Mark a view that answers any parameter in its own protocol (the CAS validation
    endpoints answer a failure code, not an HTML 400)."""
    view.answers_any_text = True
    return view


def _refuse_nul_characters() -> None:
    # No form can type U+0000 and PostgreSQL cannot store it: whatever sends it is probing.
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "answers_any_text", False):
        return
    values = [request.path, *request.args.values(), *request.cookies.values()]
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400, description=_("The request contains a NUL character."))


def _protective_headers(response):
    headers = response.headers
    # Pages carry tickets, password-link tokens and CSRF tokens: never cache them.
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # A ticket in the address must not travel to another site in the Referer header.
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the ``id`` converter and the guards of every request."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(_refuse_nul_characters)
    app.after_request(_protective_headers)
