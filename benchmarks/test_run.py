"""The README's test run, timed part by part.

    .venv/bin/python benchmarks/test_run.py [--junit FILE] [-- pytest options]

Runs what ``./dev test`` runs after set-up: lint, the doctor, then every test on both
cores (``-n 2 --dist loadscope``, or the pytest options given after ``--``), and prints the
wall time of each and of the whole beside the target (6 minutes on a quiet 2-core
machine). The tests' own time is broken down by part from the run's JUnit XML: Flask tests
per database, browser scenarios, walkthrough, visual, and the runs of the suite inside
the suite. Their worker-seconds add up to about twice the wall time on two workers.

``--junit FILE`` reads the breakdown from an existing run's JUnit XML instead of running; a
``--junitxml=FILE`` among the pytest options keeps the run's XML there.
Nothing is asserted: the machine decides, and its speed is printed before and after (the
probe of ``benchmarks/machine.py``); the README keeps the latest figures.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import probe, speed_line  # noqa: E402

TARGET_SECONDS = 6 * 60
VENV = ROOT / ".venv" / "bin"

# Parts of the suite, by where a test lives (first match wins).
PARTS = (
    ("browser scenarios (steps/)", lambda path, name: path.startswith("steps.")),
    ("visual: the guide's screens", lambda path, name: path.startswith("tests.visual.")),
    ("walkthrough", lambda path, name: path.startswith("tests.walkthrough.")),
    (
        "runs of the suite inside the suite",
        lambda path, name: (
            path.split(".")[-1]
            in {"test_shared_runs", "test_reports", "test_messages", "test_once_per_run"}
        ),
    ),
    ("Flask tests on SQLite", lambda path, name: "[sqlite" in name or "-sqlite" in name),
    (
        "Flask tests on PostgreSQL",
        lambda path, name: "[postgresql" in name or "-postgresql" in name,
    ),
    ("other tests (CLI, CAS clients, classroom, tools)", lambda path, name: True),
)


def part_of(classname: str, name: str) -> str:
    """The part a test belongs to, by its JUnit class name and test name."""
    return next(label for label, belongs in PARTS if belongs(classname, name))


def breakdown(junit: Path) -> list[tuple[str, int, float]]:
    """Tests and worker-seconds per part, in the order of PARTS."""
    counts: collections.Counter[str] = collections.Counter()
    seconds: collections.Counter[str] = collections.Counter()
    for case in ET.parse(junit).getroot().iter("testcase"):
        label = part_of(case.get("classname", ""), case.get("name", ""))
        counts[label] += 1
        seconds[label] += float(case.get("time") or 0)
    return [(label, counts[label], seconds[label]) for label, _ in PARTS if counts[label]]


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    # As ./dev runs it: compiled modules cached, whatever the caller's environment says.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, result


def line(label: str, figure: str, note: str = "") -> None:
    print(f"  {label:<52} {figure:>16}   {note}", flush=True)


def print_breakdown(junit: Path, workers: int) -> None:
    rows = breakdown(junit)
    total = sum(seconds for _, _, seconds in rows)
    print(f"the tests' time by part (worker-seconds; / {workers} is about their wall share)")
    for label, count, seconds in rows:
        line(f"{label} ({count})", f"{seconds:.0f} s", f"{100 * seconds / total:.0f} %")
    line("all tests", f"{total:.0f} s")


def junit_of(pytest_options: list[str]) -> tuple[Path, bool]:
    """Where the run writes its JUnit XML, and whether the file is the caller's to keep: the
    last ``--junitxml`` of the options (pytest's choice too), else a file of our own."""
    given = [option for option in pytest_options if option.startswith("--junitxml=")]
    if given:
        return Path(given[-1].split("=", 1)[1]), True
    return Path(tempfile.mkdtemp(prefix="test-run-")) / "junit.xml", False


def main(argv: list[str]) -> int:
    own, pytest_options = argv, ["-n", "2", "--dist", "loadscope"]
    if "--" in argv:
        own, pytest_options = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    parser = argparse.ArgumentParser(prog="benchmarks/test_run.py", description=__doc__)
    parser.add_argument("--junit", type=Path, help="read this run's JUnit XML, run nothing")
    args = parser.parse_args(own)
    workers = int(pytest_options[pytest_options.index("-n") + 1]) if "-n" in pytest_options else 1
    if args.junit:
        print_breakdown(args.junit, workers)
        return 0
    junit, kept = junit_of(pytest_options)
    steps = (
        (
            "lint (ruff check, ruff format --check)",
            [[str(VENV / "ruff"), "check", "."], [str(VENV / "ruff"), "format", "--check", "."]],
        ),
        ("doctor", [[str(VENV / "python"), "-m", "steps.doctor"]]),
        (
            "pytest",
            [
                [
                    str(VENV / "python"),
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    f"--junitxml={junit}",
                    *pytest_options,
                ]
            ],
        ),
    )
    print("the README's test run (./dev test after set-up)")
    speed_before = probe()
    whole = 0.0
    failed = False
    for label, commands in steps:
        spent = 0.0
        for command in commands:
            seconds, result = timed(command)
            spent += seconds
            summary = [row for row in result.stdout.splitlines() if " passed" in row]
            if summary:
                print(f"  {summary[-1].strip('= ')}", flush=True)
            if result.returncode != 0:
                failed = True
                print(result.stdout[-3000:], result.stderr[-2000:], sep="\n", file=sys.stderr)
        whole += spent
        line(label, f"{spent:.1f} s")
    line("whole run", f"{whole:.0f} s", f"target <= {TARGET_SECONDS} s on a quiet 2-core machine")
    print(f"  {speed_line(speed_before, probe())}")
    if junit.is_file():
        print_breakdown(junit, workers)
    if not kept:
        shutil.rmtree(junit.parent, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
