"""A PostgreSQL cluster of the portal's own, in a folder, for the classroom and the tests.

Debian's ``postgresql`` package provides the server; no system service is used. The
cluster is made with ``initdb`` in a folder of the project, run by an unprivileged user
(the package's ``postgres`` account when we are root: PostgreSQL refuses to run as
root), listens on 127.0.0.1 only, on a free port, and lets in one user with a random
password, kept beside the cluster. Through its socket (in the server's data folder, which
only the server's account and root may enter) the server's account and the account that
made the cluster connect as that user without a password, the kernel vouching for who they
are (``peer``, ``socket_url``): a connection skips SCRAM's 4,096 rounds of hashing, 8.3 ms
down to 3.4 ms on a 2-core machine, and the tests open some 1,300. A cluster made before
this asks the password through its socket too.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg import sql

SERVER_USER = "postgres"
DATABASE_USER = "traces"
_SETTINGS = "cluster.json"
# The map of the accounts that connect through the socket (``pg_ident.conf``).
_LOCAL_MAP = "portal"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's programs are missing or the cluster could not be started."""


def server_programs() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: ``$MOCK_PORTAL_PG_BIN``, Debian's newest
    /usr/lib/postgresql/N/bin, or the PATH."""
    configured = os.environ.get("MOCK_PORTAL_PG_BIN")
    candidates = [Path(configured)] if configured else []
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda path: int(path.parent.name), reverse=True)
    if found := shutil.which("initdb"):
        candidates.append(Path(found).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresUnavailable(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them as root "
        "with `apt-get install -y postgresql` (./dev setup does), or point "
        "MOCK_PORTAL_PG_BIN at their folder."
    )


def free_port() -> int:
    """A TCP port nobody listens on at this moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class _Settings:
    port: int
    password: str


