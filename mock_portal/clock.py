"""The portal's clock: real time plus an offset the control API can move.

Every expiry (password links, service tickets, SSO sessions) reads this clock,
so a scenario can jump 91 minutes ahead instead of waiting for them.
"""

from datetime import UTC, datetime, timedelta

from .extensions import db
from .models import ClockOffset


def _real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def offset() -> timedelta:
    """How far the portal's clock is ahead of real time."""
    row = db.session.get(ClockOffset, 1)
    return timedelta(seconds=row.seconds if row else 0)


def now() -> datetime:
    """The portal's current time, naive UTC."""
    return _real_now() + offset()


def advance(delta: timedelta) -> datetime:
    """Move the clock forward (or back) by ``delta`` and return the new time."""
    row = db.session.get(ClockOffset, 1) or ClockOffset(id=1, seconds=0)
    row.seconds += delta.total_seconds()
    db.session.add(row)
    db.session.commit()
    return now()


def set_now(moment: datetime) -> datetime:
    """Set the clock to ``moment`` (naive UTC)."""
    return advance(moment - now())
