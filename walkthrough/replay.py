"""Replaying a walkthrough's scenarios in worker processes, side by side.

Each worker (``python -m walkthrough.worker``) is a pytest run with a portal and a browser of
its own: the portal is reset before each scenario, so two scenarios cannot share one. The
workers claim the scenarios of every guide asked for (French, English) one by one in the
run's folder, each its share first (``walkthrough.shares``), so that both cores stay busy
until the end; the command prints each scenario's progress as it is shipped, and puts each
guide's scenarios back in the guide's order.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from process_check import terminated_as_interrupted

from .marks import develop_guide, develop_scenario
from .model import Guide, ScenarioGuide
from .recorder import RunOptions
from .runfolder import Failure, RunFolder, Shipment
from .worker import WorkerSpec

# How often the command looks for shipped scenarios while the workers run.
_POLL_SECONDS = 0.05
# Where each scenario's seconds are kept from one run to the next (they share the claims out).
DURATIONS = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / (
    "traces-walkthrough/durations.json"
)
# A worker asked to stop (Ctrl-C) gets this long to close its browser and portal.
_STOP_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


@dataclass
class Recording:
    """One guide's scenarios as the workers recorded them, in the guide's order."""

    language: str
    expected: int = 0  # scenarios collected for this guide
    shipments: list[Shipment] = field(default_factory=list)

    @property
    def scenarios(self) -> list[ScenarioGuide]:
        shipped = sorted(self.shipments, key=lambda shipment: shipment.position)
        return [shipment.scenario for shipment in shipped if shipment.scenario is not None]

    @property
    def failures(self) -> list[Failure]:
        shipped = sorted(self.shipments, key=lambda shipment: shipment.position)
        return [shipment.failure for shipment in shipped if shipment.failure is not None]

    @property
    def complete(self) -> bool:
        """Every scenario of the guide recorded, and none failed."""
        return bool(self.expected) and len(self.scenarios) == self.expected and not self.failures

    @property
    def durations(self) -> dict[str, float]:
        return {shipment.nodeid: shipment.seconds for shipment in self.shipments}

    def guide(self, title: str, options: RunOptions) -> Guide:
        """The guide of the recorded scenarios, redacted of every secret typed in them."""
        secrets = frozenset().union(*(shipment.secrets for shipment in self.shipments))
        weak = frozenset().union(*(shipment.weak_secrets for shipment in self.shipments))
        guide = Guide(
            title=title,
            language=self.language,
            scenarios=self.scenarios,
            secrets=secrets,
            weak_secrets=weak,
            moment=options.moment,
            voice=options.voice,
            edition=options.edition,
        )
        develop_guide(guide)
        return guide


@dataclass
class Replay:
    """What the workers did: each guide's recording, how each pytest ended, their logs."""

    recordings: dict[str, Recording]
    codes: list[int]
    # Each worker's phases outside its scenarios, and its whole life (seconds).
    worker_phases: list[dict[str, float]]
    worker_seconds: list[float]
    logs: list[str]
    seconds: float
    # What the command spent developing the pictures, while the workers ran.
    develop_seconds: float = 0.0
    secrets: set[str] = field(default_factory=set)
    weak_secrets: set[str] = field(default_factory=set)

    @property
    def shipments(self) -> list[Shipment]:
        return [s for recording in self.recordings.values() for s in recording.shipments]


