"""Serving the portal from a test process: a real HTTP server on a free local port."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError

from werkzeug.serving import WSGIRequestHandler, make_server

from process_check import stop_group

from . import create_app
from .postgres import free_port
from .public_url import checked_public_url

_CLASSROOM_STARTUP_SECONDS = 90


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log: a test run's output is for the tests."""

    def log_request(self, code="-", size="-") -> None:
        pass


class LivePortal:
    """A running portal: its base URL and its Flask app."""

    def __init__(self, app, base_url: str):
        self.app = app
        self.base_url = base_url

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this portal."""
        return self.base_url + path


# How often the server's loop looks whether it was asked to stop: ``shutdown`` waits for
# that look (socketserver's default, half a second, was a quarter of a second on average
# at the end of every test and walkthrough worker that served a portal).
SHUTDOWN_POLL_SECONDS = 0.05


@contextmanager
def serve_portal(folder: Path, config: dict | None = None):
    """Serve a fresh portal on 127.0.0.1 and a free port until the block ends.

    ``folder`` is its instance folder (secret key, SQLite file unless ``config`` names
    another database). The server is threaded so that TRACES NT can call EU Login over
    HTTP while a browser request is still open.
    """
    Path(folder).mkdir(parents=True, exist_ok=True)
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'portal.db'}",
        "INSTANCE_PATH": str(folder),
        "ADMIN_API": True,
    }
    settings.update(config or {})
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    base_url = f"http://127.0.0.1:{server.port}"
    # Known once the port is: links, services and the Host check follow it.
    app.config["PUBLIC_URL"] = checked_public_url(base_url)
    if "CAS_SERVER_URL" not in settings:
        # Validate tickets over real HTTP, as a separate CAS client would.
        app.config["CAS_SERVER_URL"] = f"{base_url}/cas"
    thread = threading.Thread(
        target=server.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name="mock-portal", daemon=True
    )
    thread.start()
    try:
        yield LivePortal(app, base_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class ClassroomProcess:
    """A running ``python -m mock_portal.classroom`` process, its address and its log."""

    def __init__(self, process: subprocess.Popen, base_url: str, log: Path):
        self.process = process
        self.base_url = base_url
        self.log = log

    def url(self, path: str) -> str:
        return self.base_url + path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the children of the gunicorn master, our child."""
        [master] = children(self.process.pid)
        return children(master)

    def wait_for_workers(self, count: int, timeout: float = 30) -> list[int]:
        """The workers once ``count`` of them run: the master forks them one after another,
        so the first answer can come before the last one is up."""
        deadline = time.monotonic() + timeout
        while len(workers := self.worker_pids()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return workers


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux's /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (URLError, OSError):
        return False


@contextmanager
def serve_classroom(folder: Path, *options: str, environment: dict | None = None):
    """Start ``python -m mock_portal.classroom OPTIONS`` on a free port, its log in
    ``folder``; wait until it answers; stop it when the block ends: SIGINT to its process
    group, as Ctrl-C in a terminal, then SIGKILL to the group if it is still there after a
    minute (its PostgreSQL, which ``pg_ctl`` runs in a session of its own, it stops itself).

    The ``MOCK_PORTAL_*`` variables of this process are not passed on: ``environment``
    gives those the portal should see.
    """
    port = free_port()
    log = Path(folder) / f"classroom-{port}.log"
    command = [
        sys.executable,
        "-m",
        "mock_portal.classroom",
        "--port",
        str(port),
        *options,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_PORTAL_")}
    env |= environment or {}
    with log.open("w") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    running = ClassroomProcess(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + _CLASSROOM_STARTUP_SECONDS
        while not _answers(running.url("/tracesnt/login")):
            if process.poll() is not None:
                raise RuntimeError(f"the classroom stopped:\n{running.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the classroom did not answer in time:\n{running.output()}")
            time.sleep(0.3)
        yield running
    finally:
        stop_group(process, signal.SIGINT, timeout=60)
