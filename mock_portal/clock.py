"""The portal's clock: real time plus an offset the control API can move.

Every expiry (password links, service tickets, SSO sessions) reads this clock,
so a scenario can jump 91 minutes ahead instead of waiting for them.
"""

from datetime import UTC, datetime, timedelta

from flask import g

from .extensions import db
from .models import ClockOffset

# Where an application context (a request) keeps the clock's row once read.
_READING = "portal_clock"


def _real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _setting() -> ClockOffset:
    return db.session.get(ClockOffset, 1) or ClockOffset(id=1, seconds=0)


def _reading() -> tuple[datetime | None, float]:
    """The clock's row as (frozen at, seconds ahead), read once per application context.

    Every expiry reads the clock, and each commit made the row stale, so a password sign-in
    read it three times from the database (a twentieth of the Flask tests' time). One
    request now sees one setting; another process's move shows from its next request, this
    process's own moves and resets at once (``forget``).
    """
    reading = g.get(_READING)
    if reading is None:
        setting = _setting()
        reading = (setting.frozen_at, setting.seconds or 0)
        setattr(g, _READING, reading)
    return reading


def forget() -> None:
    """The clock's row changed: read it again."""
    g.pop(_READING, None)


def offset() -> timedelta:
    """How far the portal's clock is ahead of real time."""
    frozen_at, seconds = _reading()
    if frozen_at is not None:
        return frozen_at - _real_now()
    # Exact while the clock runs: two readings of real time would differ by microseconds.
    return timedelta(seconds=seconds)


def is_frozen() -> bool:
    """Whether the clock stands still."""
    return _reading()[0] is not None


def now() -> datetime:
    """The portal's current time, naive UTC."""
    frozen_at, seconds = _reading()
    if frozen_at is not None:
        return frozen_at
    return _real_now() + timedelta(seconds=seconds)


def advance(delta: timedelta) -> datetime:
    """Move the clock forward (or back) by ``delta`` and return the new time."""
    setting = _setting()
    if setting.frozen_at is not None:
        setting.frozen_at += delta
    else:
        setting.seconds = (setting.seconds or 0) + delta.total_seconds()
    db.session.add(setting)
    db.session.commit()
    forget()
    return now()


def set_now(moment: datetime) -> datetime:
    """Set the clock to ``moment`` (naive UTC)."""
    return advance(moment - now())


def freeze(frozen: bool) -> datetime:
    """Stop the clock at the current portal time, or let it run again from there."""
    setting = _setting()
    current = now()
    if frozen:
        setting.frozen_at = current
    else:
        setting.frozen_at = None
        setting.seconds = (current - _real_now()).total_seconds()
    db.session.add(setting)
    db.session.commit()
    forget()
    return now()
