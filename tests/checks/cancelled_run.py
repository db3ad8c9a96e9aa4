"""A test that waits while its fixture's server runs, for tests/test_processes.py to stop its
run with SIGTERM, as a CI job is cancelled.

Its name does not match ``test_*.py``: only a run that names this file collects it. The
folder in ``$CANCELLED_RUN`` receives the server's pid once the test waits, and ``torn down``
once the fixture has stopped the server.
"""

import os
import subprocess
import time
from pathlib import Path

import pytest

from process_check import stop_group


@pytest.fixture
def server():
    """A server in a group of its own, as the tests' portals and browsers are."""
    process = subprocess.Popen(["sleep", "60"], start_new_session=True)
    yield process
    stop_group(process, timeout=5)
    (Path(os.environ["CANCELLED_RUN"]) / "torn down").write_text("", encoding="utf-8")


def test_waits_for_the_signal(server: subprocess.Popen):
    folder = Path(os.environ["CANCELLED_RUN"])
    (folder / "pid.tmp").write_text(str(server.pid), encoding="utf-8")
    (folder / "pid.tmp").replace(folder / "pid")
    time.sleep(60)
