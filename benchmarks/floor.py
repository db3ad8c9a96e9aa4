"""The floor, as a pytest plugin: each French @guide scenario beside its plain Playwright
journey (``benchmarks/plain_journeys.py``), in one process, one browser and one portal,
interleaved round after round, each item timed from its setup to its teardown.

    .venv/bin/python -m pytest -p benchmarks.floor --floor-rounds 5 --floor-report F.json \\
        steps benchmarks/test_floor.py

``benchmarks/speed.py`` runs it and prints the ratios. Round 0 is a warm-up (the browser's
launch, the first pages the portal renders) and is not counted. Within a round, the plain
journey goes first in even rounds and second in odd ones, so that neither always finds the
portal warm.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from benchmarks.plain_journeys import JOURNEYS

_PLAIN = "test_plain_journey"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("floor", "the suite beside plain Playwright (benchmarks/floor.py)")
    group.addoption("--floor-rounds", type=int, default=5, help="rounds counted (default 5)")
    group.addoption("--floor-report", help="where to write the timings, as JSON")


def _journey_of(item: pytest.Item) -> str | None:
    if item.name.startswith(_PLAIN):
        return item.callspec.params["module"]
    if item.path.name in JOURNEYS and item.get_closest_marker("guide"):
        return item.path.name
    return None


@pytest.fixture
def floor_round(request: pytest.FixtureRequest) -> int:
    """The round an item belongs to."""
    return request.param


@pytest.hookimpl(trylast=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A copy of each journey's items per round (as pytest-repeat makes them): each copy has
    a node id of its own, hence its own people, companies and addresses."""
    if metafunc.function.__name__ != _PLAIN and metafunc.definition.path.name not in JOURNEYS:
        return
    rounds = range(metafunc.config.getoption("floor_rounds") + 1)
    metafunc.fixturenames.append("floor_round")
    metafunc.parametrize("floor_round", rounds, indirect=True, ids=lambda n: f"round{n}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each round: every journey's plain item and suite item, one after the other."""
    pairs: dict[tuple[int, str], dict[str, pytest.Item]] = {}
    others = []
    for item in items:
        module = _journey_of(item)
        if module is None:
            others.append(item)
            continue
        kind = "plain" if item.name.startswith(_PLAIN) else "suite"
        pair = pairs.setdefault((item.callspec.params["floor_round"], module), {})
        if kind in pair:
            raise pytest.UsageError(f"two {kind} items for {module}: one @guide scenario each")
        pair[kind] = item
    schedule = []
    for round_number in range(config.getoption("floor_rounds") + 1):
        order = ("plain", "suite") if round_number % 2 == 0 else ("suite", "plain")
        for module in JOURNEYS:
            pair = pairs.get((round_number, module), {})
            if missing := [kind for kind in order if kind not in pair]:
                raise pytest.UsageError(f"the floor misses {module} ({', '.join(missing)})")
            schedule += [(pair[kind], round_number, module, kind) for kind in order]
    config.hook.pytest_deselected(items=others)
    config.stash[_SCHEDULE] = schedule
    config.stash[_TIMINGS] = []
    items[:] = [entry[0] for entry in schedule]


_SCHEDULE = pytest.StashKey[list]()
_TIMINGS = pytest.StashKey[list]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    config = item.config
    timings = config.stash[_TIMINGS]
    _item, round_number, module, kind = config.stash[_SCHEDULE][len(timings)]
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    timings.append({"round": round_number, "module": module, "kind": kind, "seconds": seconds})


def pytest_sessionfinish(session: pytest.Session) -> None:
    report = session.config.getoption("floor_report")
    if report and _TIMINGS in session.config.stash:
        Path(report).write_text(json.dumps(session.config.stash[_TIMINGS], indent=1))
