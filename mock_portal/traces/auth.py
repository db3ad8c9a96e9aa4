"""TRACES NT sessions, one per environment, opened by an EU Login ticket."""

from functools import wraps

from flask import redirect, request, session, url_for
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..extensions import db
from .cas_client import Principal
from .environments import current_environment
from .models import EndedSession, TracesUser


def _session_key() -> str:
    return f"traces.{current_environment().code}"


def _known_user(environment: str, uid: str) -> TracesUser | None:
    return db.session.scalar(
        db.select(TracesUser).where(TracesUser.environment == environment, TracesUser.uid == uid)
    )


def _recorded_user(environment: str, principal: Principal) -> TracesUser:
    user = _known_user(environment, principal.user)
    if user is not None:
        return user
    user = TracesUser(
        environment=environment,
        uid=principal.user,
        email=principal.email,
        first_name=principal.first_name,
        last_name=principal.last_name,
        first_seen_at=clock.now(),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # The same person's first visit from two tabs at once: the other one recorded it.
        db.session.rollback()
        return _known_user(environment, principal.user)
    return user


def sign_in(principal: Principal, ticket: str) -> TracesUser:
    """Open this environment's session for ``principal``, recording the user on first visit."""
    user = _recorded_user(current_environment().code, principal)
    # EU Login is the source of truth for names: refresh them at every sign-in.
    user.email = principal.email
    user.first_name = principal.first_name
    user.last_name = principal.last_name
    user.locale = principal.locale or "en"
    db.session.commit()
    # The ticket names the session for EU Login's single logout.
    session[_session_key()] = {"user": user.id, "ticket": ticket}
    return user


def sign_out() -> None:
    """Close this environment's session."""
    session.pop(_session_key(), None)


def end_session(ticket: str) -> None:
    """Record that EU Login ended the session opened with ``ticket``."""
    if db.session.get(EndedSession, ticket) is None:
        db.session.add(EndedSession(ticket=ticket, ended_at=clock.now()))
        db.session.commit()


def current_user() -> TracesUser | None:
    """The user signed in to this environment, if any."""
    opened = session.get(_session_key())
    if not isinstance(opened, dict):
        return None
    # Asked three or four times a request (the view's guard, the view, the page's frame): a
    # session still open is looked up once, and the user kept for the request. Kept, as the
    # database session only holds its objects weakly: the user would be read again each time.
    # On the request, not on ``g``: an application context may outlive a request.
    known = request.environ.setdefault("mock_portal.traces_users", {})
    key = (_session_key(), opened.get("user"), opened.get("ticket"))
    if key in known:
        return known[key]
    if db.session.get(EndedSession, opened.get("ticket", "")) is not None:
        sign_out()
        return None
    known[key] = db.session.get(TracesUser, opened.get("user"))
    return known[key]


def signin_required(view):
    """Send visitors without a session to the welcome page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for(".login"))
        return view(*args, **kwargs)

    return wrapped
