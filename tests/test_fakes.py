"""Generated operators look like their country: names and addresses from its own locales."""

import json
import os
import subprocess
import sys

from faker import Faker
from faker.providers.address.en_US import Provider as AmericanAddresses
from faker.providers.address.nl_BE import Provider as BelgianAddresses

from mock_portal.fakes import country_faker, provides
from mock_portal.filecache import CACHE_VARIABLE
from mock_portal.traces.seeddata import generated_operators
from steps.people import People

AMERICAN_STATES = set(AmericanAddresses.states)


def test_each_part_comes_from_a_locale_that_has_it():
    # fr_BE has names of its own but no addresses: Faker would fall back to American ones.
    assert provides("fr_BE", "person") and not provides("fr_BE", "address")
    belgian = country_faker("BE", 7)
    assert belgian.parts["address"].locales == ["nl_BE"]
    assert belgian.parts["person"].locales == ["fr_BE", "nl_BE"]
    assert country_faker("AR", 7).parts["address"].locales == ["es_AR"]


def test_the_same_seed_gives_the_same_operator():
    first, second = country_faker("BE", 3), country_faker("BE", 3)
    assert [first.street_address() for _ in range(5)] == [second.street_address() for _ in range(5)]


def test_seeded_belgian_operators_have_belgian_provinces_and_postcodes():
    belgian = [o for o in generated_operators(2024) if o["country"] == "BE"]
    assert len(belgian) >= 40
    assert {o["region"] for o in belgian} <= set(BelgianAddresses.provinces)
    assert all(len(o["postal_code"]) == 4 and o["postal_code"].isdigit() for o in belgian)
    elsewhere = {o["region"] for o in generated_operators(2024) if o["country"] != "US"}
    assert not elsewhere & AMERICAN_STATES


def test_the_scenarios_companies_are_addressed_as_in_their_country():
    faker = Faker("fr_FR")
    faker.seed_instance(11)
    people = People(faker)
    belgian = [people.new_company() for _ in range(20)]
    assert all(len(c.postal_code) == 4 and c.eori.startswith("BE0") for c in belgian)
    assert not any(state in c.address for c in belgian for state in AMERICAN_STATES)
    argentine = people.new_argentine_company("fr")
    assert argentine.phone.startswith("+54") and argentine.name.endswith("S.A.")
    assert "N°" in argentine.address or any(ch.isdigit() for ch in argentine.address)


def _italian_cities_in_a_process(hash_seed: str) -> list[str]:
    program = (
        "import json; from mock_portal.traces.seeddata import generated_operators; "
        "print(json.dumps([o['city'] for o in generated_operators(2024) if o['country'] == 'IT']))"
    )
    # Nothing read from a file: each process draws its own.
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, CACHE_VARIABLE: ""}
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_same_seed_draws_the_same_operators_in_every_process():
    # Faker's Italian cities come from a set, in the order of the process's string hashing.
    first, second = _italian_cities_in_a_process("1"), _italian_cities_in_a_process("2")
    assert len(first) == 30
    assert first == second
