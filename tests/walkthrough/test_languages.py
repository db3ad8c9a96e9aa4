"""Both guides in one run: ``python -m walkthrough --lang fr,en`` replays the French and the
English scenarios with its workers side by side, and writes each guide in a folder of its
own, as a run of one language does.

The run is the visual checks' own (``tests/visual/screens.py``): one run of both whole
guides serves both modules, whichever worker asks for it first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.visual.screens import Guides, guides_of_the_run


@pytest.fixture(scope="module")
def both(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Guides:
    return guides_of_the_run(pytestconfig, tmp_path_factory)


def _manifest(guides: Guides, language: str) -> dict:
    return json.loads((guides.folders[language] / "guide.json").read_text(encoding="utf-8"))


def _feature_file(scenario: dict) -> str:
    return Path(scenario["feature"]["file"]).name


def test_each_guide_is_written_in_its_own_folder(both):
    scenarios = {}
    for language in ("fr", "en"):
        manifest = _manifest(both, language)
        assert manifest["language"] == language
        scenarios[language] = manifest["scenarios"]
        assert scenarios[language], f"the {language} guide tells no scenario"
        for scenario in scenarios[language]:
            # The English guide tells the English features (*_en.feature), the French the others.
            assert _feature_file(scenario).endswith("_en.feature") == (language == "en")
            pictures = [step["image"] for step in scenario["steps"] if step["image"]]
            assert pictures, f"{scenario['title']} has no picture"
            assert all((both.folders[language] / name).is_file() for name in pictures)
    assert len(scenarios["fr"]) == len(scenarios["en"])
    guides = [line for line in both.stdout.splitlines() if line.startswith("Guide: ")]
    assert guides == [
        f"Guide: {both.folders['fr'] / 'guide.md'}",
        f"Guide: {both.folders['en'] / 'guide.md'}",
    ]


def test_the_twins_tell_the_same_steps(both):
    french, english = (_manifest(both, language) for language in ("fr", "en"))
    definitions = [
        [
            [[caption["definition"] for caption in step["captions"]] for step in scenario["steps"]]
            for scenario in guide["scenarios"]
        ]
        for guide in (french, english)
    ]
    assert definitions[0] == definitions[1]


def test_the_workers_share_the_scenarios_of_both_guides(both):
    count = len(_manifest(both, "fr")["scenarios"])
    assert f"[scenario 1/{count}, fr] " in both.stdout
    assert f"[scenario 1/{count}, en] " in both.stdout
    assert both.stdout.count("replayed in") == 2 and "by 2 worker(s)" in both.stdout
