"""What a shared portal keeps: the data scenarios and trainees make goes after ``RETAIN_DAYS``
days; the seeded reference data never goes.

"Older than N days" is by the portal's clock and by each record's own date (made, requested
or decided, last used, sent). A record goes when it is older and nothing still kept hangs on
it: a role made yesterday keeps the older company it was asked for, with all its activities,
and the company goes at a later purge. Seeded records (authorities, their accounts and users,
the seeded operators and their activities) carry the ``seeded`` mark and never go.

The purge runs once a day, looked for after the portal's answers (never before one: nobody's
click waits for it): each worker looks every ``PURGE_CHECK_SECONDS``, and of the workers and
instances that look at once, the one that records the day in ``PurgeRun`` (its key) purges;
a purge that fails gives the day back. The control API purges on demand.
"""

import logging
import time
from datetime import datetime, timedelta
from functools import partial

from flask import Flask, Response, current_app, request
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError

from . import clock
from .eulogin.devices import WRONG_PINS_ALLOWED
from .eulogin.models import (
    Account,
    AccountGroup,
    Captcha,
    MobileDevice,
    MobileDeviceEnrolment,
    PasswordLink,
    PendingSignIn,
    ProxyGrantingTicket,
    ServiceTicket,
    SsoSession,
)
from .extensions import db
from .mobile_app.models import Installation
from .models import Mail, PurgeRun
from .traces.models import EndedSession, Operator, OperatorActivity, Role, TracesUser

log = logging.getLogger(__name__)

# Records of EU Login that last minutes or hours, and go by their own date.
_SHORT_LIVED = {
    "sso_sessions": SsoSession,
    "service_tickets": ServiceTicket,
    "proxy_granting_tickets": ProxyGrantingTicket,
    "password_links": PasswordLink,
    "sign_in_requests": PendingSignIn,
    "device_enrolments": MobileDeviceEnrolment,
    "captchas": Captcha,
}


def _none(where, *, of):
    """No row matches ``where``, which refers to ``of``, the row the outer statement is at
    (correlated to it alone: the statement may be about the same tables)."""
    return ~exists().where(where).correlate(of)


class _Deletions(dict):
    """How many records of each kind a purge deleted."""

    def run(self, kind: str, statement) -> None:
        result = db.session.execute(statement.execution_options(synchronize_session=False))
        self[kind] = self.get(kind, 0) + result.rowcount


def purge(older_than: datetime) -> dict[str, int]:
    """Delete what scenarios and trainees made before ``older_than`` (naive UTC) and nothing
    kept hangs on, in one transaction; how many records of each kind went."""
    deleted = _Deletions()
    _purge_traces(older_than, deleted)
    _purge_eu_login(older_than, deleted)
    deleted.run("mails", delete(Mail).where(Mail.sent_at < older_than))
    db.session.execute(delete(PurgeRun).where(PurgeRun.day < older_than.date()))
    db.session.commit()
    return dict(deleted)


def _purge_traces(older_than: datetime, deleted: _Deletions) -> None:
    # Roles first: those left are recent (or seeded), and keep their operator and their user.
    deleted.run(
        "roles",
        delete(Role).where(
            Role.seeded.is_(False),
            func.coalesce(Role.decided_at, Role.requested_at) < older_than,
        ),
    )
    # The operators that go: made before, no role left, no activity added since. The old
    # activities go with them, and those added to seeded operators; an operator that stays
    # keeps all of its activities.
    operators = (
        select(Operator.id)
        .where(
            Operator.seeded.is_(False),
            Operator.created_at < older_than,
            _none(Role.operator_id == Operator.id, of=Operator),
            _none(
                (OperatorActivity.operator_id == Operator.id)
                & (OperatorActivity.created_at >= older_than),
                of=Operator,
            ),
        )
        .correlate(None)
    )
    seeded_operators = select(Operator.id).where(Operator.seeded.is_(True)).correlate(None)
    deleted.run(
        "activities",
        delete(OperatorActivity).where(
            OperatorActivity.seeded.is_(False),
            OperatorActivity.created_at < older_than,
            OperatorActivity.operator_id.in_(seeded_operators)
            | OperatorActivity.operator_id.in_(operators),
        ),
    )
    deleted.run("operators", delete(Operator).where(Operator.id.in_(operators)))
    users = (
        select(TracesUser.id)
        .where(
            TracesUser.seeded.is_(False),
            TracesUser.first_seen_at < older_than,
            _none(Role.user_id == TracesUser.id, of=TracesUser),
        )
        .correlate(None)
    )
    # A kept role decided by a user who goes keeps its decision, without the decider.
    db.session.execute(
        update(Role)
        .where(Role.decided_by_id.in_(users))
        .values(decided_by_id=None)
        .execution_options(synchronize_session=False)
    )
    deleted.run("traces_users", delete(TracesUser).where(TracesUser.id.in_(users)))
    deleted.run("ended_sessions", delete(EndedSession).where(EndedSession.ended_at < older_than))


