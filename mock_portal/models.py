"""Models shared by both portals: the clock offset, the daily purge and captured mail."""

from datetime import date, datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class SchemaVersion(db.Model):
    """Which version of the mock's tables the database holds (a digest of them)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))


class ClockOffset(db.Model):
    """Single row holding how far the portal's clock is moved."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seconds: Mapped[float] = mapped_column(default=0)
    # When set, time stands still at this instant (plus any later moves), so that
    # pages showing a time look the same from one run to the next.
    frozen_at: Mapped[datetime | None]


class PurgeRun(db.Model):
    """A day, by the portal's clock, when the daily purge of old data ran. The day is the key:
    of several workers or instances looking at once, only the first one to record it purges."""

    day: Mapped[date] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]


class Mail(db.Model):
    """A mail the portal sent; nothing leaves the machine, the mailbox shows it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sender: Mapped[str] = mapped_column(String(254))
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]

    def as_json(self) -> dict:
        """The mail as the control API lists it."""
        from .mailbox import links_in

        return {
            "id": self.id,
            "from": self.sender,
            "to": self.recipient,
            "subject": self.subject,
            "body": self.body,
            "links": links_in(self.body),
            "sent_at": self.sent_at.isoformat(timespec="seconds") + "Z",
        }
