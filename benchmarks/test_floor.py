"""The plain journeys as tests, so that ``benchmarks/floor.py`` runs them in the suite's own
process, with its browser and its portal. Outside ``testpaths``: only the floor collects it."""

import pytest

from benchmarks.plain_journeys import JOURNEYS, run_journey


@pytest.mark.parametrize("module", list(JOURNEYS))
def test_plain_journey(module: str, browser, portal_base_url: str) -> None:
    journey, _scenario = JOURNEYS[module]
    run_journey(journey, browser, portal_base_url)
