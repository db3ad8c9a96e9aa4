"""The databases the Flask tests run on: every test that builds a portal runs on SQLite and on
PostgreSQL, but those marked ``any_database``, which run on the first backend chosen only:
tests of what the database cannot change (protocols, pages, languages, headers). Where it
can (constraints, limits, case and text search, time stored and compared, concurrency,
seeding, purge, paging), a test runs on both. Those marked ``postgresql_only`` check what
only a database server has (its connections killed and replaced) and run on PostgreSQL alone.

PostgreSQL is a throwaway cluster started for the test session (``mock_portal.postgres``,
Debian's server programs), or an existing server given with ``--postgresql-url``. Each
test gets its own database, a copy of one seeded once per session: SQLite copies a
file, PostgreSQL clones a template database, both in milliseconds.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BACKENDS = ("sqlite", "postgresql")
# Seeding hashes the authorities' password; the tests use a cheap hash throughout.
CHEAP_HASH = "pbkdf2:sha256:1000"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("traces-nt-portal", "Flask tests of the mock portal")
    group.addoption(
        "--backends",
        default=",".join(BACKENDS),
        help="databases the Flask tests run on, among sqlite,postgresql (default: both)",
    )
    group.addoption(
        "--postgresql-url",
        default=os.environ.get("MOCK_PORTAL_TEST_POSTGRESQL"),
        help="an existing PostgreSQL server (a URL whose user may create databases) instead "
        "of a cluster started for the session; also $MOCK_PORTAL_TEST_POSTGRESQL",
    )


def chosen_backends(config: pytest.Config) -> list[str]:
    chosen = [name.strip() for name in config.getoption("backends").split(",") if name.strip()]
    unknown = set(chosen) - set(BACKENDS)
    if unknown or not chosen:
        raise pytest.UsageError(f"--backends takes sqlite and/or postgresql, not {unknown}.")
    return chosen


def pytest_configure(config: pytest.Config) -> None:
    chosen_backends(config)


def pytest_report_header(config: pytest.Config) -> str:
    backends = chosen_backends(config)
    where = config.getoption("postgresql_url") or "a cluster started for the session"
    detail = f" (PostgreSQL: {_without_password(where)})" if "postgresql" in backends else ""
    return f"portal databases: {', '.join(backends)}{detail}"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_backend" in metafunc.fixturenames:
        backends = chosen_backends(metafunc.config)
        if metafunc.definition.get_closest_marker("any_database"):
            # The database cannot change what such a test checks (a protocol's answers, the
            # pages' language and markup): one run, on the first backend chosen, says it all.
            backends = backends[:1]
        if metafunc.definition.get_closest_marker("postgresql_only"):
            # What only a database server has (its connections, killed and replaced).
            backends = [backend for backend in backends if backend == "postgresql"]
        metafunc.parametrize("database_backend", backends, indirect=True, scope="session")


@pytest.fixture(scope="session")
def database_backend(request: pytest.FixtureRequest) -> str:
    """The database the test's portals run on: ``sqlite`` or ``postgresql``."""
    return request.param


