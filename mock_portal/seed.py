"""The seeded state: what a fresh portal holds, and what reset restores exactly."""

import hashlib
import logging
from functools import cache

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from . import postgresql_snapshot, sqlite_snapshot
from .database import runs_on
from .extensions import db

log = logging.getLogger(__name__)
# Any constant will do: it names the lock that lets one process at a time build the schema.
_SCHEMA_LOCK = 0x7EACE5


def _lock_schema() -> None:
    """Hold the schema lock until the transaction ends: one process at a time builds, seeds
    or resets a PostgreSQL database."""
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})


def _data_tables() -> list:
    """The tables a seed fills and a reset empties, parents first."""
    from .models import SchemaVersion

    return [t for t in db.metadata.sorted_tables if t.name != SchemaVersion.__tablename__]


def reset_portal() -> None:
    """Restore the seeded state, in one transaction: the seeded state kept, copied back (on
    SQLite the state the portal's start seeded, ``sqlite_snapshot``; on PostgreSQL the one
    kept in the database, ``postgresql_snapshot``); else every table emptied and seeded again.

    Tables are emptied, not dropped: a request served meanwhile by another worker sees
    the old state or the new one, never a missing table.
    """
    if sqlite_snapshot.restore(tables_unchanged=_schema_is_current):
        return
    if runs_on("postgresql"):
        # The schema lock first, in a transaction of its own: one whose earlier reads held
        # tables could wait for another reset that waits for them.
        db.session.rollback()
        _lock_schema()
        if postgresql_snapshot.restore(_data_tables(), tables_unchanged=_schema_is_current):
            return
    _empty_and_seed()


def _empty_and_seed() -> None:
    tables = _data_tables()
    if runs_on("postgresql"):
        postgresql_snapshot.empty(tables)
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
        # The AUTOINCREMENT tables remember their highest id: forget it, so that the seed
        # gets its own ids back, as RESTART IDENTITY gives them on PostgreSQL.
        if db.session.scalar(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        ):
            db.session.execute(text("DELETE FROM sqlite_sequence"))
    _seed(current_app.config["FAKER_SEED"])


@cache
def schema_fingerprint() -> str:
    """A digest of the tables, columns and indexes this version of the mock expects."""
    described = sorted(
        f"{table.name}.{column.name}:{column.type}"
        for table in db.metadata.sorted_tables
        for column in table.columns
    ) + sorted(
        f"{index.name}:{index.unique}"
        for table in db.metadata.sorted_tables
        for index in table.indexes
    )
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:32]


def _schema_is_current() -> bool:
    from .models import SchemaVersion

    try:
        with db.session.begin_nested():
            stored = db.session.get(SchemaVersion, 1)
    except (OperationalError, ProgrammingError):  # no such table: empty, or an older mock's
        return False
    return stored is not None and stored.fingerprint == schema_fingerprint()


def ensure_seeded() -> None:
    """Create the tables and seed them on first start; keep existing data otherwise.

    A database left by an older version of the mock, whose tables lack columns, is
    rebuilt from the seed (and the log says so).
    """
    from .models import ClockOffset, SchemaVersion

    connection = db.session.connection()
    if runs_on("postgresql"):
        # Several gunicorn workers or instances may start at once on one database.
        _lock_schema()
    if not _schema_is_current():
        if inspect(connection).get_table_names():
            log.warning("The database was made by another version of the mock: rebuilt.")
        db.metadata.drop_all(bind=connection)
        db.metadata.create_all(bind=connection)
        db.session.add(SchemaVersion(id=1, fingerprint=schema_fingerprint()))
    if db.session.get(ClockOffset, 1) is None:
        _seed(current_app.config["FAKER_SEED"])
        db.session.commit()
        # What a reset restores, kept before the portal answers anything.
        sqlite_snapshot.keep()
    db.session.commit()


def _seed(faker_seed: int) -> None:
    from . import clock
    from .models import ClockOffset
    from .traces.seeddata import seed_traces

    db.session.add(ClockOffset(id=1, seconds=0))
    clock.forget()
    seed_traces(faker_seed)
    # In the seed's transaction: the seeded rows alone, as a reset copies them back.
    postgresql_snapshot.keep(_data_tables())
    db.session.commit()
