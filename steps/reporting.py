"""Report hooks: a screenshot after each step in the HTML report and in Allure's results,
and failing steps explained.

A failing step adds to the report the step, the screen (URL, title, heading) and what the
screen said (alerts, invalid fields with their messages): to the terminal and JUnit
properties always, with a screenshot in the HTML report when ``--html`` is given and in
Allure's results with ``--alluredir``. Screenshots are taken only for the reports asked for.
Everything rides on the test report, so pytest-xdist hands it to the controller.
"""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Error, Page
from pytest_bdd.parser import Feature, Scenario, Step

from pages.diagnostics import describe_screen

_STEP_EXTRAS = pytest.StashKey[list]()
_SHARED_SCREENSHOT = pytest.StashKey[bytes]()
_SCREENSHOT_TIMEOUT_MS = 5_000


def _html_report_on(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "htmlpath", None))


def _allure_on(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "allure_report_dir", None))


def _photographed(config: pytest.Config) -> bool:
    return _html_report_on(config) or _allure_on(config)


def shared_screenshot(request: pytest.FixtureRequest) -> bytes | None:
    """The JPEG this module just took of the screen, handed once to another report
    (``steps/messages.py``) so that it carries the same photograph rather than take its own."""
    image = request.node.stash.get(_SHARED_SCREENSHOT, None)
    if image is not None:
        del request.node.stash[_SHARED_SCREENSHOT]
    return image


def scenario_page(request: pytest.FixtureRequest) -> Page | None:
    # Only a page the scenario already opened: a report must not open a browser.
    if "page" not in request.fixturenames:
        return None
    page = request.getfixturevalue("page")
    return None if page.is_closed() else page


def _step_title(step: Step) -> str:
    return f"{step.keyword} {step.name}"


def _attach(request: pytest.FixtureRequest, extra: dict) -> None:
    request.node.stash.setdefault(_STEP_EXTRAS, []).append(extra)


def _screenshot(request: pytest.FixtureRequest, page: Page, name: str) -> None:
    """One photograph of the screen, for each report that shows them."""
    try:
        image = page.screenshot(type="jpeg", quality=70, timeout=_SCREENSHOT_TIMEOUT_MS)
    except Error as exc:
        image, problem = None, str(exc)
    else:
        request.node.stash[_SHARED_SCREENSHOT] = image
    if _html_report_on(request.config):
        import pytest_html

        if image is None:
            _attach(request, pytest_html.extras.text(problem, name=f"{name} (no screenshot)"))
        else:
            _attach(request, pytest_html.extras.jpg(base64.b64encode(image).decode(), name=name))
    if _allure_on(request.config) and image is not None:
        import allure

        allure.attach(image, name=name, attachment_type=allure.attachment_type.JPG)


# First among the hooks: Allure closes the step in its own, and the photograph belongs in it.
@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario, step: Step
) -> None:
    """With --html or --alluredir, photograph the screen after each step."""
    if not _photographed(request.config):
        return
    page = scenario_page(request)
    if page is not None and page.url != "about:blank":
        _screenshot(request, page, _step_title(step))


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    exception: Exception,
) -> None:
    """Say which step failed, on which screen, and what the screen said."""
    lines = [f"Failing step: {_step_title(step)} ({feature.rel_filename}:{step.line_number})"]
    page = scenario_page(request)
    if page is not None:
        screen = describe_screen(page)
        lines.append(screen.as_text())
        request.node.user_properties += [
            ("failing_url", screen.url),
            ("failing_title", screen.title),
        ]
    text = "\n".join(lines)
    request.node.user_properties.append(("failing_step", _step_title(step)))
    request.node.add_report_section("call", "failing step", text)
    if _html_report_on(request.config):
        import pytest_html

        _attach(request, pytest_html.extras.text(text, name="Failing step"))
    if _photographed(request.config) and page is not None:
        _screenshot(request, page, f"FAILED: {_step_title(step)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Hand the step screenshots to pytest-html with the scenario's result."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and _STEP_EXTRAS in item.stash:
        report.extras = [*getattr(report, "extras", []), *item.stash[_STEP_EXTRAS]]
