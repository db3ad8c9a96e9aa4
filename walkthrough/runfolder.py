"""The folder a walkthrough run shares with its workers: what to replay, who replays which
scenario, and what each recorded.

Each worker (``python -m walkthrough.worker``) collects the same scenarios; before running
one it claims it by creating a file (``O_EXCL``: one worker wins), so that whichever worker
is free takes the next scenario. When a scenario ends, the worker ships what it recorded as
a pickle, written aside and renamed, so that the command never reads half a file. A worker
whose scenario failed raises the stop flag: the others claim nothing more.
"""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import ScenarioGuide


@dataclass(frozen=True)
class Failure:
    """A scenario that did not pass, and where."""

    scenario: str
    message: str
    step: str = ""


@dataclass
class Shipment:
    """What one worker recorded of one scenario."""

    language: str
    position: int  # in its language's guide, from 0
    nodeid: str
    scenario: ScenarioGuide | None
    failure: Failure | None
    # Every password and captcha code typed in the worker so far.
    secrets: frozenset[str]
    weak_secrets: frozenset[str]
    # The progress lines the worker printed for it, and where its time went.
    lines: list[str]
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)
    worker: int = 0


@dataclass(frozen=True)
class Planned:
    """A scenario a worker collected: its language, place in the guide and claim order."""

    language: str
    position: int
    nodeid: str
    title: str


class RunFolder:
    """The run's shared folder (a temporary directory the command owns)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def prepare(self, spec: Any) -> None:
        """Write what every worker replays."""
        for part in ("claims", "shipped"):
            (self.path / part).mkdir(parents=True, exist_ok=True)
        self._write(self.path / "spec.pickle", pickle.dumps(spec))

    def spec(self) -> Any:
        return pickle.loads((self.path / "spec.pickle").read_bytes())

    @staticmethod
    def key(language: str, position: int) -> str:
        return f"{language}-{position:03d}"

    def claim(self, language: str, position: int) -> bool:
        """Whether this worker is the one to replay the scenario (none after a stop)."""
        if self.stopped():
            return False
        try:
            os.close(os.open(self.path / "claims" / self.key(language, position), _EXCLUSIVE))
        except FileExistsError:
            return False
        return True

    def stop(self) -> None:
        """No worker claims anything more (a scenario failed)."""
        (self.path / "stop").touch()

    def stopped(self) -> bool:
        return (self.path / "stop").exists()

    def ship(self, shipment: Shipment) -> None:
        name = self.key(shipment.language, shipment.position) + ".pickle"
        self._write(self.path / "shipped" / name, pickle.dumps(shipment))

    def shipped(self, seen: set[str]) -> list[Shipment]:
        """The shipments not in ``seen`` (which they join), in the order they arrived."""
        fresh = []
        for path in sorted((self.path / "shipped").glob("*.pickle"), key=_modified):
            if path.name not in seen:
                seen.add(path.name)
                fresh.append(pickle.loads(path.read_bytes()))
        return fresh

    def write_plan(self, worker: int, planned: list[Planned]) -> None:
        data = [vars(entry) for entry in planned]
        self._write(self.path / f"plan-{worker}.json", json.dumps(data).encode())

    def plan(self, worker: int) -> list[Planned] | None:
        """The scenarios ``worker`` collected, once it has (None before)."""
        path = self.path / f"plan-{worker}.json"
        if not path.exists():
            return None
        return [Planned(**entry) for entry in json.loads(path.read_text())]

    def write_report(self, worker: int, report: dict) -> None:
        """How the worker's pytest ended, and its phases."""
        self._write(self.path / f"worker-{worker}.json", json.dumps(report).encode())

    def report(self, worker: int) -> dict | None:
        path = self.path / f"worker-{worker}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def log(self, worker: int) -> Path:
        """Where a worker's own output goes (pytest's, and any traceback)."""
        return self.path / f"worker-{worker}.log"

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.rename(path)


_EXCLUSIVE = os.O_CREAT | os.O_EXCL | os.O_WRONLY


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
