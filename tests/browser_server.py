"""A local Playwright browser server, as a browser host of a pool runs it, for the tests."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mock_portal.postgres import free_port
from process_check import Run, describe, stop_group

from .suite_runs import ROOT


@dataclass(frozen=True)
class BrowserServer:
    """A running server: its address, and the run tag its processes carry."""

    url: str
    tag: str


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"playwright run-server stopped: {process.stdout.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("playwright run-server did not listen in time")


@contextmanager
def browser_server() -> Iterator[BrowserServer]:
    """``playwright run-server`` on a free port, in a process group of its own and tagged as
    a run inside this one. At the end its group is stopped, and an AssertionError names
    whatever of it still runs (the Python wrapper stopped alone used to leave the Node
    server behind)."""
    port = free_port()
    server = Run.begin()
    try:
        process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/playwright"),
                "run-server",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--unsafe",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    finally:
        server.restore()  # only the server's processes carry its tag
    try:
        _wait_for_port(port, process)
        yield BrowserServer(f"ws://127.0.0.1:{port}/", server.tag)
    finally:
        # Ctrl-C, as whoever runs the server stops it: Playwright's Node server ignores
        # SIGTERM while a browser it launched is connected, and would wait for the SIGKILL.
        stop_group(process, signal.SIGINT)
        process.stdout.close()
        leftovers = server.end()
    assert not leftovers, describe(leftovers, "playwright run-server")
