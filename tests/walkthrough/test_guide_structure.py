"""The English guide tells the same journey as the French one, checked on the Gherkin alone
(no browser): the same chapters in the same order, as many @guide scenarios in each, and in
each scenario the same steps in the same order.

Steps are compared by the step definition they run, not by their words: the guide says a step
with its definition's phrase (``walkthrough/phrases.toml``), so the same definitions in the same
order make the same numbered steps, whatever each language's Gherkin says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_bdd.feature import get_features

from tests.walkthrough.test_phrases import ROOT, _step_definitions
from walkthrough.__main__ import configured_features
from walkthrough.phrases import definition_of
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
    matching = [
        c for c in contexts if c.type in (None, step.type) and c.parser.is_matching(step.name)
    ]
    if len(matching) != 1:
        return f"<{len(matching)} step definitions match>"
    return definition_of(matching[0].step_func)


def _is_photographed(feature: Feature, scenario: ScenarioTemplate) -> bool:
    return GUIDE_TAG in scenario.tags | feature.tags


def guide(language: str) -> list[GuideScenario]:
    """The @guide scenarios of ``language`` in the walkthrough's order: the order of
    ``[tool.walkthrough] features``, features it does not name last, each feature's scenarios
    in the order of its file."""
    selectors, contexts = configured_features(ROOT), _step_definitions()
    placed = []
    for feature in get_features([str(ROOT / "features")]):
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


def _chapter_summary(scenarios: list[GuideScenario]) -> str:
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


def test_both_guides_have_the_same_chapters_with_as_many_scenarios():
    french, english = guide("fr"), guide("en")
    assert french, "no French @guide scenario"
    assert _chapter_summary(french) == _chapter_summary(english), (
        "the guides' chapters (and their @guide scenarios) differ:\n"
        f"  French:  {_chapter_summary(french)}\n"
        f"  English: {_chapter_summary(english)}"
    )


def test_each_english_scenario_runs_the_french_ones_step_definitions_in_order():
    english_chapters = dict(chapters(guide("en")))
    differences = []
    for chapter, french_scenarios in chapters(guide("fr")):
        # A scenario missing on one side is the chapter test's to report.
        pairs = zip(french_scenarios, english_chapters.get(chapter, []), strict=False)
        for number, (fr, en) in enumerate(pairs, start=1):
            differences += step_differences(chapter, number, fr, en)
    assert not differences, "the guides' steps differ:\n" + "\n".join(differences)


def test_a_difference_names_its_chapter_scenario_and_step():
    def scenario(title: str, *definitions: str) -> GuideScenario:
        return GuideScenario("07", title, tuple(GuideStep(d, d) for d in definitions))

    fr = scenario("Crée", "m:open", "m:fill", "m:create", "m:confirm")
    en = scenario("Creates", "m:open", "m:create", "m:check")
    where = "chapter 07, scenario 1 («Crée» / «Creates»)"
    assert step_differences("07", 1, fr, en) == [
        f"{where}: 4 French steps, 3 English steps",
        f"{where}: French step 2 «m:fill» runs m:fill ≠ no English step",
        f"{where}: French step 4 «m:confirm» runs m:confirm ≠ English step 3 «m:check» runs m:check",
    ]
