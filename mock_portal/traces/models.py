"""TRACES NT's own records, kept apart per environment."""

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class TracesUser(db.Model):
    """A person known to one TRACES NT environment, identified by EU Login."""

    __table_args__ = (UniqueConstraint("environment", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    environment: Mapped[str] = mapped_column(String(16))
    uid: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    first_seen_at: Mapped[datetime]

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