class LocalCluster:
    """A cluster in ``folder``: ``data/`` (the server's), ``cluster.json`` (port, password)."""

    def __init__(self, folder: str | Path, durable: bool = True):
        self.folder = Path(folder).resolve()
        self.data = self.folder / "data"
        self.log = self.data / "server.log"
        # Tests throw their cluster away: they need no crash safety, only speed.
        self.durable = durable
        self._settings: _Settings | None = None

    # -- who runs the server --------------------------------------------------------

    def _as_server_user(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"PostgreSQL cannot run as root and there is no {SERVER_USER!r} user; install "
                "Debian's postgresql package, which makes it."
            ) from None
        return ["runuser", "-u", SERVER_USER, "--"]

    def _give_to_server_user(self, path: Path) -> None:
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(path, account.pw_uid, account.pw_gid)

    def _run(self, *command: str | Path) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*self._as_server_user(), *map(str, command)],
            capture_output=True,
            text=True,
            cwd="/",
        )
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(str(command[0])).name} failed ({done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-2000:]}"
            )
        return done

    # -- life cycle -------------------------------------------------------------

    @property
    def settings(self) -> _Settings:
        if self._settings is None:
            self._settings = _Settings(**json.loads((self.folder / _SETTINGS).read_text()))
        return self._settings

    def _save_settings(self, settings: _Settings) -> None:
        path = self.folder / _SETTINGS
        path.write_text(json.dumps(settings.__dict__))
        path.chmod(0o600)
        self._settings = settings

    def initialise(self) -> None:
        """Make the cluster if the folder holds none yet."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # The server's user must reach data/ through this folder.
        self.folder.chmod(0o711)
        self.data.mkdir(mode=0o700, exist_ok=True)
        self._give_to_server_user(self.data)
        password = secrets.token_urlsafe(24)
        password_file = self.folder / ".initial-password"
        password_file.write_text(password)
        password_file.chmod(0o600)
        self._give_to_server_user(password_file)
        try:
            self._run(
                server_programs() / "initdb",
                "-D",
                self.data,
                "-U",
                DATABASE_USER,
                f"--pwfile={password_file}",
                "--auth-host=scram-sha-256",
                "--auth-local=peer",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
        finally:
            password_file.unlink(missing_ok=True)
        self._map_local_accounts()
        self._save_settings(_Settings(port=free_port(), password=password))

    def _map_local_accounts(self) -> None:
        """Let the server's account and ours (root, when we are) in through the socket as
        the portal's user, and nobody else: ``peer`` alone would want an account named so."""
        accounts = {pwd.getpwuid(os.geteuid()).pw_name}
        if os.geteuid() == 0:
            accounts.add(SERVER_USER)
        ident = self.data / "pg_ident.conf"
        with ident.open("a") as conf:
            conf.writelines(
                f"{_LOCAL_MAP} {account} {DATABASE_USER}\n" for account in sorted(accounts)
            )
        hba = self.data / "pg_hba.conf"
        rules = hba.read_text().splitlines()
        hba.write_text(
            "".join(
                f"{rule} map={_LOCAL_MAP}\n" if rule.startswith("local") else f"{rule}\n"
                for rule in rules
            )
        )

    def is_running(self) -> bool:
        done = subprocess.run(
            [
                *self._as_server_user(),
                str(server_programs() / "pg_ctl"),
                "-D",
                str(self.data),
                "status",
            ],
            capture_output=True,
            cwd="/",
        )
        return done.returncode == 0

    def start(self) -> LocalCluster:
        """Initialise if needed, then start the server (a no-op if it already runs)."""
        self.initialise()
        if self.is_running():
            return self
        settings = self.settings
        if not _port_is_free(settings.port):
            self._save_settings(_Settings(port=free_port(), password=settings.password))
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.settings.port}",
            f"-c unix_socket_directories={self.data}",
            "-c unix_socket_permissions=0700",
            # Several gunicorn workers, each with a pool, sometimes two portals on one cluster.
            "-c max_connections=200",
        ]
        # A commit returns before its WAL reaches the disk: a crash of the machine may lose
        # the last fraction of a second, never the database's consistency. The portal
        # commits often (every ticket, every counted password), and a test portal can
        # afford that trade for a commit several times cheaper.
        options.append("-c synchronous_commit=off")
        if not self.durable:
            options += ["-c fsync=off", "-c full_page_writes=off"]
        self._run(
            server_programs() / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            " ".join(options),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended); the data stays in the folder. A
        server that does not stop within 30 s is killed with its process group, and the
        error raised."""
        if not (self.data / "postmaster.pid").exists():
            return
        pg_ctl = server_programs() / "pg_ctl"
        try:
            self._run(pg_ctl, "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop")
        except PostgresUnavailable:
            self._kill_postmaster()
            raise

    def restart(self) -> None:
        """Restart the running server as an administrator would: a fast shutdown, which ends
        every open session, then a start with the same settings (``pg_ctl`` keeps them)."""
        self._run(
            server_programs() / "pg_ctl",
            "-D",
            self.data,
            # The server's log again: without it, the new server would write to pg_ctl's
            # output, our pipe, and hold it open for ever.
            "-l",
            self.log,
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "restart",
        )

    def _kill_postmaster(self) -> None:
        # pg_ctl starts the postmaster as the leader of a session of its own; a pid file
        # left by a server long gone may name an unrelated process: this cluster's only.
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            if (
                os.getpgid(pid) == pid
                and str(self.data).encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
            ):
                os.killpg(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass  # no such server, or gone meanwhile

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- databases --------------------------------------------------------------

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this cluster."""
        settings = self.settings
        return (
            f"postgresql+psycopg://{DATABASE_USER}:{settings.password}"
            f"@127.0.0.1:{settings.port}/{database}"
        )

    def socket_url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` through the cluster's socket, without a password:
        for the account that made the cluster (see the module's docstring)."""
        query = urlencode({"host": self.data, "port": self.settings.port})
        return f"postgresql+psycopg://{DATABASE_USER}@/{database}?{query}"

    def _connect(self) -> psycopg.Connection:
        settings = self.settings
        return psycopg.connect(
            host="127.0.0.1",
            port=settings.port,
            user=DATABASE_USER,
            password=settings.password,
            dbname="postgres",
            autocommit=True,
        )

    def has_database(self, name: str) -> bool:
        with self._connect() as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
        return found is not None

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create ``name`` (a copy of ``template`` if given) and return its URL."""
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._connect() as connection:
            connection.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing whatever connections it still has."""
        with self._connect() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
