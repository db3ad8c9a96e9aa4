"""``python -m walkthrough.worker FOLDER INDEX``: one of the processes that replay a
walkthrough's scenarios (``walkthrough.replay`` starts them; nobody else should).

It runs pytest on what the run's folder says, with a portal and a browser of its own,
replays each scenario it claims there, and ships what it recorded as soon as the scenario
ends. Its own output goes to the folder's log; the command prints the progress.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from process_check.age import seconds_since_start

from .capture import recording_locator_actions
from .recorder import Recorder, RunOptions
from .runfolder import RunFolder


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker of a run replays."""

    options: RunOptions
    pytest_arguments: list[str]
    # Seconds each scenario took at the last runs (by node id), to share them out.
    expected: dict[str, float] = field(default_factory=dict)
    # How many workers share the scenarios.
    workers: int = 1


def main(argv: list[str]) -> int:
    """Replay the claimed scenarios; the report in the folder says how pytest ended."""
    folder, worker = RunFolder(Path(argv[0])), int(argv[1])
    spec: WorkerSpec = folder.spec()
    recorder = Recorder(spec.options, folder, worker)
    recorder.expected = spec.expected
    recorder.workers = spec.workers
    recorder.timed(None, "interpreter and imports", seconds_since_start())
    recorder.pytest_started = time.perf_counter()
    with recording_locator_actions(recorder):
        code = pytest.main(spec.pytest_arguments, plugins=[recorder])
    seconds = seconds_since_start()
    report = {"code": int(code), "phases": recorder.phases, "seconds": seconds}
    folder.write_report(worker, report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
