"""Runs of the acceptance suite in a pytest subprocess, for the tests of how it runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from process_check import RUN_VARIABLE, stop_group

ROOT = Path(__file__).resolve().parents[1]
_ONCE = pytest.StashKey[dict]()
# A run under test starts without the plugins it does not use: no cache to write, and no
# Hypothesis (its pytest plugin imports Hypothesis whole: 1.5 s of each run's 3.7 s start).
_LEAN = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
# The suite's own settings: a run under test must not inherit the outer run's.
_OWN_VARIABLES = ("PYTEST_", "TRACES_", "PLAYWRIGHT_BROWSER_SERVER", "FAKER_SEED")


def _suite(args: tuple[str, ...], env: dict | None) -> tuple[list[str], dict]:
    environment = {
        k: v for k, v in os.environ.items() if k == RUN_VARIABLE or not k.startswith(_OWN_VARIABLES)
    }
    return [sys.executable, "-m", "pytest", *_LEAN, *args], environment | (env or {})


def run_suite(
    *args: str, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """``python -m pytest ARGS`` from the project's root, in a process group of its own;
    its output captured. It is a run inside this one (process_check): it fails on the
    processes it leaves, and this run sees them as its own."""
    return run_suites(args, env=env, timeout=timeout)[0]


def run_suites(
    *runs: tuple[str, ...], env: dict | None = None, timeout: float = 600
) -> list[subprocess.CompletedProcess]:
    """Runs of the suite (``run_suite``), each with its ARGS, side by side. A serial run
    keeps its core busy only part of the time (its portal and browser wait on each other),
    and a test that makes two would wait out both: together, they fill what one leaves
    idle. Their output goes to files, so that none blocks on a pipe not read yet; on a
    timeout or an interruption, every group is stopped."""
    with tempfile.TemporaryDirectory(prefix="suite-runs-") as folder:
        outputs = [(Path(folder) / f"{n}.out", Path(folder) / f"{n}.err") for n in range(len(runs))]
        started: list[subprocess.Popen] = []
        try:
            for args, (stdout, stderr) in zip(runs, outputs, strict=True):
                command, environment = _suite(args, env)
                with stdout.open("w") as out, stderr.open("w") as err:
                    started.append(
                        subprocess.Popen(
                            command,
                            cwd=ROOT,
                            env=environment,
                            stdout=out,
                            stderr=err,
                            start_new_session=True,
                        )
                    )
            deadline = time.monotonic() + timeout
            for process in started:
                process.wait(max(deadline - time.monotonic(), 0))
        except BaseException:
            for process in started:
                stop_group(process)
            raise
        return [
            subprocess.CompletedProcess(
                process.args,
                process.returncode,
                stdout.read_text(encoding="utf-8", errors="replace"),
                stderr.read_text(encoding="utf-8", errors="replace"),
            )
            for process, (stdout, stderr) in zip(started, outputs, strict=True)
        ]


def start_suite(*args: str, env: dict | None = None) -> subprocess.Popen:
    """The run of ``run_suite``, started and left running: the caller waits for it, and
    stops its group (``process_check.stop_group``) whatever happens."""
    command, environment = _suite(args, env)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
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


def once_per_run(config, tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder ``make`` fills, made once for the whole test run: under pytest-xdist, the
    first worker to ask makes it while the others wait, then all read it (the pattern of
    pytest-xdist's documentation), so that test modules on different workers reading the
    same subprocess runs do not each pay for them."""
    key = f"once_per_run:{name}"
    if key in config.stash.get(_ONCE, {}):
        return config.stash[_ONCE][key]
    worker = getattr(config, "workerinput", None)
    # Workers' temporary folders are siblings in the run's own folder; alone, ours is it.
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if worker is not None else root
    folder = shared / f"once-{name}"
    done = folder / ".made"
    with FileLock(str(shared / f"once-{name}.lock")):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed making it
            folder.mkdir()
            make(folder)
            done.touch()
    config.stash.setdefault(_ONCE, {})[key] = folder
    return folder
