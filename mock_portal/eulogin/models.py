"""EU Login's records: accounts and their groups and mobile app, password links, sign-ins under
way, SSO sessions, service, proxy and proxy-granting tickets, captchas."""

import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assurance import EXTERNAL_ASSURANCE, PASSWORD


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
    # The EU Login Mobile App once enrolled: the TOTP secret it shares with EU Login, and
    # the last code accepted, which cannot serve twice.
    mobile_app_secret: Mapped[str | None] = mapped_column(String(64))
    mobile_app_enrolled_at: Mapped[datetime | None]
    last_mobile_app_code: Mapped[str | None] = mapped_column(String(16))
    last_mobile_app_code_at: Mapped[datetime | None]

    groups: Mapped[list["AccountGroup"]] = relationship(
        order_by="AccountGroup.name", cascade="all, delete-orphan"
    )

    domain = "external"
    # Self-registered accounts are the lowest level EU Login knows: LOW.
    assurance_level = EXTERNAL_ASSURANCE

    @property
    def activated(self) -> bool:
        """An account can sign in once its owner has set a password."""
        return self.password_hash is not None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_mobile_app(self) -> bool:
        return self.mobile_app_secret is not None

    @property
    def group_names(self) -> list[str]:
        return [group.name for group in self.groups]


class AccountGroup(db.Model):
    """A group an account belongs to (given through the control API)."""

    __table_args__ = (UniqueConstraint("account_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class MobileAppEnrolment(db.Model):
    """An enrolment under way: the secret shown as a QR code, until a first code confirms it."""

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class PasswordLink(db.Model):
    """The one-time link, sent by mail, that sets an account's password."""

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Where to send the user once the password is set (a registered service).
    service: Mapped[str | None] = mapped_column(String(2000))


class PendingSignIn(db.Model):
    """A sign-in whose password was right, waiting for the mobile app's code."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    wrong_codes: Mapped[int] = mapped_column(default=0)


class SsoSession(db.Model):
    """A ticket-granting session: what lets a user enter a second service unasked."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    # When the user last proved who they are, and how (PASSWORD, PASSWORD_MOBILE_APP).
    authenticated_at: Mapped[datetime]
    strength: Mapped[str] = mapped_column(String(32), default=PASSWORD)


class ServiceTicket(db.Model):
    """An ``ST-`` (service) or ``PT-`` (proxy) ticket: single use, one service, short-lived."""

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
    # What the sign-in behind it was: when, and how strong.
    authenticated_at: Mapped[datetime]
    strength: Mapped[str] = mapped_column(String(32), default=PASSWORD)
    # A proxy ticket's chain of proxies, the nearest first (JSON list; empty for an ST).
    proxies_json: Mapped[str] = mapped_column(Text, default="[]")

    @property
    def is_proxy_ticket(self) -> bool:
        return self.id.startswith("PT-")

    @property
    def proxies(self) -> list[str]:
        return json.loads(self.proxies_json)


class ProxyGrantingTicket(db.Model):
    """A ``PGT-`` ticket: lets the service at ``proxy_url`` ask proxy tickets for the user."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    iou: Mapped[str] = mapped_column(String(80), unique=True)
    proxy_url: Mapped[str] = mapped_column(String(2000))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    sso_session_id: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime]
    authenticated_at: Mapped[datetime]
    strength: Mapped[str] = mapped_column(String(32), default=PASSWORD)
    # The proxies before this one, when it was granted on a proxy ticket (JSON list).
    proxies_json: Mapped[str] = mapped_column(Text, default="[]")

    @property
    def proxies(self) -> list[str]:
        return json.loads(self.proxies_json)


class Captcha(db.Model):
    """The code a registration form shows, kept server-side: a signed session cookie is
    readable by its holder, so the code cannot travel in it."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(index=True)
