"""EU Login's records: accounts, their groups and mobile devices, password links, sign-ins under
way, SSO sessions, service, proxy and proxy-granting tickets, captchas."""

import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
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
    # Made by the seed (the authorities' accounts), which the purge never deletes.
    seeded: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Wrong passwords in a row, and until when the account is locked because of them.
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    last_failed_sign_in_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]

    groups: Mapped[list["AccountGroup"]] = relationship(
        order_by="AccountGroup.name", cascade="all, delete-orphan"
    )
    # The EU Login Mobile App installations added from «Add a mobile device», oldest first.
    devices: Mapped[list["MobileDevice"]] = relationship(
        order_by="MobileDevice.id", cascade="all, delete-orphan", back_populates="account"
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
        """Whether a mobile device can give this account a second factor."""
        return any(device.usable for device in self.devices)

    @property
    def group_names(self) -> list[str]:
        return [group.name for group in self.groups]


class AccountGroup(db.Model):
    """A group an account belongs to (given through the control API)."""

    __table_args__ = (UniqueConstraint("account_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class MobileDevice(db.Model):
    """An EU Login Mobile App installation added to an account: its name, the key its one-time
    passwords come from (RFC 6238), and its PIN code (hashed)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # EU Login's own identifier of the device, as validation responses give it.
    identifier: Mapped[str] = mapped_column(String(40), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    account: Mapped[Account] = relationship(back_populates="devices")
    name: Mapped[str] = mapped_column(String(50))
    secret: Mapped[str] = mapped_column(String(64))
    pin_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    # Wrong PIN codes in a row; at the limit the device answers no more requests.
    wrong_pins: Mapped[int] = mapped_column(default=0)
    # The last one-time password accepted, which cannot serve twice.
    last_code: Mapped[str | None] = mapped_column(String(16))
    last_code_at: Mapped[datetime | None]

    @property
    def usable(self) -> bool:
        """Whether the device still answers (not blocked by wrong PIN codes)."""
        from .devices import WRONG_PINS_ALLOWED

        return self.wrong_pins < WRONG_PINS_ALLOWED


class MobileDeviceEnrolment(db.Model):
    """«Add a mobile device» under way: the name, PIN and key chosen on the PC, shown as a QR
    code until the app scans it and confirms the PIN."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    account: Mapped[Account] = relationship()
    name: Mapped[str] = mapped_column(String(50))
    secret: Mapped[str] = mapped_column(String(64))
    pin_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    wrong_pins: Mapped[int] = mapped_column(default=0)
    # The device it became, once the app confirmed it.
    device_id: Mapped[int | None] = mapped_column(ForeignKey("mobile_device.id"))


class PasswordLink(db.Model):
    """The one-time link, sent by mail, that sets an account's password."""

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Setting a password spends the account's other links.
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # Where to send the user once the password is set (a registered service).
    service: Mapped[str | None] = mapped_column(String(2000))


class PendingSignIn(db.Model):
    """A sign-in whose password was right, waiting for the EU Login Mobile App: a request the
    app confirms with its PIN code (``pin``), or a QR code whose one-time password the user
    types (``qr``)."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(16), default="qr")
    # waiting, approved or refused (with the reason: wrong-pin, refused, blocked).
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    reason: Mapped[str | None] = mapped_column(String(32))
    # The device that answered, and how often a wrong one-time password was typed.
    device_id: Mapped[int | None] = mapped_column(ForeignKey("mobile_device.id"))
    device: Mapped["MobileDevice | None"] = relationship()
    wrong_codes: Mapped[int] = mapped_column(default=0)


class SsoSession(db.Model):
    """A ticket-granting session: what lets a user enter a second service unasked."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    account: Mapped[Account] = relationship()
    created_at: Mapped[datetime]
    # When the user last proved who they are, and how (PASSWORD, PASSWORD_MOBILE_APP,
    # PASSWORD_SOFTWARE_TOKEN), with which device if one was used.
    authenticated_at: Mapped[datetime]
    strength: Mapped[str] = mapped_column(String(32), default=PASSWORD)
    device_identifier: Mapped[str | None] = mapped_column(String(40))
    device_name: Mapped[str | None] = mapped_column(String(50))


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
    # What the sign-in behind it was: when, how strong, with which mobile device (kept as it
    # was then: the device may be deleted since).
    authenticated_at: Mapped[datetime]
    strength: Mapped[str] = mapped_column(String(32), default=PASSWORD)
    device_identifier: Mapped[str | None] = mapped_column(String(40))
    device_name: Mapped[str | None] = mapped_column(String(50))
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
    device_identifier: Mapped[str | None] = mapped_column(String(40))
    device_name: Mapped[str | None] = mapped_column(String(50))
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