def replay(
    options: RunOptions,
    pytest_arguments: list[str],
    jobs: int,
    say: Callable[[str], None] = print,
    on_recorded: Callable[[Recording], None] | None = None,
) -> Replay:
    """Replay the chosen scenarios of each guide in ``jobs`` workers; print the progress.
    ``on_recorded`` gets each guide's recording as soon as all its scenarios passed, while
    the workers replay the next guide's (the command starts writing it)."""
    started = time.perf_counter()
    recordings = {language: Recording(language) for language in options.languages}
    done: set[str] = set()
    with (
        tempfile.TemporaryDirectory(prefix="walkthrough-run-") as scratch,
        terminated_as_interrupted(),
    ):
        folder = RunFolder(Path(scratch))
        expected = _durations()
        folder.prepare(WorkerSpec(options, pytest_arguments, expected, workers=jobs))
        processes, logs = [], []
        seen: set[str] = set()
        planned: set[int] = set()
        developing = 0.0
        try:
            for worker in range(jobs):
                log = folder.log(worker).open("wb")
                logs.append(log)
                processes.append(_start(folder, worker, log))
            while True:
                running = any(process.poll() is None for process in processes)
                for shipment in folder.shipped(seen):
                    recordings[shipment.language].shipments.append(shipment)
                    for line in shipment.lines:
                        say(line)
                    if shipment.scenario is not None:
                        # The marks are drawn here, while the workers replay the next ones.
                        began = time.perf_counter()
                        develop_scenario(shipment.scenario.steps)
                        developing += time.perf_counter() - began
                _expect(folder, jobs, recordings, planned)
                for recording in recordings.values():
                    if recording.complete and recording.language not in done:
                        done.add(recording.language)
                        if on_recorded is not None and running:
                            on_recorded(recording)
                if not running:
                    break
                time.sleep(_POLL_SECONDS)
        finally:
            for process in processes:
                _stop(process)
            for log in logs:
                log.close()
        reports = [folder.report(worker) or {} for worker in range(jobs)]
        outputs = [folder.log(worker).read_text(errors="replace") for worker in range(jobs)]
    codes = [
        report.get("code", process.returncode or 3)  # 3: pytest's INTERNAL_ERROR
        for report, process in zip(reports, processes, strict=True)
    ]
    result = Replay(
        recordings,
        codes,
        [report.get("phases", {}) for report in reports],
        [report.get("seconds", 0.0) for report in reports],
        outputs,
        time.perf_counter() - started,
        developing,
    )
    for shipment in result.shipments:
        result.secrets |= shipment.secrets
        result.weak_secrets |= shipment.weak_secrets
    passed = {s.nodeid: _own_seconds(s) for s in result.shipments if not s.failure}
    _keep_durations(averaged(expected, passed))
    return result


def _expect(folder: RunFolder, jobs: int, recordings: dict[str, Recording], read: set) -> None:
    """How many scenarios each guide has, from the workers' plans (once collected)."""
    for worker in set(range(jobs)) - read:
        plan = folder.plan(worker)
        if plan is None:
            continue
        read.add(worker)
        for planned in plan:
            recording = recordings[planned.language]
            recording.expected = max(recording.expected, planned.position + 1)


def _own_seconds(shipment: Shipment) -> float:
    """A scenario's seconds, less the worker's start that happened in it."""
    started = ("portal start and seeding", "browser launch")
    return shipment.seconds - sum(shipment.phases.get(phase, 0.0) for phase in started)


def averaged(kept: dict[str, float], measured: dict[str, float]) -> dict[str, float]:
    """The seconds to keep for each scenario: half this run's, half those kept before (one
    run on a busy machine moves the shares less: a scenario's share of a run varies by some
    7 % from run to run); a scenario not run this time keeps its seconds."""
    fresh = {
        nodeid: round((kept[nodeid] + seconds) / 2 if nodeid in kept else seconds, 2)
        for nodeid, seconds in measured.items()
    }
    return kept | fresh


def _durations() -> dict[str, float]:
    try:
        found = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in found.items() if isinstance(v, int | float)}
        if isinstance(found, dict)
        else {}
    )


def _keep_durations(durations: dict[str, float]) -> None:
    # Only an order depends on it: a cache that cannot be written is no error.
    try:
        DURATIONS.parent.mkdir(parents=True, exist_ok=True)
        partial = DURATIONS.with_name(f"{DURATIONS.name}.{os.getpid()}")
        partial.write_text(json.dumps(durations, indent=0, sort_keys=True), encoding="utf-8")
        partial.replace(DURATIONS)
    except OSError:
        pass


def _start(folder: RunFolder, worker: int, log) -> subprocess.Popen:
    # In the command's process group: Ctrl-C, or whoever stops the command's group, stops
    # the workers too (their browsers' groups follow their drivers); and a worker whose
    # command died is told so (SIGTERM), rather than replaying for nobody.
    return subprocess.Popen(
        [sys.executable, "-m", "walkthrough.worker", str(folder.path), str(worker)],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=os.getcwd(),
        preexec_fn=_die_with_parent,
    )


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _stop(process: subprocess.Popen) -> None:
    """A worker still running (the command was interrupted): SIGINT, so that its pytest
    closes its browser and portal, then SIGKILL if it has not ended in time."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGINT)
    try:
        process.wait(_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