def _purge_eu_login(older_than: datetime, deleted: _Deletions) -> None:
    # A device is as recent as its last one-time password: in use, it keeps its account.
    device_used = func.coalesce(MobileDevice.last_code_at, MobileDevice.created_at)
    # Accounts that go: made before, not seeded, no TRACES NT user of theirs left, and nothing
    # made or used since (a device, a session, a ticket, a link...) that says they are in use.
    nothing_made_since = [
        _none((MobileDevice.account_id == Account.id) & (device_used >= older_than), of=Account)
    ] + [
        _none((model.account_id == Account.id) & (model.created_at >= older_than), of=Account)
        for model in _SHORT_LIVED.values()
        if hasattr(model, "account_id")
    ]
    accounts = (
        select(Account.id)
        .where(
            Account.seeded.is_(False),
            Account.created_at < older_than,
            _none(TracesUser.uid == Account.uid, of=Account),
            *nothing_made_since,
        )
        .correlate(None)
    )
    seeded_accounts = select(Account.id).where(Account.seeded.is_(True)).correlate(None)
    for kind, model in _SHORT_LIVED.items():
        deleted.run(kind, delete(model).where(model.created_at < older_than))
    # Devices go with their account; on a seeded account, which stays, when last used before.
    devices = (
        select(MobileDevice.id)
        .where(
            device_used < older_than,
            MobileDevice.account_id.in_(accounts) | MobileDevice.account_id.in_(seeded_accounts),
        )
        .correlate(None)
    )
    _forget_devices(devices)
    deleted.run("devices", delete(MobileDevice).where(MobileDevice.id.in_(devices)))
    deleted.run(
        "app_installations",
        delete(Installation).where(
            Installation.created_at < older_than, Installation.device_id.is_(None)
        ),
    )
    db.session.execute(delete(AccountGroup).where(AccountGroup.account_id.in_(accounts)))
    deleted.run("accounts", delete(Account).where(Account.id.in_(accounts)))
    # Wrong passwords long ago no longer count towards a delay or a lock.
    deleted.run(
        "lockouts_lifted",
        update(Account)
        .where((Account.last_failed_sign_in_at < older_than) | (Account.locked_until < older_than))
        .values(failed_sign_ins=0, last_failed_sign_in_at=None, locked_until=None),
    )


def _forget_devices(devices) -> None:
    """What still points at the devices that go lets go of them, as when a user deletes one:
    waiting sign-ins fail, enrolments end, the phones holding them hold no account any more."""
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.device_id.in_(devices)))
    db.session.execute(
        update(MobileDeviceEnrolment)
        .where(MobileDeviceEnrolment.device_id.in_(devices))
        .values(device_id=None, wrong_pins=WRONG_PINS_ALLOWED)
        .execution_options(synchronize_session=False)
    )
    owner = (
        select(Account.email)
        .join(MobileDevice, MobileDevice.account_id == Account.id)
        .where(MobileDevice.id == Installation.device_id)
        .correlate(Installation)
        .scalar_subquery()
    )
    db.session.execute(
        update(Installation)
        .where(Installation.device_id.in_(devices))
        .values(former_account=owner, device_id=None, scanned_request_id=None)
        .execution_options(synchronize_session=False)
    )


def purge_older_than_days(days: float) -> tuple[datetime, dict[str, int]]:
    """Purge what is older than ``days`` days by the portal's clock: the limit and the counts."""
    older_than = clock.now() - timedelta(days=days)
    return older_than, purge(older_than)


def daily_purge(days: int) -> dict[str, int] | None:
    """Purge what is older than ``days`` days unless today's purge has been run (or taken by
    another worker); the counts, or None."""
    now = clock.now()
    if db.session.get(PurgeRun, now.date()) is not None:
        return None
    db.session.add(PurgeRun(day=now.date(), started_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # another worker recorded the day a moment ago: it purges
        db.session.rollback()
        return None
    try:
        deleted = purge(now - timedelta(days=days))
    except Exception:
        db.session.rollback()
        # Give the day back, so that the next look tries again.
        db.session.execute(delete(PurgeRun).where(PurgeRun.day == now.date()))
        db.session.commit()
        raise
    log.info("Daily purge of the data older than %d days: %s", days, deleted)
    return deleted


def _run_daily_purge(app: Flask, days: int) -> None:
    # After the answer: its own application context, hence its own session and transaction.
    with app.app_context():
        try:
            daily_purge(days)
        except Exception:
            # Nobody waits for this answer; the next look tries again.
            db.session.rollback()
            log.exception("The daily purge failed.")


def _purge_when_due(response: Response) -> Response:
    days = current_app.config.get("RETAIN_DAYS")
    if not days or request.endpoint == "static":
        return response
    state = current_app.extensions.setdefault("retention", {"next_look": 0.0})
    if time.monotonic() < state["next_look"]:
        return response
    state["next_look"] = time.monotonic() + current_app.config["PURGE_CHECK_SECONDS"]
    # Once the answer has gone out: the click that happens to look never waits for a purge.
    response.call_on_close(partial(_run_daily_purge, current_app._get_current_object(), days))
    return response


def init_app(app: Flask) -> None:
    """Look for the daily purge after the portal's answers (when ``RETAIN_DAYS`` is set)."""
    app.after_request(_purge_when_due)
