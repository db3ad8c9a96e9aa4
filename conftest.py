"""The acceptance suite's wiring: the portal under test, the browser and its context.

Each test session (each pytest-xdist worker) serves its own fresh portal on a free
local port, unless ``--base-url`` or a target profile names a running one
(``steps/target.py``). Scenarios never reset the portal: each makes its own data, so any
number of workers or CI jobs can share one. Reports live in ``steps/reporting.py``.
"""

from __future__ import annotations

import pytest

from pages.browser import LAUNCH_ARGS, ChromiumNotFound, find_chromium
from pages.control import PortalControl

# Shared steps and fixtures; never import them from test modules (scenarios would be
# collected twice).
pytest_plugins = [
    # First: no process a test starts may outlive the run (process_check).
    "process_check.pytest_plugin",
    "steps.people",
    "steps.requirements",
    "steps.edition",
    "steps.mobile_apps",
    "steps.target",
    "steps.accounts",
    "steps.screens",
    "steps.registration_steps",
    "steps.mail_steps",
    "steps.sign_in_steps",
    "steps.role_steps",
    "steps.authority_steps",
    "steps.activity_steps",
    "steps.mobile_app_steps",
    "steps.accessibility_steps",
    "steps.reporting",
    "steps.cucumber",
    "steps.messages",
    "steps.browser_server",
    # The databases of the Flask tests of the mock (tests/): SQLite and PostgreSQL.
    "tests.backends",
    # The longest test modules first, for two workers that finish together.
    "tests.scheduling",
]

ENGLISH_MARKER = "english"
VIEWPORT = {"width": 1280, "height": 800}


def given_base_url(config: pytest.Config) -> str | None:
    # Imported late: a step plugin imported before pytest loads it loses assert rewriting.
    from steps.target import given_base_url

    return given_base_url(config)


def _remote_browsers(config: pytest.Config) -> bool:
    from steps.browser_server import browser_servers

    return bool(browser_servers(config))


def pytest_report_header(config: pytest.Config) -> list[str]:
    portal = given_base_url(config) or "a fresh mock portal per session (per xdist worker)"
    if _remote_browsers(config):
        return [f"portal: {portal}"]
    try:
        browser = find_chromium(headless=not config.getoption("headed", False))
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
    if _remote_browsers(config):
        return
    if not any(_is_scenario(item) for item in items):
        return
    try:
        find_chromium()
    except ChromiumNotFound as exc:
        raise pytest.UsageError(f"The browser scenarios need Chromium. {exc}") from None


@pytest.fixture(scope="session")
def portal_base_url(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory):
    """The address of the portal under test: the one named, or a fresh mock served here."""
    given = given_base_url(pytestconfig)
    if given:
        yield given
        return
    from mock_portal.testing import serve_portal
    from steps.edition import two_factor_environments

    # Acceptance asks for two factors, as the real one does; the guide's journey (Production,
    # Training) stays as the guide shows it, unless the run is today's edition (--edition).
    settings = {
        "TWO_FACTOR_ENVIRONMENTS": two_factor_environments(pytestconfig),
        # Scenarios sign in all the time, and how hard a test account's hash is to crack is
        # not what they check: scrypt at N=2^10 rather than 2^14 takes a sixteenth of the CPU.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        # The pages waiting for the app, and the phone's home screen, ask where things stand
        # every 1 and 2 s, which a person never notices; a scenario waits that long at each
        # step of the phone's. Five times a second, they move on as soon as it has acted.
        "APP_WAIT_POLL_MS": 200,
        "PHONE_POLL_MS": 200,
    }
    with serve_portal(tmp_path_factory.mktemp("portal"), settings) as live:
        yield live.base_url


@pytest.fixture(scope="session")
def portal(pytestconfig: pytest.Config, portal_base_url: str) -> PortalControl:
    """The control API of the portal under test, for the steps of @controle scenarios."""
    from steps.target import has_control_api

    if not has_control_api(pytestconfig):
        pytest.fail(
            f"This step needs the control API, which {portal_base_url} does not offer: "
            "tag its scenario @controle (it is then deselected on such a portal)."
        )
    return PortalControl(portal_base_url)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, pytestconfig: pytest.Config) -> dict:
    """Drive the system's Chromium (its headless shell when headless): Playwright cannot
    download its own browsers here. (With remote browsers, the servers' hosts launch the
    path given for them.)"""
    try:
        executable = pytestconfig.getoption("browser_server_chromium") or find_chromium(
            headless=browser_type_launch_args.get("headless", True)
        )
    except ChromiumNotFound as exc:
        raise pytest.UsageError(str(exc)) from None
    return {**browser_type_launch_args, "executable_path": executable, "args": list(LAUNCH_ARGS)}


@pytest.fixture
def interface_language(request: pytest.FixtureRequest) -> str:
    """The language the scenario meets the portal in: «en» when tagged @english, else «fr».
    For the few steps that check a text no Gherkin argument gives (a message naming the
    scenario's own company) and for the language its accounts choose for their mail."""
    return "en" if request.node.get_closest_marker(ENGLISH_MARKER) is not None else "fr"


@pytest.fixture
def browser_context_args(
    browser_context_args: dict, portal_base_url: str, interface_language: str
) -> dict:
    """A fresh context per scenario on the portal, in French unless tagged @english."""
    return {
        **browser_context_args,
        "base_url": portal_base_url,
        "locale": "en-GB" if interface_language == "en" else "fr-FR",
        "viewport": VIEWPORT,
    }
