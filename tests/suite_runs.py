"""Runs of the acceptance suite in a pytest subprocess, for the tests of how it runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The suite's own settings: a run under test must not inherit the outer run's.
_OWN_VARIABLES = ("PYTEST_", "TRACES_", "PLAYWRIGHT_BROWSER_SERVER", "FAKER_SEED")


def run_suite(
    *args: str, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """``python -m pytest ARGS`` from the project's root; its output captured."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_VARIABLES)}
    environment |= env or {}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def outcome(run: subprocess.CompletedProcess) -> str:
    """The run's output, trimmed for an assertion message."""
    return f"exit {run.returncode}\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"


def passed_count(run: subprocess.CompletedProcess) -> int:
    """How many tests the run's summary says passed."""
    found = re.search(r"(\d+) passed", run.stdout)
    return int(found.group(1)) if found else 0


def collected_count(*args: str, env: dict | None = None) -> int:
    """How many tests a run of ARGS would run: collected, less those deselected."""
    run = run_suite(*args, "--collect-only", "-q", env=env)
    found = re.search(r"(\d+)(?:/\d+)? tests? collected", run.stdout)
    assert found, outcome(run)
    return int(found.group(1))
