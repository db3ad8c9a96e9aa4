"""The classroom under load: simulated trainees doing the whole journey, with Locust.

    ./dev load [--trainees 50] [--spawn-rate 2] [--think-time 2-6] [--run-time 300]
               [--workers N] [--threads N] [--authorities N]
               [--fault kill-worker[@S]] [--fault restart-postgresql[@S]]

Starts the classroom portal (gunicorn on a PostgreSQL cluster of its own, in a
temporary folder), runs ``benchmarks/locustfile.py`` headless against it, bounded in
time, prints the requests, errors and p50/p95/p99 of every step, then checks in the
database that every account, password and authorisation request the portal confirmed to
a trainee is there (``--authorities`` adds officers validating requests meanwhile). It exits
non-zero when a request failed or something is missing; the p95 target (200 ms per step on
a 2-core machine) is printed beside the figures, not enforced: the machine decides it, and
its speed is printed before and after the load (the probe of ``benchmarks/machine.py``).

``--fault`` breaks something mid-run (``benchmarks/faults.py``): SIGKILL of one gunicorn
worker, or a restart of PostgreSQL, S seconds after the load starts. A fault run exits
non-zero unless only the requests in flight at a fault failed, nothing confirmed is
missing, ``/__health`` answered 200 again within 10 s, and the gunicorn master is the
same process throughout.

Locust runs from its own virtual environment (``.venv-load``, made by ``./dev load``):
it installs a pytest plugin that has no place in the test suite's process.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks import faults  # noqa: E402
from benchmarks.machine import probe, speed_line  # noqa: E402
from mock_portal.health import PATH as HEALTH_PATH  # noqa: E402
from mock_portal.postgres import LocalCluster  # noqa: E402
from mock_portal.testing import serve_classroom  # noqa: E402
from process_check import checked  # noqa: E402

P95_TARGET_MS = 200
LOCUST = ROOT / ".venv-load" / "bin" / "locust"
# When the first fault strikes if --fault gives no time, and how far apart the next ones are:
# the default room of 50 is seated after 25 s and done after about 50.
FIRST_FAULT_AT = 20
FAULTS_APART = 15


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """The options of the load itself, shared with ``./dev scale``."""
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
    parser.add_argument(
        "--authorities",
        type=int,
        default=0,
        help="authority officers (the seeded Belgian one) validating requests meanwhile "
        "(default: none with ./dev load, 2 with ./dev scale)",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the classroom's)")
    parser.add_argument("--threads", type=int, help="threads per worker")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./dev load", description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[@SECONDS]",
        help=f"break something mid-run: {' or '.join(faults.KINDS)}, SECONDS after the load "
        f"starts (default {FIRST_FAULT_AT}, then {FAULTS_APART} s apart); repeatable",
    )
    args = parser.parse_args(argv)
    try:
        args.faults = [
            faults.parse_fault(text, FIRST_FAULT_AT + index * FAULTS_APART)
            for index, text in enumerate(args.fault)
        ]
    except ValueError as error:
        parser.error(str(error))
    return args


def _steps(stats_csv: Path) -> list[dict]:
    with stats_csv.open() as file:
        return list(csv.DictReader(file))


def print_figures(rows: list[dict]) -> bool:
    """The table of steps; whether every step met the p95 target."""
    print(f"\n{'step':<34} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    met = True
    for row in rows:
        name = row["Name"] if row["Type"] else "all steps"
        p95 = float(row["95%"] or 0)
        if row["Type"]:
            met &= p95 < P95_TARGET_MS
        mark = "" if not row["Type"] or p95 < P95_TARGET_MS else "  over target"
        print(
            f"{name:<34} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7}{mark}"
        )
    return met


def _journal(folder: Path) -> dict[str, set[str]]:
    """What each trainee did, from every Locust process's journal: started, account,
    password, request (each confirmed by the portal), done, abandon."""
    seen: dict[str, set[str]] = {}
    for path in sorted(folder.glob("journal-*.txt")):
        for line in path.read_text().splitlines():
            what, email = line.split(" ", 2)[:2]
            seen.setdefault(what, set()).add(email)
    return seen


def _abandon_reasons(folder: Path) -> list[str]:
    reasons = []
    for path in sorted(folder.glob("journal-*.txt")):
        reasons += [
            line.split(" ", 2)[2]
            for line in path.read_text().splitlines()
            if line.startswith("abandon ") and line.count(" ") >= 2
        ]
    return reasons


def missing_in_database(database_url: str, journal: dict[str, set[str]]) -> dict[str, set[str]]:
    """The trainees whose confirmed account, password or authorisation request the database
    does not hold."""
    confirmed = {kind: sorted(journal.get(kind, ())) for kind in ("account", "password", "request")}
    engine = create_engine(database_url)
    with engine.connect() as connection:
        accounts = set(
            connection.execute(
                text("SELECT email FROM account WHERE email = ANY(:emails)"),
                {"emails": confirmed["account"]},
            ).scalars()
        )
        passwords = set(
            connection.execute(
                text(
                    "SELECT email FROM account "
                    "WHERE email = ANY(:emails) AND password_hash IS NOT NULL"
                ),
                {"emails": confirmed["password"]},
            ).scalars()
        )
        requests = set(
            connection.execute(
                text(
                    "SELECT DISTINCT u.email FROM role r JOIN traces_user u ON u.id = r.user_id "
                    "WHERE u.email = ANY(:emails) AND u.environment = 'production' "
                    "AND r.kind = 'operator'"
                ),
                {"emails": confirmed["request"]},
            ).scalars()
        )
    engine.dispose()
    return {
        "account": set(confirmed["account"]) - accounts,
        "password": set(confirmed["password"]) - passwords,
        "request": set(confirmed["request"]) - requests,
    }


@dataclass
class LoadRun:
    """What a run measured: Locust's figures, the trainees' journal, the faults."""

    rows: list[dict]
    exceptions: list[dict]
    journal: dict[str, set[str]]
    abandons: list[str]
    failures: list[faults.Failure]
    missing: dict[str, set[str]]
    seconds: float
    locust_cpu: float
    workers: int
    started_at: float
    faults: list[faults.Fault] = field(default_factory=list)
    health: faults.HealthWatch | None = None
    masters: tuple[int, int] = (0, 0)
    locust_stderr: str = ""
    locust_returncode: int = 0
    # What the portal's log says went wrong inside it: "Exception on /path [GET]" lines.
    server_errors: list[str] = field(default_factory=list)
    # The machine's speed probe before and after the load (benchmarks/machine.py).
    speed: tuple[float, float] = (0.0, 0.0)


def _run_faults(scheduled: list[faults.Fault], started: float, master: int, cluster, locust):
    """Strike each fault at its time while Locust runs."""
    for fault in sorted(scheduled, key=lambda fault: fault.at):
        while time.time() < started + fault.at:
            if locust.poll() is not None:
                fault.detail = "not struck: the load was over before its time"
                return
            time.sleep(0.05)
        if fault.kind == "kill-worker":
            faults.kill_worker(fault, master)
        else:
            faults.restart_postgresql(fault, cluster)
        print(f"fault at t={fault.began - started:.1f} s: {fault.detail}", flush=True)


def run_load(args: argparse.Namespace, portal, cluster_folder: Path, work: Path) -> LoadRun:
    """Send ``args.trainees`` Locust trainees to ``portal``, striking ``args.faults``."""
    records = work / "records"
    records.mkdir()
    scheduled = list(getattr(args, "faults", []))
    cluster = LocalCluster(cluster_folder)
    master = faults.gunicorn_master(portal.process.pid)
    speed_before = probe()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with faults.HealthWatch(portal.url(HEALTH_PATH)) as health:
        started_at = time.time()
        locust = subprocess.Popen(
            [
                str(LOCUST),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.trainees + args.authorities),
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
            | {
                "LOAD_RECORDS": str(records),
                "LOAD_TRAINEES": str(args.trainees),
                "LOAD_THINK_TIME": args.think_time,
                "LOAD_AUTHORITIES": str(args.authorities),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            if scheduled:
                _run_faults(scheduled, started_at, master, cluster, locust)
            _out, locust_stderr = locust.communicate()
        finally:
            if locust.poll() is None:
                locust.terminate()
                locust.wait(timeout=30)
        seconds = time.time() - started_at
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    speed = (speed_before, probe())
    journal = _journal(records)
    return LoadRun(
        rows=_steps(work / "load_stats.csv"),
        exceptions=_steps(work / "load_exceptions.csv"),
        journal=journal,
        abandons=_abandon_reasons(records),
        failures=faults.read_failures(records),
        missing=missing_in_database(cluster.url("traces"), journal),
        seconds=seconds,
        locust_cpu=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        workers=len(faults.children(faults.gunicorn_master(portal.process.pid))),
        started_at=started_at,
        faults=scheduled,
        health=health,
        masters=(master, faults.gunicorn_master(portal.process.pid)),
        locust_stderr=locust_stderr,
        locust_returncode=locust.returncode,
        server_errors=[line for line in portal.output().splitlines() if "Exception on " in line],
        speed=speed,
    )


def _report_faults(run: LoadRun) -> bool:
    """The faults, the failures beside them, /__health and the master; whether all met."""
    struck = [fault for fault in run.faults if fault.began]
    met = len(struck) == len(run.faults)
    print("\nfaults:")
    for index, fault in enumerate(run.faults):
        if not fault.began:
            print(f"  {fault.kind}: {fault.detail}")
            continue
        until = run.faults[index + 1].began if index + 1 < len(run.faults) else float("inf")
        back = run.health.back_after(fault, until or float("inf"))
        bad = run.health.unhealthy_after(fault, until or float("inf"))
        within = back is not None and back < faults.HEALTH_TARGET_SECONDS
        met &= within and "NOT" not in fault.detail and "FAILED" not in fault.detail
        health = (
            "answered 200 throughout"
            if bad == 0
            else f"{bad} answers other than 200, then 200 again "
            + (f"{back:.1f} s after the fault" if back is not None else "NEVER")
        )
        print(f"  {fault.kind} at t={fault.began - run.started_at:.1f} s: {fault.detail}")
        print(f"    /__health: {health} (target: 200 within {faults.HEALTH_TARGET_SECONDS} s)")
    stray = faults.outside_faults(run.failures, struck)
    at_faults = len(run.failures) - len(stray)
    print(
        f"  failed requests: {len(run.failures)}, {at_faults} in flight at a fault, {len(stray)} not"
    )
    # Failing at a fault is allowed; failing with a bare 500 rather than the portal's page is not.
    bare = [failure for failure in run.failures if failure.reason.startswith("500 ")]
    print(f"  answered with a bare 500 rather than the portal's error page: {len(bare)}")
    for line in faults.timeline(run.failures, struck, run.started_at):
        print(line)
    for failure in stray[:10]:
        print(
            f"    not at a fault: t={failure.start - run.started_at:.1f} s {failure.step}: "
            f"{failure.reason[:120]}"
        )
    same_master = run.masters[0] == run.masters[1]
    print(
        f"  gunicorn master: pid {run.masters[0]} before, {run.masters[1]} after "
        f"({'the same' if same_master else 'RESTARTED'}); {run.workers} workers at the end"
    )
    return met and not stray and not bare and same_master


def report(args: argparse.Namespace, run: LoadRun) -> int:
    """Print the figures and the checks; the exit status (0: every target of correctness met)."""
    met = print_figures(run.rows)
    total = next(row for row in run.rows if not row["Type"])
    errors = int(total["Failure Count"])
    step_errors = sum(int(row["Count"]) for row in run.exceptions)
    started = run.journal.get("start", set())
    done, abandoned = run.journal.get("done", set()), run.journal.get("abandon", set())
    print(f"\nportal: gunicorn, {run.workers} workers, on PostgreSQL")
    print(f"run: {run.seconds:.0f} s; Locust itself used {run.locust_cpu:.1f} CPU-s")
    print(speed_line(*run.speed))
    print(
        f"pace: {args.spawn_rate:g} trainees arriving per second, {args.think_time} s on each screen"
    )
    print(
        f"trainees: {args.trainees} asked, {len(started)} started, {len(done)} finished, "
        f"{len(abandoned)} stopped by an error"
    )
    for reason in sorted(set(run.abandons))[:10]:
        print(f"  stopped: {reason[:150]}")
    confirmed = {
        kind: len(run.journal.get(kind, ())) for kind in ("account", "password", "request")
    }
    print(
        "confirmed to trainees: "
        + ", ".join(f"{count} {kind}s" for kind, count in confirmed.items())
        + "; missing in the database: "
        + ", ".join(f"{len(run.missing[kind])} {kind}s" for kind in confirmed)
    )
    nothing_missing = not any(run.missing.values())
    print(f"errors: {errors} failed requests, {step_errors} step errors")
    for row in run.exceptions:
        print(f"  {row['Count']} x {row['Message'].splitlines()[0][:150]}")
    print(f"errors in the portal's log: {len(run.server_errors)}")
    for line in run.server_errors[:5]:
        print(f"  {line[:150]}")
    if run.faults:
        faults_met = _report_faults(run)
        finished = len(done | abandoned) == len(started) == args.trainees
        correct = faults_met and nothing_missing and finished and step_errors == 0
        print(
            f"targets: errors only at the faults, 0 missing confirmed, /__health back to 200 "
            f"within {faults.HEALTH_TARGET_SECONDS} s, the same gunicorn master: "
            f"{'met' if correct else 'NOT MET'}"
        )
    else:
        complete = len(done) == len(started) == args.trainees == confirmed["request"]
        correct = errors == 0 and step_errors == 0 and not abandoned and complete
        correct &= nothing_missing
        print(
            f"targets: 0 errors, nothing missing, p95 < {P95_TARGET_MS} ms on every step: ", end=""
        )
        print(
            "met"
            if correct and met
            else f"errors/missing {'ok' if correct else 'NOT MET'}, "
            f"p95 {'ok' if met else 'NOT MET'}"
        )
    if run.locust_returncode not in (0, 1):
        print(run.locust_stderr[-3000:], file=sys.stderr)
    return 0 if correct else 1


def classroom_options(args: argparse.Namespace, work: Path) -> list[str]:
    """The options of ``python -m mock_portal.classroom`` for a run in ``work``."""
    options = ["--instance", str(work / "instance"), "--cluster", str(work / "postgres")]
    if args.workers:
        options += ["--workers", str(args.workers)]
    if args.threads:
        options += ["--threads", str(args.threads)]
    return options


def work_folder() -> Path:
    """A temporary folder for the run, which the PostgreSQL server's own user can reach."""
    work = Path(tempfile.mkdtemp(prefix="traces-load-"))
    work.chmod(0o711)
    return work


def stop_on_sigterm() -> None:
    """SIGTERM (``timeout``, a CI job cancelled) ends the run as Ctrl-C does: the portal, its
    database and the temporary folder are cleaned up."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    stop_on_sigterm()
    if not LOCUST.exists():
        print(f"{LOCUST} is missing: run ./dev load, which installs Locust there.", file=sys.stderr)
        return 2
    work = work_folder()
    try:
        with serve_classroom(work, *classroom_options(args, work)) as portal:
            print(f"Classroom portal: {portal.base_url}", flush=True)
            run = run_load(args, portal, work / "postgres", work)
        return report(args, run)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    # Fails, naming them, when the classroom, its database or Locust outlive the run.
    sys.exit(checked(lambda: main(sys.argv[1:]), "./dev load"))
