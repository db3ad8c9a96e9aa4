"""The walkthrough's workers share a guide's scenarios out beforehand (walkthrough/shares.py):
each claims its own share, then what is left of the others', the longest first in each, so
that they finish together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from walkthrough import shares as shares_module
from walkthrough.recorder import PLACE, Recorder, RunOptions
from walkthrough.replay import averaged
from walkthrough.runfolder import RunFolder
from walkthrough.shares import claim_order, shares

# The French guide's nine scenarios, in seconds, as one run measured them.
FRENCH = [5.46, 5.13, 4.83, 4.79, 3.75, 3.55, 3.22, 3.01, 2.42]


def _finish(orders: list[list[int]], lengths: list[float]) -> list[float]:
    """When each worker ends if every scenario takes exactly its length: whichever worker is
    free first claims the next scenario of its order not claimed yet."""
    clocks, claimed, done = [0.0] * len(orders), set(), [False] * len(orders)
    while not all(done):
        worker = min((w for w in range(len(orders)) if not done[w]), key=lambda w: clocks[w])
        left = [index for index in orders[worker] if index not in claimed]
        if not left:
            done[worker] = True
            continue
        claimed.add(left[0])
        clocks[worker] += lengths[left[0]]
    return clocks


def test_the_french_guide_is_shared_in_two_shares_of_about_the_same_length():
    parts = shares(FRENCH, 2)
    loads = sorted(sum(FRENCH[i] for i in part) for part in parts)
    assert sorted(i for part in parts for i in part) == list(range(len(FRENCH)))
    assert loads[1] - loads[0] < 0.3, loads


def test_shared_out_the_workers_finish_together_where_one_order_left_one_idle():
    longest_first = sorted(range(len(FRENCH)), key=lambda i: -FRENCH[i])
    before = _finish([longest_first, longest_first], FRENCH)
    after = _finish([claim_order(FRENCH, 2, worker) for worker in (0, 1)], FRENCH)
    assert max(before) - min(before) > 2.0  # the idle core this module was written for
    assert max(after) - min(after) < 0.3
    assert max(after) < max(before) - 0.9


def test_each_worker_claims_its_share_then_the_others_the_longest_first_in_each():
    parts = shares(FRENCH, 2)
    for worker in (0, 1):
        order = claim_order(FRENCH, 2, worker)
        own, others = order[: len(parts[worker])], order[len(parts[worker]) :]
        assert sorted(order) == list(range(len(FRENCH)))
        assert set(own) == set(parts[worker])
        assert [FRENCH[i] for i in own] == sorted((FRENCH[i] for i in own), reverse=True)
        assert [FRENCH[i] for i in others] == sorted((FRENCH[i] for i in others), reverse=True)
    assert claim_order(FRENCH, 2, 0)[0] != claim_order(FRENCH, 2, 1)[0]


def test_a_worker_that_ends_its_share_early_takes_the_longest_left_of_another():
    # The first worker's share takes half the time it was expected to take.
    expected = FRENCH
    actual = [
        length / 2 if i in shares(expected, 2)[0] else length for i, length in enumerate(expected)
    ]
    orders = [claim_order(expected, 2, worker) for worker in (0, 1)]
    clocks = _finish(orders, actual)
    # As the longest-first rule would have shared what was left: within one scenario.
    assert max(clocks) - min(clocks) <= min(actual)
    assert max(clocks) < sum(actual) / 2 + min(actual)


def test_a_swap_mends_what_the_longest_first_rule_leaves_uneven():
    # The longest first to the least loaded: 3+2+2 against 3+2. A swap gives 3+3 and 2+2+2.
    loads = sorted(sum([3, 3, 2, 2, 2][i] for i in part) for part in shares([3, 3, 2, 2, 2], 2))
    assert loads == [6, 6]


@pytest.mark.parametrize("workers", [1, 2, 3, 12])
def test_every_worker_can_claim_every_scenario(workers: int):
    for worker in range(workers):
        assert sorted(claim_order(FRENCH, workers, worker)) == list(range(len(FRENCH)))
    assert sorted(i for part in shares(FRENCH, workers) for i in part) == list(range(9))


def test_one_worker_claims_the_longest_first():
    assert [FRENCH[i] for i in claim_order(FRENCH, 1, 0)] == sorted(FRENCH, reverse=True)


def test_ties_are_broken_by_position_so_that_every_worker_shares_alike():
    # Six scenarios of 2 s: the first three to the first share, as their positions say.
    assert shares([2.0] * 6, 2) == [[0, 2, 4], [1, 3, 5]]
    assert claim_order([2.0] * 6, 2, 1) == [1, 3, 5, 0, 2, 4]


def test_shares_of_lengths_that_tie_to_the_millisecond_are_found_in_a_few_changes(monkeypatch):
    # In seconds, moves of 0.03 s between two shares 0.03 s apart went back and forth: each
    # shift seemed a hair shorter than the gap. In whole milliseconds, it is not.
    changes = []
    improve = shares_module._improve
    monkeypatch.setattr(shares_module, "_improve", lambda *a: changes.append(a) or improve(*a))
    lengths = [4.62, 1.0, 1.97, 0.2, 9.86, 0.2, 0.1, 0.3, 7.84, 2.76, 2.0, 8.16, 2.44]
    loads = sorted(round(sum(lengths[i] for i in part), 2) for part in shares(lengths, 2))
    assert loads == [20.71, 20.74]
    assert len(changes) < 5


def test_zero_workers_or_a_worker_beyond_them_is_an_error():
    with pytest.raises(ValueError, match="at least one worker"):
        shares(FRENCH, 0)
    with pytest.raises(ValueError, match="no worker 2 among 2"):
        claim_order(FRENCH, 2, 2)


def test_the_seconds_kept_are_averaged_with_those_of_the_runs_before():
    kept = {"a": 4.0, "b": 3.0}
    assert averaged(kept, {"a": 5.0, "c": 2.0}) == {"a": 4.5, "b": 3.0, "c": 2.0}


@dataclass
class _Item:
    """What ``Recorder.plan`` reads of a pytest item."""

    nodeid: str
    name: str
    stash: dict = field(default_factory=dict)


def test_a_workers_plan_takes_its_share_of_each_guide_in_turn(tmp_path: Path):
    folder = RunFolder(tmp_path / "run")
    folder.prepare(None)
    items = [
        (language, position, _Item(f"{language}::{position}", f"{position}"), 5)
        for language in ("fr", "en")
        for position in range(len(FRENCH))
    ]
    expected = {f"{lang}::{p}": FRENCH[p] for lang in ("fr", "en") for p in range(len(FRENCH))}
    plans = []
    for worker in (0, 1):
        recorder = Recorder(RunOptions(languages=("fr", "en")), folder, worker)
        recorder.expected, recorder.workers = expected, 2
        plans.append([item.nodeid for item in recorder.plan(items)])
        assert folder.plan(worker) is not None
        assert items[0][2].stash[PLACE] == ("fr", 0)
    for plan, worker in zip(plans, (0, 1), strict=True):
        # The whole French guide before the English one, each in the worker's order.
        order = [f"::{i}" for i in claim_order(FRENCH, 2, worker)]
        assert plan == [f"fr{o}" for o in order] + [f"en{o}" for o in order]


def test_a_worker_left_idle_by_a_shared_portal_plans_nothing(tmp_path: Path):
    folder = RunFolder(tmp_path / "run")
    folder.prepare(None)
    recorder = Recorder(RunOptions(languages=("fr", "en")), folder, worker=1)
    recorder.workers = 1  # walkthrough.plugin: the first worker replays everything
    assert recorder.plan([]) == []
    assert folder.plan(1) == []
