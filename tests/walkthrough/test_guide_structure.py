"""The English guide tells the same journey as the French one, checked on the Gherkin alone
(no browser): the same chapters in the same order, as many @guide scenarios in each, and in
each scenario the same steps in the same order.

Steps are compared by the step definition they run, not by their words: the guide says a step
with its definition's phrase (``walkthrough/phrases.toml``), so the same definitions in the same
order make the same numbered steps, whatever each language's Gherkin says.
"""

from __future__ import annotations

from steps.twins import (
    GuideScenario,
    GuideStep,
    chapter_summary,
    differences,
    guide,
    step_differences,
)


def test_both_guides_have_the_same_chapters_with_as_many_scenarios():
    french, english = guide("fr"), guide("en")
    assert french, "no French @guide scenario"
    assert chapter_summary(french) == chapter_summary(english), (
        "the guides' chapters (and their @guide scenarios) differ:\n"
        f"  French:  {chapter_summary(french)}\n"
        f"  English: {chapter_summary(english)}"
    )


def test_each_english_scenario_runs_the_french_ones_step_definitions_in_order():
    found = differences()
    assert not found, "the guides' steps differ:\n" + "\n".join(found)


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
