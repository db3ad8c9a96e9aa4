"""Faker settings for the scenarios: French people, data replayable from the run's seed.

Autouse, and here rather than in a plugin, so that Faker's ``faker`` fixture sees them in
the scenarios (pytest-bdd requests fixtures on the fly) and nowhere else.
"""

import pytest

from steps.people import faker_seed_of


@pytest.fixture(autouse=True)
def faker_locale() -> list[str]:
    """The operators of the guide are French: French names and addresses."""
    return ["fr_FR"]


@pytest.fixture(autouse=True)
def faker_seed(request: pytest.FixtureRequest) -> str:
    """The run's seed mixed with the scenario's id: the same data whether run alone or not."""
    return f"{faker_seed_of(request.config)}:{request.node.nodeid}"
