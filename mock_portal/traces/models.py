"""TRACES NT's own records. Everything a user creates is kept per environment."""

from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class TracesUser(db.Model):
    """A person known to one TRACES NT environment, identified by EU Login."""

    # AUTOINCREMENT: SQLite would give the id of a purged user to the next one, and a
    # browser still holding the purged user's session would open the newcomer's.
    __table_args__ = (UniqueConstraint("environment", "uid"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    environment: Mapped[str] = mapped_column(String(16))
    uid: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    first_seen_at: Mapped[datetime]
    # Made by the seed, which the purge never deletes (a date could be anyone's).
    seeded: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Notification preferences: which events send this user a mail.
    notify_role_status: Mapped[bool] = mapped_column(default=True)
    notify_new_requests: Mapped[bool] = mapped_column(default=True)
    notify_activity_status: Mapped[bool] = mapped_column(default=True)

    roles: Mapped[list["Role"]] = relationship(
        back_populates="user", foreign_keys="Role.user_id", order_by="Role.id"
    )

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class EndedSession(db.Model):
    """A TRACES NT session EU Login ended by single logout, known by its ticket."""

    ticket: Mapped[str] = mapped_column(String(80), primary_key=True)
    ended_at: Mapped[datetime]


class Organisation(db.Model):
    """A competent authority or an organic control body (reference data)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "authority" or "control_body"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))


def _unique_where(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows ``where`` holds: what keeps simultaneous requests from
    both passing a check that each made alone (both SQLite and PostgreSQL enforce it)."""
    condition = text(where)
    return Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)


# Open roles: those a user may not ask for twice.
OPEN_ROLE = "status IN ('requested', 'valid', 'suspended')"


class Operator(db.Model):
    """A company registered in one environment: exporter, forwarder, importer..."""

    # One operator per EORI number in an environment, whoever creates it first.
    __table_args__ = (
        _unique_where("uq_operator_eori", "environment", "eori", where="eori IS NOT NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    environment: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(200))
    eori: Mapped[str | None] = mapped_column(String(17), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime]
    seeded: Mapped[bool] = mapped_column(default=False, server_default=false())

    activities: Mapped[list["OperatorActivity"]] = relationship(
        back_populates="operator", order_by="OperatorActivity.id", cascade="all, delete-orphan"
    )
    roles: Mapped[list["Role"]] = relationship(back_populates="operator")


class OperatorActivity(db.Model):
    """An activity of an operator in a section; new ones wait for an authority."""

    __table_args__ = (
        _unique_where(
            "uq_operator_activity",
            "operator_id",
            "section_code",
            "activity_code",
            where="status != 'refused'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operator.id"), index=True)
    operator: Mapped[Operator] = relationship(back_populates="activities")
    section_code: Mapped[str] = mapped_column(String(32))
    activity_code: Mapped[str] = mapped_column(String(64))
    identifier: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new")  # new, valid, refused
    created_at: Mapped[datetime]
    seeded: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Two authorities deciding at once: the second one's change finds another version.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__: ClassVar[dict] = {"version_id_col": version}


class Role(db.Model):
    """A user's position with an operator, an authority or a control body."""

    __table_args__ = (
        _unique_where("uq_open_operator_role", "user_id", "operator_id", where=OPEN_ROLE),
        _unique_where("uq_open_organisation_role", "user_id", "organisation_id", where=OPEN_ROLE),
        # The reviewers' lists, newest first, in a status tab or all: a page is read from the
        # index, where the database sorted every role of the environment for each page (on
        # a year of CI's 10,000, 18 ms of PostgreSQL's time a page, 0.3 ms so).
        Index("ix_role_review_by_status", "environment", "status", "requested_at", "id"),
        Index("ix_role_review", "environment", "requested_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    environment: Mapped[str] = mapped_column(String(16))
    # Every TRACES NT page reads the user's roles; deciding reads the operator's.
    user_id: Mapped[int] = mapped_column(ForeignKey("traces_user.id"), index=True)
    user: Mapped[TracesUser] = relationship(back_populates="roles", foreign_keys=[user_id])
    kind: Mapped[str] = mapped_column(String(16))  # operator, authority, control_body
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operator.id"), index=True)
    operator: Mapped[Operator | None] = relationship(back_populates="roles")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    organisation: Mapped[Organisation | None] = relationship()
    # requested, valid, suspended, refused
    status: Mapped[str] = mapped_column(String(16), default="requested")
    is_admin: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    requested_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("traces_user.id"))
    decided_by: Mapped[TracesUser | None] = relationship(foreign_keys=[decided_by_id])
    seeded: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Two reviewers deciding at once: the second one's change finds another version.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__: ClassVar[dict] = {"version_id_col": version}

    @property
    def country(self) -> str:
        """The country whose authorities are competent for this role."""
        target = self.operator or self.organisation
        return target.country

    @property
    def organisation_name(self) -> str:
        return (self.operator or self.organisation).name
