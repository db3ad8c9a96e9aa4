"""The test process's garbage collector (process_check/gc_tuning.py): the collected session set
aside, young collections rarer, and what the tests leave still collected."""

from __future__ import annotations

import gc
import weakref

from process_check.gc_tuning import THRESHOLDS


def test_the_collected_session_is_frozen_with_the_rarer_thresholds():
    assert gc.get_threshold() == THRESHOLDS
    # pytest, its plugins, Flask, SQLAlchemy, Playwright and the collected tests.
    assert gc.get_freeze_count() > 50_000


class _Node:
    def __init__(self):
        self.peer = self


def test_garbage_made_after_the_freeze_is_still_collected():
    cycle = _Node()
    alive = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert alive() is None
