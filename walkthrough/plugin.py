"""The pytest plugin of a walkthrough run (``-p walkthrough.plugin``).

It keeps the guide's scenarios (language, --features), opens their browser context in
the guide's language and viewport, freezes the portal's clock before each scenario and
hands every step to the run's ``Recorder``. Without a recorder (plain pytest) it only
registers the ``guide`` marker.
"""

from __future__ import annotations

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the scenarios of the guide's language and features, in the order --features
    names them, and open them in the guide's browser context."""
    recorder = _recorder(config)
    if recorder is None:
        return
    kept, dropped = [], []
    for item in items:
        template = scenario_template(item)
        place = recorder.place(template.feature) if template is not None else None
        if place is None:
            dropped.append(item)
        else:
            item.add_marker(pytest.mark.browser_context_args(**recorder.context_args()))
            kept.append((place, item))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # A stable sort: within a feature, scenarios keep the order of the feature file.
    items[:] = [item for _, item in sorted(kept, key=lambda placed: placed[0])]


@pytest.fixture(scope="session", autouse=True)
def _walkthrough_browser(request: pytest.FixtureRequest):
    """Lend the session's Chromium to the guide's PDF before pytest-playwright closes it."""
    recorder = _recorder(request.config)
    if recorder is None or recorder.on_finish is None:
        yield
        return
    # Requested here, the browser is closed only after this fixture's teardown.
    browser = request.getfixturevalue("browser")
    yield
    recorder.finish(browser)


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    """No progress dot after a passed scenario: the recorder prints its own progress."""
    if _recorder(config) is not None and report.when == "call" and report.passed:
        return "passed", "", "PASSED"
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    if recorder := _recorder(session.config):
        recorder.total = len(session.items)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    """Learn each scenario's page."""
    value = yield
    recorder = _recorder(request.config)
    if recorder is None:
        return value
    if fixturedef.argname == "page":
        recorder.page_opened(request.node.nodeid, value)
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
