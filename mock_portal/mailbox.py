"""Captured mail: every mail the portal sends lands here, readable at /mailbox."""

import re

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup, escape

from . import clock
from .extensions import db
from .models import Mail

bp = Blueprint("mailbox", __name__, url_prefix="/mailbox")

_LINK = re.compile(r"https?://[^\s<>\"]+")


def links_in(text: str) -> list[str]:
    """Every http(s) address in a mail body, in order."""
    return _LINK.findall(text)


def send_mail(recipient: str, subject: str, body: str) -> Mail:
    """Capture a mail as if it had been sent to ``recipient``."""
    mail = Mail(
        sender=current_app.config["MAIL_SENDER"],
        recipient=recipient,
        subject=subject,
        body=body,
        sent_at=clock.now(),
    )
    db.session.add(mail)
    db.session.commit()
    return mail


def _linkified(text: str) -> Markup:
    # Escape first, then turn the (escaped) addresses into anchors.
    escaped = str(escape(text))
    return Markup(_LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))


@bp.get("/")
def index():
    """All captured mail, newest first, optionally for one recipient."""
    recipient = request.args.get("to", "").strip()
    query = db.select(Mail).order_by(Mail.id.desc())
    if recipient:
        query = query.where(Mail.recipient == recipient.lower())
    mails = db.session.scalars(query).all()
    return render_template("mailbox/index.html", mails=mails, recipient=recipient)


@bp.get("/<int:mail_id>")
def show(mail_id: int):
    """One mail, with its links clickable."""
    mail = db.get_or_404(Mail, mail_id)
    return render_template("mailbox/show.html", mail=mail, body=_linkified(mail.body))
