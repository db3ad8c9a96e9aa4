"""Replaying a walkthrough's scenarios in worker processes, side by side.

Each worker (``python -m walkthrough.worker``) is a pytest run with a portal and a browser of
its own: the portal is reset before each scenario, so two scenarios cannot share one. The
workers claim the scenarios of every guide asked for (French, English) one by one in the
run's folder, the longest first, so that both cores stay busy until the end; the command
prints each scenario's progress as it is shipped, and puts each guide's scenarios back in
the guide's order.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from process_check import stop_group

from .marks import develop_guide, develop_scenario
from .model import Guide, ScenarioGuide
from .recorder import RunOptions
from .runfolder import Failure, RunFolder, Shipment
from .worker import WorkerSpec

# How often the command looks for shipped scenarios while the workers run.
_POLL_SECONDS = 0.05
# A worker asked to stop (Ctrl-C) gets this long to close its browser and portal.
_STOP_SECONDS = 10.0


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

    def guide(self, title: str, options: RunOptions, secrets: tuple[set, set]) -> Guide:
        """The guide of the recorded scenarios, redacted of every secret of the run."""
        guide = Guide(
            title=title,
            language=self.language,
            scenarios=self.scenarios,
            secrets=frozenset(secrets[0]),
            weak_secrets=frozenset(secrets[1]),
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
) -> Replay:
    """Replay the chosen scenarios of each guide in ``jobs`` workers; print the progress."""
    started = time.perf_counter()
    recordings = {language: Recording(language) for language in options.languages}
    with tempfile.TemporaryDirectory(prefix="walkthrough-run-") as scratch:
        folder = RunFolder(Path(scratch))
        folder.prepare(WorkerSpec(options, pytest_arguments))
        processes, logs = [], []
        seen: set[str] = set()
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
                if not running:
                    break
                time.sleep(_POLL_SECONDS)
        finally:
            for process in processes:
                if process.poll() is None:  # interrupted: let pytest close what it opened
                    stop_group(process, signal.SIGINT, _STOP_SECONDS)
            for log in logs:
                log.close()
        reports = [folder.report(worker) or {} for worker in range(jobs)]
        for worker in range(jobs):
            for planned in folder.plan(worker) or []:
                recording = recordings[planned.language]
                recording.expected = max(recording.expected, planned.position + 1)
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
    return result


def _start(folder: RunFolder, worker: int, log) -> subprocess.Popen:
    # A group of its own: the command stops the worker and whatever it started, together.
    return subprocess.Popen(
        [sys.executable, "-m", "walkthrough.worker", str(folder.path), str(worker)],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=os.getcwd(),
        start_new_session=True,
    )
