"""The seeded state of a PostgreSQL portal, kept in the database beside its tables and copied
back at each reset.

A reset on PostgreSQL (the classroom's servers: several processes on one database) emptied
every table and seeded it again through the ORM, some 2,200 rows: 228 to 338 ms a reset's
request (the median of twenty, at one hour), every table locked the while, so every trainee's
request waited. The rows a seed makes are now kept, in the seed's own transaction, in a schema
of their own (``mock_portal_seed``: one table, a JSON array of rows for each of the portal's,
and the sequences' values); a reset empties the tables and copies the rows back on the
server, in one transaction as before: 66 to 74 ms a request.

The copy lives in the database, so it outlives the process that made it: a reset uses it only
while it is the one this code would make (a digest of the mock's sources and Faker's version,
the seed's settings) and the tables are this code's; otherwise the reset seeds again and
keeps a new copy. It is made only where the seeded rows are alone in the tables: in the
seed's transaction, which holds the schema lock (``seed``) and, at a reset, every table
locked by TRUNCATE. A server where the portal's user may not create a schema keeps no copy
(the log says so once) and its resets seed again, as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path

from flask import current_app
from sqlalchemy import Table, text
from sqlalchemy.exc import DBAPIError

from . import clock
from .database import runs_on
from .extensions import db

log = logging.getLogger(__name__)

SCHEMA = "mock_portal_seed"
# The row of the copy that says what it was made with, beside the tables' (no table is so named).
_ABOUT = "(about)"
_warned = False


@cache
def code_digest() -> str:
    """A digest of what the seeded rows depend on besides the settings: the mock's sources
    (models and seed among them), Faker's version (the generated operators) and Python's."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        digest.update(f"{source.relative_to(package)}\0".encode() + source.read_bytes())
    digest.update(f"faker {version('faker')}; python {sys.version_info[:2]}".encode())
    return digest.hexdigest()[:32]


def _stamp() -> str:
    """What a copy must have been made with to stand for this portal's seed."""
    config = current_app.config
    return json.dumps([code_digest(), config["FAKER_SEED"], config["PASSWORD_HASH_METHOD"]])


def _name(table: Table) -> str:
    return f'"{table.name}"'


def empty(tables: Sequence[Table]) -> None:
    """Empty ``tables`` and restart their sequences, locking them until the transaction ends."""
    db.session.execute(text(f"TRUNCATE {', '.join(map(_name, tables))} RESTART IDENTITY CASCADE"))


def _kept() -> str:
    """The table of the kept rows: one JSON array of rows for each table, and a row about them."""
    return f'"{SCHEMA}".kept'


def keep(tables: Sequence[Table]) -> None:
    """Keep the rows just seeded in ``tables`` (PostgreSQL only). Called in the seed's
    transaction, before its commit; a failure costs only the speed of later resets.

    One table holds them all, a JSON array of rows a table: each test of the suite clones
    the seeded database, and a table of copies for each table made every clone slower."""
    global _warned
    if not runs_on("postgresql"):
        return
    session = db.session
    try:
        with session.begin_nested():
            session.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
            session.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
            session.execute(
                text(f"CREATE TABLE {_kept()} (name text NOT NULL, rows jsonb NOT NULL)")
            )
            for table in tables:
                session.execute(
                    text(
                        f"INSERT INTO {_kept()} SELECT :name, coalesce(jsonb_agg(kept), '[]')"
                        f" FROM {_name(table)} AS kept"
                    ),
                    {"name": table.name},
                )
            sequences = session.execute(
                text(
                    "SELECT sequencename, last_value FROM pg_sequences"
                    " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                )
            ).all()
            about = {"stamp": _stamp(), "sequences": [list(row) for row in sequences]}
            session.execute(
                text(f"INSERT INTO {_kept()} VALUES (:name, CAST(:about AS jsonb))"),
                {"name": _ABOUT, "about": json.dumps(about)},
            )
    except DBAPIError as error:
        if not _warned:
            _warned = True
            log.warning("The seeded state was not kept (each reset seeds again): %s", error.orig)


def _pairs(sequences: object) -> bool:
    """Whether ``sequences`` is a list of [name, value] pairs, as ``keep`` writes them."""
    return isinstance(sequences, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], int)
        and not isinstance(pair[1], bool)
        for pair in sequences
    )


def restore(tables: Sequence[Table], tables_unchanged: Callable[[], bool]) -> bool:
    """Empty ``tables`` and copy the kept rows back, in one transaction with the schema lock
    the caller took, and commit; False, with nothing changed, where no copy stands for this
    portal's seed (not PostgreSQL, none kept, another code's or settings', other tables)."""
    if not runs_on("postgresql"):
        return False
    session = db.session
    try:
        with session.begin_nested():
            found = session.execute(
                text(f"SELECT name, CASE WHEN name = :about THEN rows END FROM {_kept()}"),
                {"about": _ABOUT},
            ).all()
    except DBAPIError:  # no copy kept (no such schema or table)
        return False
    names = sorted(name for name, _ in found)
    about = next((rows for name, rows in found if name == _ABOUT), None)
    if (
        names != sorted([_ABOUT, *(table.name for table in tables)])
        or not isinstance(about, dict)
        or about.get("stamp") != _stamp()
        or not _pairs(about.get("sequences"))
        or not tables_unchanged()
    ):
        return False
    try:
        with session.begin_nested():
            empty(tables)
            for table in tables:  # parents first: each row's references are there
                columns = ", ".join(f'"{column.name}"' for column in table.columns)
                session.execute(
                    text(
                        f"INSERT INTO {_name(table)} ({columns}) SELECT {columns}"
                        f" FROM jsonb_populate_recordset(NULL::{_name(table)},"
                        f" (SELECT rows FROM {_kept()} WHERE name = :name))"
                    ),
                    {"name": table.name},
                )
            for sequence, value in about["sequences"]:
                session.execute(
                    text("SELECT setval(quote_ident(:sequence)::regclass, :value)"),
                    {"sequence": sequence, "value": value},
                )
    except DBAPIError as error:  # a copy changed by hand: rolled back, seeded again
        log.warning("The kept seeded state could not be copied back: %s", error.orig)
        return False
    session.commit()
    clock.forget()
    return True
