"""The app's own storage on the phone: which account and device it holds, and what it is doing
(an enrolment waiting for the PIN, a sign-in QR code just scanned)."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..eulogin.models import MobileDevice
from ..extensions import db


class Installation(db.Model):
    """One installation of the EU Login Mobile App: one browser, named by its cookie."""

    __tablename__ = "mobile_app_installation"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime]
    device_id: Mapped[int | None] = mapped_column(ForeignKey("mobile_device.id"), index=True)
    device: Mapped[MobileDevice | None] = relationship()
    # The enrolment whose QR code was scanned, waiting for the PIN code.
    enrolment_id: Mapped[str | None] = mapped_column(String(64))
    # The sign-in request whose QR code was scanned, its one-time password on screen.
    scanned_request_id: Mapped[str | None] = mapped_column(String(64))
    # The account the app held when its device was deleted on EU Login, to say so.
    former_account: Mapped[str | None] = mapped_column(String(254))


def new_installation_id() -> str:
    return secrets.token_urlsafe(32)


def install(device: MobileDevice) -> Installation:
    """A new installation of the app, holding ``device``."""
    installation = Installation(
        id=new_installation_id(), created_at=clock.now(), device_id=device.id
    )
    db.session.add(installation)
    db.session.commit()
    return installation


def forget_device(device_id: int) -> None:
    """The device was deleted from its account: its installation holds no account any more."""
    for installation in db.session.scalars(
        db.select(Installation).where(Installation.device_id == device_id)
    ):
        installation.former_account = installation.device.account.email
        installation.device_id = None
        installation.scanned_request_id = None
