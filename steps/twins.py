"""The French guide and its English twin, compared on the Gherkin alone (no browser).

The guide's chapters are its features' numbers (06_role_operateur and 06_operator_role_en
make one chapter); each chapter has as many @guide scenarios in each language, and each
English scenario runs the French one's step definitions in the same order. Steps are compared
by the definition they run, not by their words: the guide says a step with its definition's
phrase (``walkthrough/phrases.toml``), so the same definitions in the same order make the same
numbered steps, whatever each language's Gherkin says. Read by ``./dev doctor`` and by
tests/walkthrough/test_guide_structure.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_bdd.feature import get_features

from steps.suite_index import FEATURES, ROOT, binding, definition_of, step_definitions
from walkthrough.__main__ import configured_features
from walkthrough.recorder import rank

if TYPE_CHECKING:
    from pytest_bdd.parser import Feature, ScenarioTemplate, Step

GUIDE_TAG = "guide"
LANGUAGES = {"fr": "French", "en": "English"}


@dataclass(frozen=True)
class GuideStep:
    """A Gherkin step and the step definition it runs (or why none)."""

    text: str
    definition: str


@dataclass(frozen=True)
class GuideScenario:
    """A scenario the walkthrough photographs, with its chapter: its feature's number."""

    chapter: str
    title: str
    steps: tuple[GuideStep, ...]


def _chapter(feature: Feature) -> str:
    # Twin features share their number (06_role_operateur, 06_operator_role_en).
    found = re.match(r"\d+", Path(feature.filename).name)
    assert found, f"{feature.rel_filename} has no chapter number"
    return found.group()


def _definition(step: Step, contexts: list) -> str:
    """The step definition ``step`` runs, matched as pytest-bdd matches it: by its parser."""
    matching = binding(step, contexts)
    if len(matching) != 1:
        return f"<{len(matching)} step definitions match>"
    return definition_of(matching[0])


def _is_photographed(feature: Feature, scenario: ScenarioTemplate) -> bool:
    return GUIDE_TAG in scenario.tags | feature.tags


def guide(language: str) -> list[GuideScenario]:
    """The @guide scenarios of ``language`` in the walkthrough's order: the order of
    ``[tool.walkthrough] features``, features it does not name last, each feature's scenarios
    in the order of its file."""
    selectors, contexts = configured_features(ROOT), step_definitions()
    placed = []
    for feature in get_features([str(FEATURES)]):
        if feature.language != language:
            continue
        place = rank(feature, selectors)
        for scenario in feature.scenarios.values():
            if _is_photographed(feature, scenario):
                steps = tuple(GuideStep(s.name, _definition(s, contexts)) for s in scenario.steps)
                scenario_guide = GuideScenario(_chapter(feature), scenario.name, steps)
                placed.append((len(selectors) if place is None else place, scenario_guide))
    # A stable sort, as the walkthrough's: a feature's scenarios keep their order.
    return [scenario for _, scenario in sorted(placed, key=lambda item: item[0])]


def chapters(scenarios: list[GuideScenario]) -> list[tuple[str, list[GuideScenario]]]:
    """The chapters in the guide's order, each with its scenarios."""
    grouped: dict[str, list[GuideScenario]] = {}
    for scenario in scenarios:
        grouped.setdefault(scenario.chapter, []).append(scenario)
    return list(grouped.items())


def chapter_summary(scenarios: list[GuideScenario]) -> str:
    return ", ".join(f"{chapter} ({len(them)})" for chapter, them in chapters(scenarios))


def step_differences(chapter: str, number: int, fr: GuideScenario, en: GuideScenario) -> list[str]:
    """Where the two scenarios' steps part, one line each. The sequences are aligned first, so
    that a step missing on one side is reported alone rather than shifting all the others."""
    where = f"chapter {chapter}, scenario {number} («{fr.title}» / «{en.title}»)"
    found = []
    if len(fr.steps) != len(en.steps):
        found.append(f"{where}: {len(fr.steps)} French steps, {len(en.steps)} English steps")
    aligned = SequenceMatcher(
        None, [s.definition for s in fr.steps], [s.definition for s in en.steps], autojunk=False
    )
    for tag, fr_from, fr_to, en_from, en_to in aligned.get_opcodes():
        if tag == "equal":
            continue
        for index, (french, english) in enumerate(
            zip_longest(fr.steps[fr_from:fr_to], en.steps[en_from:en_to])
        ):
            found.append(
                f"{where}: {_said(french, 'fr', fr_from + index)} ≠ "
                f"{_said(english, 'en', en_from + index)}"
            )
    return found


def _said(step: GuideStep | None, language: str, index: int) -> str:
    if step is None:
        return f"no {LANGUAGES[language]} step"
    return f"{LANGUAGES[language]} step {index + 1} «{step.text}» runs {step.definition}"


def differences() -> list[str]:
    """Where the English guide departs from the French one: its chapters and their @guide
    scenarios, then each pair of scenarios step by step; empty when they are twins."""
    french, english = guide("fr"), guide("en")
    found = []
    if chapter_summary(french) != chapter_summary(english):
        found.append(
            "the guides' chapters (and their @guide scenarios) differ: "
            f"French {chapter_summary(french)}; English {chapter_summary(english)}"
        )
    english_chapters = dict(chapters(english))
    for chapter, french_scenarios in chapters(french):
        # A scenario missing on one side is reported above, with its chapter.
        pairs = zip(french_scenarios, english_chapters.get(chapter, []), strict=False)
        for number, (fr, en) in enumerate(pairs, start=1):
            found += step_differences(chapter, number, fr, en)
    return found
