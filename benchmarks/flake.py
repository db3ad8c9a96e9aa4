"""Flake-free, by proof: the whole browser suite, many times, in random order, under -n 2.

    .venv/bin/python benchmarks/flake.py [--runs 10] [--loaded-runs 1] [-- pytest options]

Each run shuffles the scenarios with pytest-randomly (a new seed each time, printed); the
loaded runs do the same while a busy process takes one core. It prints one line per run and
``PASSES/RUNS``, and exits non-zero unless every run passed. A failure is a race to find,
never a retry to add: its output stays in ``reports/flake/``, and the printed seed replays
its order:

    .venv/bin/pytest -o addopts=--strict-markers --randomly-seed=SEED steps -n 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from process_check import checked, run_in_group

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports" / "flake"


def _burn(stop: multiprocessing.Event) -> None:
    # A busy core: the scenarios must not depend on how fast the machine answers.
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def run_once(seed: int, extra: list[str], log: Path) -> tuple[bool, float]:
    """One shuffled run of the browser suite under -n 2; whether it passed, its seconds."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        # The project's addopts keep pytest-randomly out of ordinary runs; without them it
        # loads, and shuffles.
        "-o",
        "addopts=--strict-markers",
        f"--randomly-seed={seed}",
        "-p",
        "no:cacheprovider",
        "steps",
        "-n",
        "2",
        "-q",
        *extra,
    ]
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        run = run_in_group(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    return run.returncode == 0, time.perf_counter() - started


def main(argv: list[str]) -> int:
    cut = argv.index("--") if "--" in argv else len(argv)
    cli = argparse.ArgumentParser(prog="benchmarks/flake.py", description=__doc__.split("\n")[0])
    cli.add_argument("--runs", type=int, default=10, help="shuffled runs (default 10)")
    cli.add_argument(
        "--loaded-runs", type=int, default=1, help="more runs with a core kept busy (default 1)"
    )
    args = cli.parse_args(argv[:cut])
    extra = argv[cut + 1 :]
    REPORTS.mkdir(parents=True, exist_ok=True)
    passes, total = 0, args.runs + args.loaded_runs
    for number in range(1, total + 1):
        loaded = number > args.runs
        seed = random.SystemRandom().randrange(1, 2**31)
        log = REPORTS / f"run-{number:02d}-seed-{seed}.log"
        stop = multiprocessing.Event()
        burner = multiprocessing.Process(target=_burn, args=(stop,)) if loaded else None
        if burner is not None:
            burner.start()
        try:
            passed, seconds = run_once(seed, extra, log)
        finally:
            if burner is not None:
                stop.set()
                burner.join()
        passes += passed
        if passed:
            log.unlink()
        state = "passed" if passed else f"FAILED (output: {log.relative_to(ROOT)})"
        load = ", one core busy" if loaded else ""
        print(f"run {number}/{total}: seed {seed}{load}: {state} in {seconds:.0f} s", flush=True)
    print(f"{passes}/{total}")
    return 0 if passes == total else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # Fails, naming them, when a portal or a browser outlives the runs.
    sys.exit(checked(lambda: main(sys.argv[1:]), "./dev flake"))
