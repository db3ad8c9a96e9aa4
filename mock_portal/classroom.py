"""``python -m mock_portal.classroom``: the portal for a room of trainees or a CI fleet.

gunicorn serves it with several workers on a PostgreSQL cluster of its own (made and
started in the instance folder, stopped when the portal stops), or on the database
``--db`` names. Everything the portal knows lives in that database, so any worker, and
any other instance started on the same database, answers any request. The mailbox is
shared-use: a browser reads only the mail of the accounts registered or signed in from
it (``--open-mailbox`` lets every browser read every mail, as ``./dev serve`` does).
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

from . import create_app
from .__main__ import (
    StartRefused,
    add_portal_options,
    check_start,
    keeps_its_own_secret,
    portal_config,
    print_addresses,
    public_url_for,
)
from .config import Config
from .extensions import db
from .instance import renew_secret_key
from .postgres import LocalCluster, PostgresUnavailable, free_port

DATABASE = "traces"


def _default_workers() -> int:
    # gunicorn's advice, two per core plus one, with threads for requests that wait.
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mock_portal.classroom",
        description="Serve the EU Login and TRACES NT mock with gunicorn on PostgreSQL.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument(
        "--workers", type=int, default=_default_workers(), help="gunicorn worker processes"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument(
        "--cluster",
        help="folder of the PostgreSQL cluster (default: postgres/ in the instance folder); "
        "ignored with --db",
    )
    parser.add_argument(
        "--keep-database-running",
        action="store_true",
        help="leave the PostgreSQL cluster running when the portal stops",
    )
    parser.add_argument(
        "--open-mailbox",
        action="store_true",
        help="every browser reads every mail (by default each reads only its own accounts')",
    )
    parser.add_argument(
        "--access-log", action="store_true", help="print a line per request (gunicorn's log)"
    )
    add_portal_options(parser)
    args = parser.parse_args(argv)
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")
    return args


def _environment(args: argparse.Namespace, database_url: str, public_url: str, instance: str):
    """The settings, as environment variables, that every gunicorn worker reads."""
    config = portal_config(args)
    environment = dict(os.environ)
    environment.update(
        {
            "MOCK_PORTAL_DATABASE_URL": database_url,
            "MOCK_PORTAL_PUBLIC_URL": public_url,
            "MOCK_PORTAL_INSTANCE": instance,
            "MOCK_PORTAL_CLASSROOM": "0" if args.open_mailbox else "1",
            "MOCK_PORTAL_ADMIN": "1" if args.admin else "0",
            "MOCK_PORTAL_SEED": str(config.get("FAKER_SEED", Config.FAKER_SEED)),
            "MOCK_PORTAL_CAS_SERVICES": " ".join(config.get("CAS_SERVICES", Config.CAS_SERVICES)),
            "MOCK_PORTAL_ALLOWED_HOSTS": " ".join(args.allowed_host),
            "MOCK_PORTAL_TWO_FACTOR": " ".join(
                config.get("TWO_FACTOR_ENVIRONMENTS", Config.TWO_FACTOR_ENVIRONMENTS)
            ),
            "MOCK_PORTAL_RETAIN_DAYS": str(config.get("RETAIN_DAYS") or Config.RETAIN_DAYS or ""),
            "MOCK_PORTAL_MAILBOX_MAX": str(config.get("MAILBOX_MAX", Config.MAILBOX_MAX)),
        }
    )
    return environment


def _database(args: argparse.Namespace, instance: Path) -> tuple[str, LocalCluster | None]:
    if args.db:
        return args.db, None
    cluster = LocalCluster(args.cluster or instance / "postgres").start()
    if not cluster.has_database(DATABASE):
        cluster.create_database(DATABASE)
    return cluster.url(DATABASE), cluster


def gunicorn_command(args: argparse.Namespace, port: int) -> list[str]:
    """The gunicorn command line for these options."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"[{args.host}]:{port}" if ":" in args.host else f"{args.host}:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        # Built once in the master, then forked: one schema check, one copy of the code.
        "--preload",
        "--graceful-timeout",
        "10",
        # Its control socket sits in $HOME under one fixed name: two portals would clash.
        "--no-control-socket",
        # Workers that leave Ctrl-C to their master (mock_portal/gunicorn_config.py).
        "--config",
        "python:mock_portal.gunicorn_config",
        "--error-logfile",
        "-",
    ]
    if args.access_log:
        command += ["--access-logfile", "-"]
    return [*command, "mock_portal.wsgi:app"]


def main(argv: list[str] | None = None) -> int:
    """Start PostgreSQL and gunicorn; stop both on Ctrl-C or SIGTERM."""
    args = parse_args(argv)
    check_start(args)
    port = args.port or free_port()
    public_url = public_url_for(args, port)
    instance_path = Path(
        args.instance or os.environ.get("MOCK_PORTAL_INSTANCE") or _default_instance()
    ).resolve()
    try:
        database_url, cluster = _database(args, instance_path)
    except PostgresUnavailable as exc:
        raise StartRefused(str(exc)) from None
    try:
        environment = _environment(args, database_url, public_url, str(instance_path))
        # Build the schema and the seed here, once, before any worker starts.
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "INSTANCE_PATH": str(instance_path),
                "PUBLIC_URL": public_url,
                "FAKER_SEED": int(environment["MOCK_PORTAL_SEED"]),
            }
        )
        with app.app_context():
            db.engine.dispose()
        if not keeps_its_own_secret():
            renew_secret_key(instance_path)
        print_addresses(public_url, args.admin)
        shown = make_url(database_url).render_as_string(hide_password=True)
        print(f"Database:        {shown}", flush=True)
        server = subprocess.Popen(gunicorn_command(args, port), env=environment)
        return _wait(server)
    finally:
        if cluster is not None and not args.keep_database_running:
            cluster.stop()


def _default_instance() -> str:
    # The folder create_app() would use, without building a whole app to learn it.
    return Flask(__package__).instance_path


def _wait(server: subprocess.Popen) -> int:
    def stop(signum, _frame):
        server.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                return server.wait()
            except KeyboardInterrupt:
                server.send_signal(signal.SIGTERM)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    sys.exit(main())
