"""EU Login's records: accounts, password links, SSO sessions and service tickets."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Account(db.Model):
    """A self-registered ("external") EU Login account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(16), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    mail_language: Mapped[str] = mapped_column(String(8), default="en")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    # Wrong passwords in a row, and until when the account is locked because of them.
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    last_failed_sign_in_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    domain = "external"

    @property
    def activated(self) -> bool:
        """An account can sign in once its owner has set a password."""
        return self.password_hash is not None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PasswordLink(db.Model):
    """The one-time link, sent by mail, that sets an account's password."""

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Where to send the user once the password is set (a registered service).
    service: Mapped[str | None] = mapped_column(String(2000))


class SsoSession(db.Model):
    """A ticket-granting session: what lets a user enter a second service unasked."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]


class ServiceTicket(db.Model):
    """An ``ST-`` ticket: single use, bound to one service, short-lived."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    service: Mapped[str] = mapped_column(String(2000))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    # The SSO session it was granted from: signing out of that session signs the
    # services out too (single logout).
    sso_session_id: Mapped[str | None] = mapped_column(String(80), index=True)
    # True when the password was typed for this ticket, which ``renew`` asks for.
    from_new_login: Mapped[bool] = mapped_column(default=False)
    consumed: Mapped[bool] = mapped_column(default=False)


class Captcha(db.Model):
    """The code a registration form shows, kept server-side: a signed session cookie is
    readable by its holder, so the code cannot travel in it."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(index=True)
