"""The suite's speed, measured side by side, each figure printed with its target.

    .venv/bin/python benchmarks/speed.py [--rounds 5] [--only floor,cpu,parallel,walkthrough,pages]

- floor: two @guide journeys (01 registration to sign-in, 06 the role request) as a plain
  Playwright script (benchmarks/plain_journeys.py), interleaved round after round with the
  suite's run of the same scenarios, both against one portal and the same Chromium: the
  suite's wall time over the script's (min/median/max). Target: at most 1.15.
- cpu: CPU-seconds per scenario of the whole browser suite, serial (the process tree's user
  and system time, browsers included). Target: half the figure before the speed work.
- parallel: the browser suite serial and under -n 2, wall and CPU.
- walkthrough: the French guide's time per format (benchmarks/walkthrough.py).
- pages: requests per second of the heaviest pages under gunicorn on PostgreSQL.

Nothing is asserted: the machine decides; the README keeps the latest figures.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The browser suite before the speed work: 57 scenarios, 267.4 CPU-s serial, on this
# machine's kind (2 cores), with full Chromium and every Given replayed through screens.
CPU_PER_SCENARIO_BEFORE = 4.69
FLOOR_TARGET = 1.15
SECTIONS = ("floor", "cpu", "parallel", "walkthrough", "pages")
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
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)
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
    found = re.search(r"(\d+) passed", result.stdout)
    return int(found.group(1)) if found else 0


def line(label: str, figure: str, target: str = "") -> None:
    print(f"  {label:<52} {figure:>22}   {target}", flush=True)


def floor(rounds: int) -> None:
    from mock_portal.testing import serve_portal

    print("floor: the suite against a plain Playwright script, the same two journeys")
    scenarios = ["steps/test_01_inscription.py", "steps/test_06_role_operateur.py"]
    with tempfile.TemporaryDirectory() as folder, serve_portal(Path(folder)) as live:
        suite, plain = [], []
        for _ in range(rounds):
            wall, _cpu, result = measured(
                _pytest(*scenarios, "-m", "guide", "--base-url", live.base_url)
            )
            if _passed(result) != 2:
                raise SystemExit(f"expected 2 scenarios:\n{result.stdout[-2000:]}")
            suite.append(wall)
            wall, _cpu, result = measured(
                [sys.executable, "benchmarks/plain_journeys.py", "--base-url", live.base_url]
            )
            if result.returncode != 0:
                raise SystemExit(f"the plain script failed:\n{result.stderr[-3000:]}")
            plain.append(wall)
    ratios = sorted(s / p for s, p in zip(suite, plain, strict=True))
    line("plain script, wall (median)", f"{statistics.median(plain):.1f} s")
    line("suite, wall (median)", f"{statistics.median(suite):.1f} s")
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
        requests.post(
            f"{base}/__admin/users",
            json={
                "email": "bench@example.org",
                "first_name": "Léa",
                "last_name": "Banc",
                "password": "Bench-Mark-2026!",
            },
            timeout=10,
        ).raise_for_status()
        sessions = {}
        for who, email, password in (
            ("operator", "bench@example.org", "Bench-Mark-2026!"),
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
    if "walkthrough" in chosen:
        walkthrough()
    if "pages" in chosen:
        pages()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
