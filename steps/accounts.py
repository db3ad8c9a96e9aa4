"""Where the scenarios' EU Login accounts come from.

On a portal with the control API each scenario makes accounts of its own, with addresses
no other scenario, worker or CI job uses. On another portal (a target profile) the
accounts were registered beforehand, as a real environment has them: scenarios that leave
nothing on an account (sign-in, sign-out, searches) run there on the profile's operator.
"""

from __future__ import annotations

import pytest

from pages.control import PortalControl
from steps.people import SEEDED_AUTHORITIES, Authority, People, Person
from steps.target import has_control_api, target_profile


class Accounts:
    """The accounts of one scenario."""

    def __init__(
        self,
        config: pytest.Config,
        people: People,
        control: PortalControl | None,
        language: str = "fr",
    ):
        self._config = config
        self._people = people
        self._control = control
        # Operators choose the scenario's language for their mail, as one registering on
        # that interface would: the portal's notifications then read as the scenario says.
        self._language = language

    def operator(self) -> Person:
        """An operator's account with its password set: a new one, or the profile's."""
        if self._control is not None:
            person = self._people.new_person()
            self._control.create_user(
                person.email,
                person.first_name,
                person.last_name,
                person.password,
                mail_language=self._language,
            )
            return person
        profile = target_profile(self._config)
        if profile is None or profile.operator is None:
            raise pytest.UsageError(
                "The portal under test has no control API to make accounts: give the target "
                "profile an [accounts.operator] registered beforehand."
            )
        return profile.operator

    def authority(self, code: str) -> Authority:
        """The account of the competent authority ``code`` («BEAFSCA04»)."""
        code = code.upper()
        profile = target_profile(self._config)
        if profile is not None and code in profile.authorities:
            return profile.authorities[code]
        try:
            return SEEDED_AUTHORITIES[code]
        except KeyError:
            known = ", ".join(SEEDED_AUTHORITIES)
            raise ValueError(f"No authority account {code!r}; known: {known}.") from None


@pytest.fixture
def accounts(request: pytest.FixtureRequest, people: People, interface_language: str) -> Accounts:
    """The scenario's accounts: made through the control API where the portal has it."""
    control = request.getfixturevalue("portal") if has_control_api(request.config) else None
    return Accounts(request.config, people, control, interface_language)
