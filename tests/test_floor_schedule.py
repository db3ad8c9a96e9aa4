"""The floor of benchmarks/speed.py: every French @guide scenario beside its plain journey,
alternating, round after round (collected only: the benchmark is what runs it)."""

from __future__ import annotations

import re

from benchmarks.plain_journeys import JOURNEYS
from tests.suite_runs import outcome, run_suite


def test_each_round_pairs_every_guide_scenario_with_its_plain_journey():
    run = run_suite(
        "-p",
        "benchmarks.floor",
        "--floor-rounds=2",
        "--collect-only",
        "-q",
        "steps",
        "benchmarks/test_floor.py",
    )
    assert run.returncode == 0, outcome(run)
    ids = [row for row in run.stdout.splitlines() if "::" in row]
    assert len(ids) == 3 * 2 * len(JOURNEYS), outcome(run)
    for position, node_id in enumerate(ids):
        round_number, pair = divmod(position, 2 * len(JOURNEYS))
        module = list(JOURNEYS)[pair // 2]
        plain_first = round_number % 2 == 0
        plain = (pair % 2 == 0) == plain_first
        assert f"round{round_number}" in node_id
        if plain:
            assert node_id.startswith("benchmarks/test_floor.py::test_plain_journey"), node_id
            assert module in node_id
        else:
            assert node_id.startswith(f"steps/{module}::"), node_id
    suite_ids = {re.sub(r"round\d+", "", i) for i in ids if i.startswith("steps/")}
    # One @guide scenario per module, the same one every round.
    assert len(suite_ids) == len(JOURNEYS)
