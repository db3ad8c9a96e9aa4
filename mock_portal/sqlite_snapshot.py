"""The seeded state of an SQLite portal, kept in memory and copied back at each reset.

A reset empties every table and seeds it again: some 2,200 rows through the ORM, 115 ms of
a reset's request at a slow hour on this machine, before every scenario of the browser
suite and of the walkthrough. SQLite's backup API copies the whole database (170 pages)
back in 2 ms, and the request takes 6 ms. SQLite writes the copy as one transaction: a
request served meanwhile reads the old state or the new one.

What is kept is the database as the portal's start seeded it, before the portal answered
anything: a copy taken later (after a reset that seeded again) could hold what a request
served meanwhile wrote, and every reset would bring it back. So a portal that started on a
database holding data already, one whose settings changed since (the seed of the fake
operators, the hash of the authorities' password), or one whose tables another process
rebuilt, seeds again at each reset, as before. PostgreSQL (the classroom's servers,
several processes on one database) keeps its copy in the database (``postgresql_snapshot``),
where a reset that seeds again can keep a new one: it holds every table locked meanwhile.

The copy is kept as bytes (SQLite's own serialization), not as an open connection, which
threads would share and a server's forked workers (gunicorn's ``--preload``) would inherit.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import OperationalError

from . import clock
from .database import SQLITE_BUSY_TIMEOUT, runs_on
from .extensions import db

log = logging.getLogger(__name__)

_KEY = "mock_portal.sqlite_snapshot"
# Two resets at once (the threaded server) copy one after the other.
_LOCK = threading.Lock()
# How long a reset waits for another writer to end before it fails.
WAIT_SECONDS = SQLITE_BUSY_TIMEOUT


@dataclass(frozen=True)
class _Snapshot:
    settings: tuple
    data: bytes


def _settings() -> tuple:
    """What the seeded state depends on besides the code."""
    config = current_app.config
    return (config["SQLALCHEMY_DATABASE_URI"], config["FAKER_SEED"], config["PASSWORD_HASH_METHOD"])


def keep() -> None:
    """Keep the database as the portal's start has just seeded it (SQLite only; a failure
    only costs the speed)."""
    if not runs_on("sqlite"):
        return
    connection = db.engine.raw_connection()
    copy = sqlite3.connect(":memory:")
    try:
        connection.driver_connection.backup(copy)
        data = bytearray(copy.serialize())
        # The file format's versions (bytes 18 and 19): 2 says the file writes ahead, which
        # a database in memory cannot open; 1 is the rollback journal. The copy back keeps
        # the file's own mode.
        data[18] = data[19] = 1
    except sqlite3.Error as error:
        log.warning("The seeded state was not kept (each reset seeds again): %s", error)
        return
    finally:
        copy.close()
        connection.close()
    current_app.extensions[_KEY] = _Snapshot(_settings(), bytes(data))


def restore(tables_unchanged: Callable[[], bool]) -> bool:
    """Copy the kept state back over the database; False when there is none fit to copy
    (not SQLite, none kept, other settings, or tables another process rebuilt since, which
    ``tables_unchanged`` tells)."""
    snapshot: _Snapshot | None = current_app.extensions.get(_KEY)
    if snapshot is None or not runs_on("sqlite") or snapshot.settings != _settings():
        return False
    if not tables_unchanged():
        return False
    # The request's own changes would be overwritten anyway, and their transaction would
    # hold the write lock the copy needs.
    db.session.rollback()
    deadline = time.monotonic() + WAIT_SECONDS
    if not _LOCK.acquire(timeout=WAIT_SECONDS):
        raise _busy(sqlite3.OperationalError("another reset is still copying"))
    source = sqlite3.connect(":memory:")
    try:
        source.deserialize(snapshot.data)
        connection = db.engine.raw_connection()
        try:
            _copy(source, connection, deadline)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise _busy(error) from error
    finally:
        source.close()
        _LOCK.release()
    clock.forget()
    return True


def _copy(source: sqlite3.Connection, connection, deadline: float) -> None:
    """Copy ``source`` over the pooled ``connection``'s database, waiting for another writer
    until ``deadline`` (as long as a write waits for one), then failing."""
    target: sqlite3.Connection = connection.driver_connection

    def waited(status: int, _remaining: int, _total: int) -> None:
        # sqlite3 copies again after each busy try, without end: this gives one.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    try:
        # Each try waits 10 ms for the lock (the connection's own wait would be the whole
        # SQLITE_BUSY_TIMEOUT), then sqlite3 sleeps 10 ms rather than 250.
        target.execute("PRAGMA busy_timeout=10")
        source.backup(target, progress=waited, sleep=0.01)
    finally:
        try:
            target.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        except sqlite3.Error:
            connection.invalidate()  # never back in the pool with a 10 ms wait


def _busy(error: sqlite3.Error) -> OperationalError:
    """The error of a busy (or unusable) database, which the portal answers with a 503."""
    return OperationalError("reset: copy of the seeded state", None, error)
