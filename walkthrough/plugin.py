"""The pytest plugin of a walkthrough run (``-p walkthrough.plugin``).

It keeps the guides' scenarios (languages, --features), opens their browser context in
the guide's language and viewport, replays those its worker claims, freezes the portal's
clock before each scenario and hands every step to the run's ``Recorder``. Without a
recorder (plain pytest) it only registers the ``guide`` marker.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from .recorder import RECORDER, Recorder

if TYPE_CHECKING:  # imported late: pytest rewrites pytest-bdd's asserts when it loads it
    from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step

GUIDE_MARKER = (
    "guide: a scenario of the documented journey, photographed by `python -m walkthrough`"
)


def _recorder(config: pytest.Config) -> Recorder | None:
    return config.stash.get(RECORDER, None)


def scenario_template(item: pytest.Item) -> ScenarioTemplate | None:
    """The pytest-bdd scenario behind a test item, if it is one."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    function = getattr(item, "obj", None)
    if function is None:
        return None
    try:
        return scenario_wrapper_template_registry.get(function)
    except TypeError:
        return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", GUIDE_MARKER)


def _shared_portal(config: pytest.Config) -> bool:
    """Whether the run drives a portal named on its command line (--base-url, --target)
    rather than one of its own: each scenario resets it, so one worker drives it alone."""
    for name in ("base_url", "target"):
        try:
            if config.getoption(name, None):
                return True
        except ValueError:
            continue
    try:
        return bool(config.getini("base_url"))
    except ValueError:
        return False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the scenarios of the guides' languages and features, place them in the order
    --features names them, open them in their guide's browser context, and order them to
    be claimed."""
    recorder = _recorder(config)
    if recorder is None:
        return
    kept, dropped = [], []
    shared = _shared_portal(config)
    idle = recorder.worker > 0 and shared
    if shared:
        recorder.workers = 1  # the first worker replays every scenario
    for item in items:
        template = scenario_template(item)
        place = recorder.place(template.feature) if template is not None else None
        if place is None or idle:
            dropped.append(item)
        else:
            language = template.feature.language
            item.add_marker(pytest.mark.browser_context_args(**recorder.context_args(language)))
            kept.append((place, item, language, len(template.steps)))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # A stable sort: within a feature, scenarios keep the order of the feature file.
    kept.sort(key=lambda entry: entry[0])
    positions: dict[str, int] = {}
    placed = []
    for _, item, language, steps in kept:
        positions[language] = positions.get(language, -1) + 1
        placed.append((language, positions[language], item, steps))
    items[:] = recorder.plan(placed)
    if recorder.pytest_started is not None:
        seconds = time.perf_counter() - recorder.pytest_started
        recorder.timed(None, "pytest start-up and collection", seconds)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Know which scenario runs: the portal's start and the browser's launch happen in the
    first one, and are told apart from its steps."""
    recorder = _recorder(item.config)
    if recorder is not None:
        recorder.current = item.nodeid
    try:
        return (yield)
    finally:
        if recorder is not None:
            recorder.current = None


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    """No progress dot after a passed scenario: the recorder prints its own progress."""
    if _recorder(config) is not None and report.when == "call" and report.passed:
        return "passed", "", "PASSED"
    return None


# Session fixtures whose set-up the benchmark shows apart.
_TIMED_FIXTURES = {"portal_base_url": "portal start and seeding", "browser": "browser launch"}


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    """Learn each scenario's page; time the portal's start and the browser's launch."""
    started = time.perf_counter()
    value = yield
    recorder = _recorder(request.config)
    if recorder is None:
        return value
    if fixturedef.argname == "page":
        recorder.page_opened(request.node.nodeid, value)
    elif fixturedef.argname in _TIMED_FIXTURES:
        phase = _TIMED_FIXTURES[fixturedef.argname]
        recorder.timed(recorder.current, phase, time.perf_counter() - started)
    return value


def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    if recorder := _recorder(request.config):
        recorder.start_scenario(request, feature, scenario)


def pytest_bdd_after_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    if recorder := _recorder(request.config):
        recorder.end_scenario()


def pytest_bdd_before_step(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step, step_func
) -> None:
    if recorder := _recorder(request.config):
        recorder.start_step(scenario, step)


def pytest_bdd_after_step(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func,
    step_func_args: dict,
) -> None:
    if recorder := _recorder(request.config):
        recorder.end_step(request, step, step_func_args, step_func)


def pytest_bdd_step_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func,
    step_func_args: dict,
    exception: Exception,
) -> None:
    if recorder := _recorder(request.config):
        recorder.step_failed(scenario, step, step_func_args, exception)


def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    exception: Exception,
) -> None:
    if recorder := _recorder(request.config):
        recorder.step_failed(scenario, step, {}, exception)
