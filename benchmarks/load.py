"""The classroom under load: simulated trainees doing the whole journey, with Locust.

    ./dev load [--trainees 50] [--spawn-rate 2] [--think-time 2-6] [--run-time 300]
               [--workers N] [--threads N]

Starts the classroom portal (gunicorn on a PostgreSQL cluster of its own, in a
temporary folder), runs ``benchmarks/locustfile.py`` headless against it, bounded in
time, prints the requests, errors and p50/p95/p99 of every step, then checks in the
database that every trainee's account and authorisation request is there. It exits
non-zero when a request failed or something is missing; the p95 target (200 ms per
step on a 2-core machine) is printed beside the figures, not enforced: the machine
decides it.

Locust runs from its own virtual environment (``.venv-load``, made by ``./dev load``):
it installs a pytest plugin that has no place in the test suite's process.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from mock_portal.postgres import LocalCluster  # noqa: E402
from mock_portal.testing import serve_classroom  # noqa: E402

P95_TARGET_MS = 200
LOCUST = ROOT / ".venv-load" / "bin" / "locust"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./dev load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=50, help="simulated trainees")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=2,
        help="trainees arriving per second (default 2: a room of 50 seated in 25 s)",
    )
    parser.add_argument(
        "--think-time",
        default="2-6",
        metavar="MIN-MAX",
        help="seconds a trainee spends on a screen before the next step (default 2-6)",
    )
    parser.add_argument("--run-time", type=int, default=300, help="at most this many seconds")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the classroom's)")
    parser.add_argument("--threads", type=int, help="threads per worker")
    return parser.parse_args(argv)


def _steps(stats_csv: Path) -> list[dict]:
    with stats_csv.open() as file:
        return list(csv.DictReader(file))


def _print_figures(rows: list[dict]) -> bool:
    """The table of steps; whether every step met the p95 target."""
    print(f"\n{'step':<34} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    met = True
    for row in rows:
        name = row["Name"] if row["Type"] else "all steps"
        p95 = float(row["95%"] or 0)
        if row["Type"]:
            met &= p95 < P95_TARGET_MS
        print(
            f"{name:<34} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    return met


def _journal(path: Path) -> tuple[set[str], set[str]]:
    started, done = set(), set()
    for line in path.read_text().splitlines() if path.exists() else []:
        what, email = line.split(" ", 1)
        (started if what == "start" else done).add(email)
    return started, done


def _present(database_url: str, emails: set[str]) -> tuple[int, int]:
    """How many of ``emails`` have an EU Login account, and a pending authorisation request."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        accounts = connection.execute(
            text("SELECT count(*) FROM account WHERE email = ANY(:emails)"),
            {"emails": list(emails)},
        ).scalar()
        requests = connection.execute(
            text(
                "SELECT count(DISTINCT u.email) FROM role r JOIN traces_user u ON u.id = r.user_id "
                "WHERE u.email = ANY(:emails) AND r.status = 'requested' AND r.kind = 'operator'"
            ),
            {"emails": list(emails)},
        ).scalar()
    engine.dispose()
    return accounts, requests


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not LOCUST.exists():
        print(f"{LOCUST} is missing: run ./dev load, which installs Locust there.", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="traces-load-"))
    work.chmod(0o711)  # the PostgreSQL server runs as its own user and must reach its folder
    try:
        cluster_folder = work / "postgres"
        options = ["--instance", str(work / "instance"), "--cluster", str(cluster_folder)]
        if args.workers:
            options += ["--workers", str(args.workers)]
        if args.threads:
            options += ["--threads", str(args.threads)]
        journal = work / "journal.txt"
        with serve_classroom(work, *options) as portal:
            print(f"Classroom portal: {portal.base_url}", flush=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started_at = time.monotonic()
            locust = subprocess.run(
                [
                    str(LOCUST),
                    "-f",
                    str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.trainees),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{args.run_time}s",
                    "--host",
                    portal.base_url,
                    "--csv",
                    str(work / "load"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=os.environ
                | {"LOAD_JOURNAL": str(journal), "LOAD_TRAINEES": str(args.trainees)},
                capture_output=True,
                text=True,
            )
            locust_seconds = time.monotonic() - started_at
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            locust_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            workers = len(portal.worker_pids())  # all booted: the run is over
            rows = _steps(work / "load_stats.csv")
            database_url = LocalCluster(cluster_folder).url("traces")
            started, done = _journal(journal)
            accounts, requests = _present(database_url, started)
        met = _print_figures(rows)
        total = next(row for row in rows if not row["Type"])
        errors = int(total["Failure Count"])
        exceptions = _steps(work / "load_exceptions.csv")
        failures = [
            f"{row['Count']} x {row['Message'].splitlines()[0][:150]}" for row in exceptions
        ]
        print(f"\nportal: gunicorn, {workers} workers, on PostgreSQL")
        print(f"run: {locust_seconds:.0f} s; Locust itself used {locust_cpu:.1f} CPU-s")
        print(
            f"pace: {args.spawn_rate:g} trainees arriving per second, "
            f"{args.think_time} s on each screen"
        )
        print(f"trainees: {args.trainees} asked, {len(started)} started, {len(done)} finished")
        print(f"accounts present:  {accounts}/{len(started)}")
        print(f"requests present:  {requests}/{len(started)}")
        print(
            f"errors: {errors} failed requests, {sum(int(r['Count']) for r in exceptions)} step errors"
        )
        for failure in failures:
            print(f"  {failure}")
        print(
            f"targets: 0 errors, nothing missing, p95 < {P95_TARGET_MS} ms on every step: ", end=""
        )
        complete = len(done) == len(started) == args.trainees == accounts == requests
        correct = errors == 0 and not exceptions and complete
        print(
            "met"
            if correct and met
            else f"errors/missing {'ok' if correct else 'NOT MET'}, "
            f"p95 {'ok' if met else 'NOT MET'}"
        )
        if locust.returncode not in (0, 1):
            print(locust.stderr[-3000:], file=sys.stderr)
        return 0 if correct else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
