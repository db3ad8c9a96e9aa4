"""Captured mail: every mail the portal sends lands here, readable at /mailbox.

The mailbox keeps the newest ``MAILBOX_MAX`` mails: each new one pushes the oldest out.

In shared use (``CLASSROOM``) a browser sees only the mail of the accounts registered
or signed in from it, so that one trainee cannot follow another's password link; the
control API still reads the whole mailbox.
"""

import re

from flask import Blueprint, abort, current_app, render_template, request, session
from markupsafe import Markup, escape

from . import clock
from .extensions import db
from .models import Mail
from .paging import page_of

bp = Blueprint("mailbox", __name__, url_prefix="/mailbox")

_LINK = re.compile(r"https?://[^\s<>\"]+")
_SESSION_KEY = "mailbox"
# Addresses one browser may read; a browser that registers more forgets the oldest.
_ADDRESSES_KEPT = 20


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
    db.session.flush()
    if kept := current_app.config["MAILBOX_MAX"]:
        # Each mail has a higher id than every mail before it: those ``kept`` ids behind are
        # older than the newest ``kept``. No count of the mailbox at every mail.
        db.session.execute(
            db.delete(Mail)
            .where(Mail.id <= mail.id - kept)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return mail


def let_browser_read(address: str) -> None:
    """Let this browser read the mail sent to ``address`` (it registered or signed in)."""
    address = address.lower()
    kept = [a for a in session.get(_SESSION_KEY, []) if isinstance(a, str) and a != address]
    session[_SESSION_KEY] = [*kept, address][-_ADDRESSES_KEPT:]


def _readable_addresses() -> list[str] | None:
    """The addresses this browser may read, or None when it may read everything."""
    if not current_app.config["CLASSROOM"]:
        return None
    return [a for a in session.get(_SESSION_KEY, []) if isinstance(a, str)]


def _linkified(text: str) -> Markup:
    # Escape first, then turn the (escaped) addresses into anchors.
    escaped = str(escape(text))
    return Markup(_LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))


@bp.get("/")
def index():
    """Captured mail, newest first, optionally for one recipient, a page at a time."""
    recipient = request.args.get("to", "").strip()[:254]
    query = db.select(Mail).order_by(Mail.id.desc())
    if recipient:
        query = query.where(Mail.recipient == recipient.lower())
    readable = _readable_addresses()
    if readable is not None:
        query = query.where(Mail.recipient.in_(readable))
    mails = page_of(query, current_app.config["MAILBOX_PAGE_SIZE"])
    return render_template(
        "mailbox/index.html", mails=mails, recipient=recipient, shared=readable is not None
    )


@bp.get("/<id:mail_id>")
def show(mail_id: int):
    """One mail, with its links clickable."""
    mail = db.get_or_404(Mail, mail_id)
    readable = _readable_addresses()
    if readable is not None and mail.recipient.lower() not in readable:
        abort(404)
    return render_template("mailbox/show.html", mail=mail, body=_linkified(mail.body))