class _Server:
    """Where databases are created on the PostgreSQL backend."""

    def __init__(self, admin_url: str | None):
        self.cluster = None
        self.admin_url = admin_url
        self._maintenance = None

    def start(self) -> _Server:
        if self.admin_url is None:
            from mock_portal.postgres import LocalCluster, PostgresUnavailable

            # Reachable by the server's own user (pytest's folders are not), and in memory
            # where the machine has it: each test clones a database, a copy of some 8 MB.
            memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
            folder = tempfile.mkdtemp(prefix="portal-tests-pg-", dir=memory)
            self.cluster = LocalCluster(folder, durable=False)
            try:
                self.cluster.start()
            except PostgresUnavailable as exc:
                shutil.rmtree(folder, ignore_errors=True)
                raise pytest.UsageError(
                    f"{exc}\nOr run the Flask tests on SQLite alone: --backends sqlite"
                ) from None
        return self

    def stop(self) -> None:
        if self._maintenance is not None:
            self._maintenance.close()
        if self.cluster is not None:
            self.cluster.stop()
            shutil.rmtree(self.cluster.folder, ignore_errors=True)

    def url(self, name: str) -> str:
        if self.cluster is not None:
            return self.cluster.socket_url(name)
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(scheme="postgresql+psycopg", path=f"/{name}"))

    def _connect(self):
        """An autocommit connection to the server's maintenance database."""
        import psycopg

        if self.cluster is not None:
            return self.cluster._connect()
        plain = urlsplit(self.admin_url)._replace(scheme="postgresql")
        return psycopg.connect(urlunsplit(plain), autocommit=True)

    def _execute(self, statement: str) -> None:
        """Run ``statement`` on the session's one maintenance connection: each test creates
        a database and drops it, and a connection of their own (a new server process, its
        authentication) cost each statement more than the statement itself."""
        import psycopg

        if self._maintenance is None or self._maintenance.closed:
            self._maintenance = self._connect()
        try:
            self._maintenance.execute(statement)
        except psycopg.OperationalError:
            if not self._maintenance.broken:
                raise
            # The server closed it (restarted, or it was terminated): once more, anew.
            self._maintenance = self._connect()
            self._maintenance.execute(statement)

    def create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        if template and self._copies_files:
            # PostgreSQL 15 copies a template block by block through its WAL by default; a
            # few megabytes copy faster as files (42 ms to 32 ms a test, create and drop).
            clause += " STRATEGY = FILE_COPY"
        self._execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    @functools.cached_property
    def _copies_files(self) -> bool:
        """Whether the server knows CREATE DATABASE's STRATEGY (PostgreSQL 15 and later)."""
        with self._connect() as connection:
            version = int(connection.execute("SHOW server_version_num").fetchone()[0])
        return version >= 150000

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgresql_server(pytestconfig: pytest.Config):
    """The PostgreSQL server of the session, started on first use and stopped at the end."""
    server = _Server(pytestconfig.getoption("postgresql_url")).start()
    yield server
    server.stop()


def _seed(url: str, folder: Path) -> None:
    from mock_portal import create_app
    from mock_portal.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(folder),
            "PASSWORD_HASH_METHOD": CHEAP_HASH,
        }
    )
    with app.app_context():
        db.engine.dispose()


class Databases:
    """Makes the databases of one test: seeded copies, or empty ones; drops them after."""

    def __init__(self, backend: str, seeded, folder: Path, server: _Server | None):
        self.backend = backend
        self.seeded = seeded
        self.folder = folder
        self.server = server
        self._names: list[str] = []
        self._numbers = itertools.count()

    def new(self, seeded: bool = True) -> str:
        """The URL of a new database: a copy of the seeded one, or an empty one."""
        if self.backend == "sqlite":
            path = self.folder / f"portal-{next(self._numbers)}.db"
            if seeded:
                shutil.copyfile(self.seeded, path)
            return f"sqlite:///{path}"
        name = f"t_{uuid.uuid4().hex[:16]}"
        self._names.append(name)
        return self.server.create(name, template=self.seeded if seeded else None)

    def drop_all(self) -> None:
        for name in self._names:
            self.server.drop(name)


@pytest.fixture(scope="session")
def seeded_database(database_backend: str, request: pytest.FixtureRequest, tmp_path_factory):
    """The session's seeded database: an SQLite file, or a PostgreSQL template's name."""
    folder = tmp_path_factory.mktemp(f"seeded-{database_backend}")
    if database_backend == "sqlite":
        path = folder / "portal.db"
        _seed(f"sqlite:///{path}", folder)
        yield path
        return
    server = request.getfixturevalue("postgresql_server")
    name = f"seeded_{uuid.uuid4().hex[:12]}"
    _seed(server.create(name), folder)
    yield name
    server.drop(name)


@pytest.fixture
def databases(database_backend, seeded_database, request, tmp_path) -> Databases:
    """The test's databases, on the backend it runs on."""
    server = request.getfixturevalue("postgresql_server") if database_backend != "sqlite" else None
    made = Databases(database_backend, seeded_database, tmp_path, server)
    yield made
    made.drop_all()
