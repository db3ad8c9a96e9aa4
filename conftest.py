"""The acceptance suite's wiring: the portal under test, the browser and its context.

Each test session (each pytest-xdist worker) serves its own fresh portal on a free
local port, unless ``--base-url`` names a running one (started with ``--admin``).
Reports and the per-step screenshots live in ``steps/reporting.py``.
"""

from __future__ import annotations

import pytest

from pages.browser import LAUNCH_ARGS, ChromiumNotFound, find_chromium
from pages.control import ControlApiError, PortalControl

# Shared steps and fixtures; never import them from test modules (scenarios would be
# collected twice).
pytest_plugins = [
    "steps.people",
    "steps.screens",
    "steps.registration_steps",
    "steps.mail_steps",
    "steps.sign_in_steps",
    "steps.role_steps",
    "steps.authority_steps",
    "steps.activity_steps",
    "steps.mobile_app_steps",
    "steps.reporting",
    # The databases of the Flask tests of the mock (tests/): SQLite and PostgreSQL.
    "tests.backends",
]

ENGLISH_MARKER = "english"
VIEWPORT = {"width": 1280, "height": 800}


def _xdist_workers(config: pytest.Config) -> object:
    return getattr(config.option, "numprocesses", None) or None


def given_base_url(config: pytest.Config) -> str | None:
    """The portal named by --base-url, $PYTEST_BASE_URL or the base_url ini key, if any."""
    return config.getoption("base_url", None) or config.getini("base_url") or None


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    workers = _xdist_workers(config)
    if workers and config.getoption("cucumber_json_path", None):
        raise pytest.UsageError(
            "--cucumberjson cannot be combined with -n: pytest-bdd writes an empty Cucumber "
            "report under pytest-xdist. Write the Cucumber report from a run without -n."
        )
    if workers and given_base_url(config):
        raise pytest.UsageError(
            "--base-url cannot be combined with -n: every scenario resets the one portal, so "
            "parallel workers would reset each other. Without --base-url each worker serves "
            "its own portal."
        )


def pytest_report_header(config: pytest.Config) -> list[str]:
    portal = (
        given_base_url(config) or "a fresh mock portal per session (per xdist worker), on 127.0.0.1"
    )
    try:
        browser = find_chromium()
    except ChromiumNotFound:
        browser = "not found"
    return [
        f"portal: {portal}",
        f"chromium: {browser}",
    ]


def _is_scenario(item: pytest.Item) -> bool:
    # pytest-bdd parametrises every scenario with this fixture.
    return "_pytest_bdd_example" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Stop at once, with the remedy, when scenarios are to run and no Chromium is there."""
    # An xdist worker cannot stop the run cleanly: there the browser fixture fails each
    # scenario with the same message instead.
    if hasattr(config, "workerinput") or config.getoption("collectonly"):
        return
    if not any(_is_scenario(item) for item in items):
        return
    try:
        find_chromium()
    except ChromiumNotFound as exc:
        raise pytest.UsageError(f"The browser scenarios need Chromium. {exc}") from None


@pytest.fixture(scope="session")
def portal(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory):
    """The portal under test and its control API: the one at --base-url, or a fresh one."""
    given = given_base_url(pytestconfig)
    if given:
        control = PortalControl(given)
        try:
            control.check_available()
        except ControlApiError as exc:
            pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)
        yield control
        return
    from mock_portal.testing import serve_portal

    # Acceptance asks for two factors, as the real one does; the guide's journey (Production,
    # Training) stays as the guide shows it.
    with serve_portal(
        tmp_path_factory.mktemp("portal"), {"TWO_FACTOR_ENVIRONMENTS": ["acceptance"]}
    ) as live:
        yield PortalControl(live.base_url)


@pytest.fixture(autouse=True)
def _fresh_portal(request: pytest.FixtureRequest) -> None:
    """Every scenario starts from the seeded portal: no account, no mail, clock on time."""
    # Scenarios only: the Flask unit tests in tests/ must not start a portal.
    if _is_scenario(request.node):
        request.getfixturevalue("portal").reset()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Drive the system's Chromium: Playwright cannot download its own browsers here."""
    try:
        executable = find_chromium()
    except ChromiumNotFound as exc:
        raise pytest.UsageError(str(exc)) from None
    return {**browser_type_launch_args, "executable_path": executable, "args": list(LAUNCH_ARGS)}


@pytest.fixture
def browser_context_args(
    browser_context_args: dict, portal: PortalControl, request: pytest.FixtureRequest
) -> dict:
    """A fresh context per scenario on the portal, in French unless tagged @english."""
    english = request.node.get_closest_marker(ENGLISH_MARKER) is not None
    return {
        **browser_context_args,
        "base_url": portal.base_url,
        "locale": "en-GB" if english else "fr-FR",
        "viewport": VIEWPORT,
    }
