"""Which EU Login the scenarios meet: the guide's, or today's.

The operators' guide was written before TRACES NT asked for two-factor sign-in; in the
guide's edition (the default) only Acceptance asks for it, as the real Acceptance did first,
so that the guide's journey stays as the guide shows it. In today's edition every TRACES NT
environment asks for it, as they all have since 11 June 2024: every sign-in of the documented
journey (the scenarios tagged ``@guide``) then goes through the EU Login Mobile App. The other
scenarios are written for the guide's EU Login (a wrong password, a sign-in after a password
link): today's edition leaves them out, and the header says so.
"""

from __future__ import annotations

import pytest

GUIDE, TODAY = "guide", "today"
EDITIONS = (GUIDE, TODAY)
TWO_FACTOR_ENVIRONMENTS = {
    GUIDE: ["acceptance"],
    TODAY: ["production", "training", "acceptance"],
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("traces-nt").addoption(
        "--edition",
        choices=EDITIONS,
        default=GUIDE,
        help="the guide's EU Login (two-factor sign-in in Acceptance only) or today's (every "
        "TRACES NT environment asks for it, so every sign-in shows the EU Login Mobile App); "
        "default: guide",
    )


def edition_of(config: pytest.Config) -> str:
    """The run's edition."""
    return config.getoption("edition", GUIDE)


def two_factor_environments(config: pytest.Config) -> list[str]:
    """The TRACES NT environments of the suite's own portal that ask for two factors."""
    return list(TWO_FACTOR_ENVIRONMENTS[edition_of(config)])


def pytest_report_header(config: pytest.Config) -> list[str]:
    if edition_of(config) != TODAY:
        return []
    return [
        "edition: today's EU Login (every environment asks for two factors); only the "
        "@guide scenarios run"
    ]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Today's edition keeps the documented journey and the tests that are no scenarios."""
    if edition_of(config) != TODAY:
        return
    scenario = "_pytest_bdd_example"
    dropped = [
        item
        for item in items
        if scenario in getattr(item, "fixturenames", ())
        and item.get_closest_marker("guide") is None
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(map(id, dropped))
        items[:] = [item for item in items if id(item) not in gone]
