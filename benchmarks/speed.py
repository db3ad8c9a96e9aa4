"""The suite's speed, measured side by side, each figure printed with its target.

    .venv/bin/python benchmarks/speed.py [--rounds 5]
        [--only floor,cpu,parallel,levers,walkthrough,pages,test-run,scale,faults]

- floor: the French @guide scenarios (01, 06, 07, 08, 09, 13) beside the same journeys in
  plain Playwright (benchmarks/plain_journeys.py), in one pytest process, one browser and
  one portal, interleaved round after round (benchmarks/floor.py): the suite's wall time
  over the plain code's, per round (min/median/max). Target: at most 1.15.
- cpu: CPU-seconds per scenario of the whole browser suite, serial (the process tree's user
  and system time, browsers included). Target: half the figure before the speed work.
- parallel: the browser suite serial and under -n 2, wall and CPU.
- levers: the browser suite serial with full Chromium and every Given through the screens
  (the suite before the speed work), then with the headless shell, then with the control
  API's preconditions too: wall time and CPU per scenario of each.
- walkthrough: the French guide's time per format (benchmarks/walkthrough.py).
- pages: requests per second of the heaviest pages under gunicorn on PostgreSQL.
- test-run: ``./dev test`` after set-up, part by part (benchmarks/test_run.py).
- scale: a classroom filled with a year of CI's data, then the load test (benchmarks/scale.py).
- faults: the load test with a gunicorn worker killed, then PostgreSQL restarted
  (benchmarks/load.py --fault).

Nothing is asserted: the machine decides; the README keeps the latest figures.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from process_check import checked, run_in_group
from tests.suite_runs import ROOT, passed_count

# The browser suite before the speed work: 57 scenarios, 267.4 CPU-s serial, on this
# machine's kind (2 cores), with full Chromium and every Given replayed through screens.
CPU_PER_SCENARIO_BEFORE = 4.69
FLOOR_TARGET = 1.15
SECTIONS = (
    "floor",
    "cpu",
    "parallel",
    "levers",
    "walkthrough",
    "pages",
    "test-run",
    "scale",
    "faults",
)
_PR_SET_CHILD_SUBREAPER = 36


def _adopt_orphans() -> None:
    # Browsers outlive the pytest that started them by a moment; adopting them keeps their
    # CPU time in this process's children's account.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def measured(command: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of ``command``'s whole process tree, and its result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run_in_group(command, cwd=ROOT, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - started
    _reap()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


def _pytest(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments]


def _passed(result: subprocess.CompletedProcess) -> int:
    if result.returncode != 0:
        raise SystemExit(f"the run failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return passed_count(result)


def line(label: str, figure: str, target: str = "") -> None:
    print(f"  {label:<52} {figure:>22}   {target}", flush=True)


def floor(rounds: int) -> None:
    print("floor: the French @guide scenarios beside the same journeys in plain Playwright")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "floor.json"
        _wall, _cpu, result = measured(
            _pytest(
                "-p",
                "benchmarks.floor",
                f"--floor-rounds={rounds}",
                f"--floor-report={report}",
                "steps",
                "benchmarks/test_floor.py",
            )
        )
        _passed(result)
        timings = json.loads(report.read_text())
    totals: dict[int, dict[str, float]] = {}
    for timing in timings:
        if timing["round"] == 0:  # the warm-up
            continue
        kinds = totals.setdefault(timing["round"], {"plain": 0.0, "suite": 0.0})
        kinds[timing["kind"]] += timing["seconds"]
    ratios = sorted(kinds["suite"] / kinds["plain"] for kinds in totals.values())
    journeys = len({timing["module"] for timing in timings})
    plain = statistics.median(kinds["plain"] for kinds in totals.values())
    suite = statistics.median(kinds["suite"] for kinds in totals.values())
    line(f"plain Playwright, {journeys} journeys, wall (median)", f"{plain:.1f} s")
    line(f"the suite, the same {journeys} scenarios, wall (median)", f"{suite:.1f} s")
    line(
        f"suite / plain, {rounds} rounds (min / median / max)",
        f"{ratios[0]:.2f} / {statistics.median(ratios):.2f} / {ratios[-1]:.2f}",
        f"target <= {FLOOR_TARGET}",
    )


def cpu_and_parallel(sections: set[str]) -> None:
    print("the browser suite (steps/)")
    wall, cpu, result = measured(_pytest("steps"))
    count = _passed(result)
    if "cpu" in sections:
        line(
            f"CPU per scenario, serial ({count} scenarios)",
            f"{cpu / count:.2f} CPU-s",
            f"target <= {CPU_PER_SCENARIO_BEFORE / 2:.2f} (before: {CPU_PER_SCENARIO_BEFORE})",
        )
    if "parallel" in sections:
        line("serial: wall / CPU", f"{wall:.0f} s / {cpu:.0f} CPU-s")
        wall2, cpu2, result2 = measured(_pytest("steps", "-n", "2"))
        _passed(result2)
        line(
            "-n 2: wall / CPU", f"{wall2:.0f} s / {cpu2:.0f} CPU-s", f"speed-up {wall / wall2:.2f}x"
        )


def levers() -> None:
    """The browser suite serial with each lever of the speed work off, then on."""
    from pages.browser import CHROMIUM_ENV, find_chromium

    print("levers: the browser suite serial, each lever off then on")
    # Full Chromium: what find_chromium gives a headed run.
    full = {**os.environ, CHROMIUM_ENV: find_chromium(headless=False)}
    runs = (
        ("full Chromium, Givens through the screens", full, ["--givens-through-screens"]),
        ("headless shell, Givens through the screens", None, ["--givens-through-screens"]),
        ("headless shell, Givens through the control API", None, []),
    )
    per_scenario = []
    for label, environment, options in runs:
        wall, cpu, result = measured(_pytest("steps", *options), env=environment)
        per_scenario.append(cpu / _passed(result))
        line(label, f"{wall:.0f} s, {per_scenario[-1]:.2f} CPU-s/scen.")
    # The same machine, minutes apart: steadier than a figure kept from another day.
    line(
        "CPU per scenario, all levers on / all off",
        f"{per_scenario[-1] / per_scenario[0]:.2f}",
        "target <= 0.50",
    )


def walkthrough() -> None:
    print("walkthrough: the French guide, every format")
    wall, cpu, result = measured([sys.executable, "benchmarks/walkthrough.py"])
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    for row in result.stdout.splitlines():
        if row.startswith("format "):
            label, seconds = row.rsplit("  ", 1)
            line(label.strip(), seconds.strip())
    line("whole run: wall / CPU", f"{wall:.0f} s / {cpu:.0f} CPU-s")


def pages(requests_per_page: int = 200, threads: int = 4) -> None:
    import requests

    from mock_portal.testing import serve_classroom
    from tests.support import http_sign_in

    print(f"pages under gunicorn on PostgreSQL ({requests_per_page} requests, {threads} at once)")
    with tempfile.TemporaryDirectory() as folder, serve_classroom(Path(folder), "--admin") as room:
        base = room.base_url
        # The classroom keeps its database from one start to the next: an address of our own.
        operator = f"bench+{uuid.uuid4().hex[:8]}@example.org"
        requests.post(
            f"{base}/__admin/users",
            json={
                "email": operator,
                "first_name": "Léa",
                "last_name": "Banc",
                "password": "Bench-Mark-2026!",
            },
            timeout=10,
        ).raise_for_status()
        sessions = {}
        for who, email, password in (
            ("operator", operator, "Bench-Mark-2026!"),
            ("authority", "beafsca04@autorite.example", "Autorite!2024"),
        ):
            session = requests.Session()
            answer = http_sign_in(base, email, password, f"{base}/tracesnt/login", session)
            session.get(answer.headers["Location"], timeout=10).raise_for_status()
            sessions[who] = session
        heavy = (
            (
                "operator",
                "search with filters",
                "/tracesnt/roles/new/operator?country=BE&section=EUPO&q=a",
            ),
            ("operator", "profile", "/tracesnt/profile"),
            ("authority", "authorisation requests", "/tracesnt/role-requests"),
            ("authority", "activities to validate", "/tracesnt/activities"),
        )
        for who, label, path in heavy:
            session = sessions[who]

            def fetch(_: int, session=session, path=path) -> int:
                return session.get(f"{base}{path}", timeout=30).status_code

            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                codes = list(pool.map(fetch, range(requests_per_page)))
            seconds = time.perf_counter() - started
            if set(codes) != {200}:
                raise SystemExit(f"{path} answered {sorted(set(codes))}")
            line(label, f"{requests_per_page / seconds:.0f} req/s")


def passed_through(title: str, command: list[str]) -> None:
    """Run one of the other benchmarks and print its report as it is (its targets beside
    its figures); a failure of its checks is printed, not raised: the next section runs."""
    print(title, flush=True)
    result = run_in_group(command, cwd=ROOT, capture_output=True, text=True)
    print(result.stdout.rstrip(), flush=True)
    if result.returncode != 0:
        print(f"  (exit {result.returncode})\n{result.stderr[-2000:]}", flush=True)


def main(argv: list[str]) -> int:
    cli = argparse.ArgumentParser(prog="benchmarks/speed.py", description=__doc__.split("\n")[0])
    cli.add_argument("--rounds", type=int, default=5, help="floor rounds (default 5)")
    cli.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = cli.parse_args(argv)
    chosen = {part.strip() for part in args.only.split(",") if part.strip()}
    if unknown := chosen - set(SECTIONS):
        cli.error(f"unknown sections: {', '.join(sorted(unknown))}")
    _adopt_orphans()
    if "floor" in chosen:
        floor(args.rounds)
    if chosen & {"cpu", "parallel"}:
        cpu_and_parallel(chosen)
    if "levers" in chosen:
        levers()
    if "walkthrough" in chosen:
        walkthrough()
    if "pages" in chosen:
        pages()
    if "test-run" in chosen:
        passed_through(
            "test-run: ./dev test after set-up", [sys.executable, "benchmarks/test_run.py"]
        )
    if "scale" in chosen:
        passed_through(
            "scale: a year of CI's data, then the load", [sys.executable, "benchmarks/scale.py"]
        )
    if "faults" in chosen:
        passed_through(
            "faults: a gunicorn worker killed, then PostgreSQL restarted, under load",
            [
                sys.executable,
                "benchmarks/load.py",
                "--fault",
                "kill-worker",
                "--fault",
                "restart-postgresql",
            ],
        )
    return 0


if __name__ == "__main__":
    # Fails, naming them, when a portal, a database or a browser outlives the run.
    sys.exit(checked(lambda: main(sys.argv[1:]), "./dev speed"))
