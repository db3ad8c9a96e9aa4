"""Faults for ``./dev load --fault``: what a classroom portal must outlive, and the checks
that it did.

``kill-worker`` sends SIGKILL to one gunicorn worker (gunicorn's master must replace it);
``restart-postgresql`` restarts the portal's own PostgreSQL cluster (``pg_ctl restart -m
fast``: every connection of every worker dies). Both act on loopback processes this run
started, nothing else. Afterwards: the failed requests must all have been in flight at a
fault, ``/__health`` must answer 200 again within ``HEALTH_TARGET_SECONDS``, and the
gunicorn master must be the same process.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError

from mock_portal.postgres import LocalCluster, PostgresUnavailable
from mock_portal.testing import children

KINDS = ("kill-worker", "restart-postgresql")
# A request that started this long after a fault ended still met its consequences (a
# connection closed by the killed worker, a pool reconnecting). No slack before: a request
# that ended before the fault began had its answer before anything broke.
SLACK_SECONDS = 1.0
HEALTH_TARGET_SECONDS = 10
# How often the watch asks /__health.
HEALTH_INTERVAL = 0.2


@dataclass
class Fault:
    """One fault of the run: its kind, when it should happen, when it began and ended."""

    kind: str
    at: float
    began: float = 0.0
    ended: float = 0.0
    detail: str = ""

    def overlaps(self, start: float, end: float) -> bool:
        """Whether a request from ``start`` to ``end`` was in flight at this fault."""
        return start <= self.ended + SLACK_SECONDS and end >= self.began


def parse_fault(text: str, default_at: float) -> Fault:
    """``KIND`` or ``KIND@SECONDS`` (seconds after the load starts)."""
    kind, _, at = text.partition("@")
    if kind not in KINDS:
        raise ValueError(f"unknown fault {kind!r}: choose among {', '.join(KINDS)}")
    return Fault(kind, float(at) if at else default_at)


def gunicorn_master(classroom_pid: int) -> int:
    """The gunicorn master: the one child of ``python -m mock_portal.classroom``."""
    [master] = children(classroom_pid)
    return master


def kill_worker(fault: Fault, master: int, timeout: float = 30) -> None:
    """SIGKILL one worker of ``master``, then wait until the master has replaced it."""
    workers = children(master)
    victim = workers[0]
    fault.began = time.time()
    os.kill(victim, signal.SIGKILL)
    fault.ended = time.time()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = children(master)
        if victim not in now and len(now) >= len(workers):
            waited = time.time() - fault.began
            fault.detail = (
                f"worker {victim} killed; replaced by {set(now) - set(workers)} in {waited:.1f} s"
            )
            return
        time.sleep(0.05)
    fault.detail = f"worker {victim} killed; NOT replaced within {timeout:.0f} s"


def restart_postgresql(fault: Fault, cluster: LocalCluster) -> None:
    """Restart ``cluster`` as an administrator would (``LocalCluster.restart``: a fast
    shutdown, which ends every connection, then a start with the same settings)."""
    fault.began = time.time()
    try:
        cluster.restart()
        outcome = "restarted"
    except PostgresUnavailable as error:
        outcome = f"restart FAILED: {str(error)[-300:]}"
    fault.ended = time.time()
    fault.detail = f"PostgreSQL {outcome} in {fault.ended - fault.began:.1f} s"


@dataclass
class HealthWatch:
    """Asks ``/__health`` every ``HEALTH_INTERVAL`` seconds in a thread, keeping each answer."""

    url: str
    samples: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="health-watch", daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            asked = time.time()
            try:
                with urllib.request.urlopen(self.url, timeout=5) as answer:
                    status = answer.status
            except HTTPError as error:
                status = error.code
            except (URLError, OSError):
                status = 0
            self.samples.append((asked, status))
            self._stop.wait(HEALTH_INTERVAL)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _between(self, start: float, end: float) -> list[tuple[float, int]]:
        return [(at, status) for at, status in self.samples if start <= at < end]

    def back_after(self, fault: Fault, until: float = float("inf")) -> float | None:
        """Seconds from the fault's start until /__health answered 200 for good (before
        ``until``, the next fault), or None if it never did."""
        after = self._between(fault.began, until)
        last_bad = max((at for at, status in after if status != 200), default=None)
        good = [at for at, status in after if status == 200 and (last_bad is None or at > last_bad)]
        return good[0] - fault.began if good else None

    def unhealthy_after(self, fault: Fault, until: float = float("inf")) -> int:
        """How many answers other than 200 came from the fault's start until ``until``."""
        return sum(1 for _at, status in self._between(fault.began, until) if status != 200)


@dataclass
class Failure:
    """A failed request, as the locustfile recorded it."""

    start: float
    end: float
    step: str
    trainee: str
    reason: str


def read_failures(folder: Path) -> list[Failure]:
    """The failed requests every Locust process recorded in ``folder``."""
    failures = []
    for path in sorted(folder.glob("failures-*.txt")):
        for line in path.read_text().splitlines():
            start, end, step, trainee, reason = line.split("\t", 4)
            failures.append(Failure(float(start), float(end), step, trainee, reason))
    return sorted(failures, key=lambda failure: failure.start)


def outside_faults(failures: list[Failure], faults: list[Fault]) -> list[Failure]:
    """The failures no fault explains: in flight at none of them."""
    return [f for f in failures if not any(fault.overlaps(f.start, f.end) for fault in faults)]


def timeline(failures: list[Failure], faults: list[Fault], origin: float) -> list[str]:
    """Failures per second of the run (when each failed), beside the faults, one line per
    second that had any."""
    per_second: dict[int, int] = {}
    for failure in failures:
        second = int(failure.end - origin)
        per_second[second] = per_second.get(second, 0) + 1
    marks = {int(fault.began - origin): fault.kind for fault in faults}
    lines = []
    for second in sorted(set(per_second) | set(marks)):
        mark = f"  <- {marks[second]}" if second in marks else ""
        lines.append(f"  t={second:>4} s  {per_second.get(second, 0):>3} failed{mark}")
    return lines
