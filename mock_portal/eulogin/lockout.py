"""Wrong passwords slow an account's sign-in, then lock it for a while.

From ``SIGN_IN_DELAY_AFTER`` wrong passwords in a row each further try must wait
(``SIGN_IN_FIRST_DELAY``, doubling each time); at ``SIGN_IN_LOCK_AFTER`` the account is
locked for ``SIGN_IN_LOCK_DURATION``. The portal's clock decides, so a scenario can
move past a lock, and the counters live in the database, so a restart forgets nothing.

Each try is counted before its password is checked, by a compare-and-set on the
counter: tries sent in parallel cannot check more passwords than the rule allows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_time
from flask_babel import gettext as _

from .. import clock
from ..extensions import db
from .models import Account


@dataclass(frozen=True)
class Refusal:
    """Why the account may not try a password now."""

    message: str


def _delay_after(failures: int) -> timedelta:
    settings = current_app.config
    first = settings["SIGN_IN_DELAY_AFTER"]
    if failures < first:
        return timedelta(0)
    return settings["SIGN_IN_FIRST_DELAY"] * 2 ** (failures - first)


def _locked_message(until: datetime) -> str:
    return _(
        "Too many wrong passwords: this account is locked until %(time)s (UTC). Try again "
        "then, or set a new password with «Lost your password?».",
        time=format_time(until, "HH:mm", rebase=False),
    )


def refusal(account: Account) -> Refusal | None:
    """Why ``account`` may not try a password at this moment, if it may not."""
    now = clock.now()
    if account.locked_until is not None and now < account.locked_until:
        return Refusal(_locked_message(account.locked_until))
    if account.last_failed_sign_in_at is not None:
        wait = account.last_failed_sign_in_at + _delay_after(account.failed_sign_ins) - now
        if wait > timedelta(0):
            seconds = int(wait.total_seconds() + 0.999)
            return Refusal(
                _(
                    "Too many wrong passwords: wait %(seconds)d seconds before trying again.",
                    seconds=seconds,
                )
            )
    return None


def count_try(account: Account) -> bool:
    """Count a try as failed until its password proves right; False if another try of the
    same account was counted at the same moment (the caller refuses this one)."""
    failures = account.failed_sign_ins
    now = clock.now()
    locks = failures + 1 >= current_app.config["SIGN_IN_LOCK_AFTER"]
    values = {
        "failed_sign_ins": 0 if locks else failures + 1,
        "last_failed_sign_in_at": None if locks else now,
        "locked_until": now + current_app.config["SIGN_IN_LOCK_DURATION"] if locks else None,
    }
    counted = db.session.execute(
        db.update(Account)
        .where(Account.id == account.id, Account.failed_sign_ins == failures)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    db.session.refresh(account)
    return counted == 1


def failure_message(account: Account) -> str:
    """What a wrong password tells the user once it is counted."""
    if account.locked_until is not None and clock.now() < account.locked_until:
        return _locked_message(account.locked_until)
    if (wait := _delay_after(account.failed_sign_ins)) > timedelta(0):
        return _(
            "The password is not correct. Wait %(seconds)d seconds before trying again: "
            "after %(count)d wrong passwords in a row the account is locked for a while.",
            seconds=int(wait.total_seconds()),
            count=current_app.config["SIGN_IN_LOCK_AFTER"],
        )
    return _("The password is not correct.")


def forgive(account: Account) -> None:
    """A right password (or a new one) clears the count and any lock."""
    account.failed_sign_ins = 0
    account.last_failed_sign_in_at = None
    account.locked_until = None
