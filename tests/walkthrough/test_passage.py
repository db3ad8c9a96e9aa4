"""Clicks on the way (pages/passage.py): the walkthrough photographs a step before its last
click only, and fails a step whose last click was marked as one that another follows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pages.passage import is_on_the_way, on_the_way
from walkthrough import capture, recorder
from walkthrough.recorder import LastClickOnTheWay, Recorder, RunOptions, _ScenarioRun


def test_the_mark_holds_inside_the_block_only():
    assert not is_on_the_way()
    with on_the_way():
        assert is_on_the_way()
        with on_the_way():
            assert is_on_the_way()
        assert is_on_the_way()
    assert not is_on_the_way()
    with pytest.raises(RuntimeError), on_the_way():
        raise RuntimeError("a step that fails inside the block")
    assert not is_on_the_way()


class _Pages:
    """What a step's clicks would meet: a page, a handle per click, pictures numbered."""

    def __init__(self) -> None:
        self.page = SimpleNamespace(name="page")
        self.pictures: list[str] = []

    def locator(self, name: str):
        return SimpleNamespace(page=self.page, name=name)


@pytest.fixture
def clicks(monkeypatch: pytest.MonkeyPatch):
    """A recorder in a step, its browser replaced: each picture is named after its click."""
    pages = _Pages()
    monkeypatch.setattr(capture, "bring_into_view", lambda locator: f"handle of {locator.name}")

    def photograph(self, page, target, fields, typed):
        pages.pictures.append(target)
        return f"picture before {target}"

    monkeypatch.setattr(Recorder, "_photograph", photograph)
    monkeypatch.setattr(Recorder, "_keys", lambda self, shown: {})
    made = Recorder(RunOptions())
    made._scenario = _ScenarioRun(guide=None, nodeid="demo", replacements=[])
    made._step = recorder._StepRun()
    return made, pages


def test_a_click_on_the_way_is_not_photographed(clicks):
    made, pages = clicks
    run = made._step
    with on_the_way():
        made.before_trigger(pages.locator("Suivant"), "click")
        made.before_trigger(pages.locator("Se connecter à TRACES"), "click")
    made.before_trigger(pages.locator("Se connecter"), "click")
    assert pages.pictures == ["handle of Se connecter"]
    assert run.picture == "picture before handle of Se connecter"
    # Every element the step acted on is still remembered, in order, to be outlined.
    assert run.handles == [
        "handle of Suivant",
        "handle of Se connecter à TRACES",
        "handle of Se connecter",
    ]
    assert not run.passing


def test_a_step_whose_last_click_was_on_the_way_fails_naming_it(clicks):
    made, pages = clicks
    made.before_trigger(pages.locator("Suivant"), "click")
    with on_the_way():
        made.before_trigger(pages.locator("Se connecter"), "click")
    step = SimpleNamespace(name="il se connecte à TRACES NT")
    with pytest.raises(LastClickOnTheWay, match="«il se connecte à TRACES NT»"):
        made.end_step(request=None, step=step, arguments={})
