"""Subprocess runs that several test modules read are made once for the whole run, even
when pytest-xdist gives the modules to different workers (tests/suite_runs.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from process_check import run_in_group

from .suite_runs import ROOT, outcome

READER = """
import os
from pathlib import Path

from tests.suite_runs import once_per_run


def _make(folder):
    with open(os.environ["MADE_LOG"], "a") as log:
        log.write(os.environ.get("PYTEST_XDIST_WORKER", "alone") + "\\n")
    (folder / "result.txt").write_text("made")


def test_reads_the_shared_run(pytestconfig, tmp_path_factory):
    folder = once_per_run(pytestconfig, tmp_path_factory, "demo", _make)
    assert (folder / "result.txt").read_text() == "made"
    with open(os.environ["READ_LOG"], "a") as log:
        log.write(os.environ.get("PYTEST_XDIST_WORKER", "alone") + "\\n")
"""


def _run(tmp_path: Path, *options: str) -> tuple[list[str], list[str]]:
    """Who made the shared run, and who read it."""
    for name in ("test_first.py", "test_second.py", "test_third.py"):
        (tmp_path / name).write_text(READER)
    made, read = tmp_path / "made.log", tmp_path / "read.log"
    env = {**os.environ, "MADE_LOG": str(made), "READ_LOG": str(read), "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("PYTEST_XDIST")}
    run = run_in_group(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--rootdir",
            str(tmp_path),
            "--confcutdir",
            str(tmp_path),
            *options,
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, outcome(run)
    assert "3 passed" in run.stdout, outcome(run)
    return made.read_text().split(), read.read_text().split()


def test_three_modules_on_two_workers_make_the_run_once(tmp_path):
    made_by, read_by = _run(tmp_path, "-n", "2", "--dist", "loadscope")
    assert sorted(set(read_by)) == ["gw0", "gw1"], read_by  # both workers read it
    assert len(made_by) == 1 and made_by[0] in read_by, made_by


def test_a_run_without_workers_makes_it_once_too(tmp_path):
    assert _run(tmp_path) == (["alone"], ["alone", "alone", "alone"])
