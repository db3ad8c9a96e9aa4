"""The seeded state of an SQLite portal, kept in memory and copied back at each reset.

A reset empties every table and seeds it again: some 2,200 rows through the ORM, 115 ms of
a reset's request at a slow hour on this machine, before every scenario of the browser
suite and of the walkthrough. SQLite's backup API copies the whole database (170 pages)
back in 2 ms, and the request takes 6 ms: the state the portal's first seeding gave is kept
(or, on a database that held data already, what the first reset gave), and every later
reset copies it back, the same rows, ids and sequences. SQLite writes the copy as one
transaction: a request served meanwhile reads the old state or the new one.

The kept state is the app's, for the settings it was seeded with (the seed of the fake
operators, the hash of the authorities' password): other settings seed again. PostgreSQL
(the classroom's servers, several processes on one database) always seeds again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import OperationalError

from . import clock
from .database import SQLITE_BUSY_TIMEOUT
from .extensions import db

_KEY = "mock_portal.sqlite_snapshot"
# Two resets at once (the threaded server) copy one after the other.
_LOCK = threading.Lock()
# How long a reset waits for another writer to end before it fails.
WAIT_SECONDS = SQLITE_BUSY_TIMEOUT


@dataclass(frozen=True)
class _Snapshot:
    settings: tuple
    copy: sqlite3.Connection


def _settings() -> tuple:
    """What the seeded state depends on besides the code."""
    config = current_app.config
    return (config["SQLALCHEMY_DATABASE_URI"], config["FAKER_SEED"], config["PASSWORD_HASH_METHOD"])


def _on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def keep() -> None:
    """Keep the database as it was just seeded (SQLite only)."""
    if not _on_sqlite():
        return
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    with _LOCK:
        connection = db.engine.raw_connection()
        try:
            connection.driver_connection.backup(copy)
        finally:
            connection.close()
        current_app.extensions[_KEY] = _Snapshot(_settings(), copy)


def restore() -> bool:
    """Copy the kept state back over the database; False when there is none to copy (not
    SQLite, no reset yet, or one seeded with other settings)."""
    snapshot: _Snapshot | None = current_app.extensions.get(_KEY)
    if snapshot is None or not _on_sqlite() or snapshot.settings != _settings():
        return False
    # The request's own changes would be overwritten anyway, and their transaction would
    # hold the write lock the copy needs.
    db.session.rollback()
    with _LOCK:
        connection = db.engine.raw_connection()
        try:
            _copy(snapshot.copy, connection.driver_connection)
        finally:
            connection.close()
    clock.forget()
    return True


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy ``source`` over ``target``, waiting for another writer as long as a write
    waits for one (``SQLITE_BUSY_TIMEOUT``), then failing as a busy database does (503)."""
    deadline = time.monotonic() + WAIT_SECONDS

    def waited(status: int, _remaining: int, _total: int) -> None:
        # sqlite3 copies again after each busy try, without end: this gives one.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    # Each try waits 10 ms for the lock (the connection's own wait would be the whole
    # SQLITE_BUSY_TIMEOUT), then sqlite3 sleeps 10 ms rather than 250.
    target.execute("PRAGMA busy_timeout=10")
    try:
        source.backup(target, progress=waited, sleep=0.01)
    except sqlite3.OperationalError as error:
        raise OperationalError("reset: copy of the seeded state", None, error) from error
    finally:
        target.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
