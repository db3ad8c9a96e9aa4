"""The database connection: SQLite by default, PostgreSQL for shared use.

SQLite serves many threads of one process once it writes ahead (WAL) and waits for a
busy lock instead of failing at once; PostgreSQL serves several gunicorn workers or
instances. Everything the portal knows lives in it, so that any worker can answer any
request.
"""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

# Seconds a writer waits for another one before SQLite gives up.
SQLITE_BUSY_TIMEOUT = 15
# Seconds to reach PostgreSQL before a request gives up.
POSTGRESQL_CONNECT_TIMEOUT = 5


def runs_on(dialect: str) -> bool:
    """Whether the portal's database is ``sqlite`` or ``postgresql``."""
    return db.engine.dialect.name == dialect


def _lower(value):
    # A text in any alphabet; NULL stays NULL, and a number or a blob is left as it is.
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.close()
        # SQLite's lower() folds ASCII only, PostgreSQL's every alphabet: searches ("é" finds
        # "Élodie", ILIKE being lower() LIKE lower() on SQLite) and sorting by name agree.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def engine_options(url: str) -> dict:
    """SQLAlchemy engine settings fit for ``url``'s database."""
    if url.startswith("sqlite"):
        # The threaded development server opens a thread per request, without a bound.
        return {
            "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False},
            "pool_size": 10,
            "max_overflow": 40,
        }
    return {
        # A connection may die under a worker: the server restarted, a worker sat idle for
        # hours behind a firewall. Each is tested before use and replaced if dead (with every
        # older one), so that only a request in flight at that moment fails.
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        # A server that does not answer fails the request (a 503) within seconds, rather
        # than holding a worker's thread, and the balancer's health check, indefinitely.
        "connect_args": {"connect_timeout": POSTGRESQL_CONNECT_TIMEOUT},
        # Nine workers (the classroom's most by default) of 20 connections at most stay
        # below the cluster's 200.
        "pool_size": 5,
        "max_overflow": 15,
    }


def init_app(app: Flask) -> None:
    """Bind Flask-SQLAlchemy with settings fit for the configured database."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql://"):
        # The driver the project installs (psycopg 3), without making users say so.
        url = app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + url[13:]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))
    db.init_app(app)
