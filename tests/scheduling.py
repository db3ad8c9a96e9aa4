"""The longest test modules first, so that both workers finish together.

Under ``-n 2 --dist loadscope`` pytest-xdist hands out whole modules, by default the
modules with most tests first. Test count is a poor guess of length here: the module
running the whole guide in two languages has as many tests as a page of Flask tests, and
one that runs the suite in subprocesses has five tests and takes minutes. Handed out last,
such a module runs alone while the other worker waits. So the modules are put in the
order of their stored durations, longest first (the classic longest-processing-time rule),
from ``.test_durations``, the file ``./dev durations`` writes and pytest-split balances CI
shards with. A module the file does not know is guessed from its number of tests.

Left alone: runs without xdist's workers, runs that shuffle on purpose (pytest-randomly,
``./dev flake``) and runs without the file.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

DURATIONS = Path(__file__).resolve().parents[1] / ".test_durations"


def _stored() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def _shuffled(config: pytest.Config) -> bool:
    return config.pluginmanager.has_plugin("randomly")


def pytest_configure(config: pytest.Config) -> None:
    # In the controller of an xdist run, whose scheduler hands the modules out.
    distributed = getattr(config.option, "dist", "no") != "no"
    if distributed and _stored() and not _shuffled(config):
        # xdist would otherwise re-sort the modules by their number of tests.
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The workers' collection is the order the controller hands out; a run without workers
    # keeps the files' order (and plugins that order items themselves, their order).
    if not hasattr(config, "workerinput"):
        return
    stored = _stored()
    if not stored or _shuffled(config):
        return
    per_test = statistics.median(stored.values())
    length: dict[str, float] = {}
    for item in items:
        length[_module(item)] = length.get(_module(item), 0.0) + stored.get(item.nodeid, per_test)
    # A stable sort: each module's tests keep their order.
    items.sort(key=lambda item: -length[_module(item)])
