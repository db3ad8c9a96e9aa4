"""The people of the scenarios: realistic French operators, generated from a seeded Faker.

The seed comes from ``--faker-seed`` (or ``$FAKER_SEED``, or the ``faker_seed`` ini key)
and is printed in the report header, so a failing run can be replayed with its data.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass

import pytest
from faker import Faker

from mock_portal.fakes import CountryFaker, country_faker

DEFAULT_FAKER_SEED = 2024
FAKER_SEED_ENV = "FAKER_SEED"
# Reserved for examples (RFC 2606): no mail can ever reach a real person.
MAIL_DOMAINS = ("example.com", "example.org")
# The guide's section and activity for a phytosanitary certificate (part II.1).
GUIDE_SECTION = "EU professional operators other than EU registered professional operators (EUPO)"
GUIDE_ACTIVITY_TYPE = (
    "Professional operators other than those referred to in Article 45(1)(I) IMSOC"
)
_BELGIAN_PROVINCES = ("Liège", "Namur", "Hainaut", "Luxembourg", "Brabant wallon")
_ARGENTINE_PROVINCES = ("Buenos Aires", "Córdoba", "Santa Fe", "Mendoza", "Tucumán")
# The section of a third country's operator, as the lists show it, in each interface language.
THIRD_COUNTRY_SECTION = {
    "fr": ("Opérateurs professionnels de pays tiers (TCPO)", "Opérateur professionnel"),
    "en": ("Third country professional operators (TCPO)", "Professional operator"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("traces-nt", "TRACES NT acceptance suite").addoption(
        "--faker-seed",
        type=int,
        default=None,
        help=f"seed of the generated people (also ${FAKER_SEED_ENV} or the faker_seed ini "
        f"key; default {DEFAULT_FAKER_SEED}). Printed in the header to replay a run.",
    )
    parser.getgroup("traces-nt").addoption(
        "--plain-names",
        action="store_true",
        help="people and companies without the scenario's mark («jean.dupont@example.org»): "
        "only on a portal of one's own, reset before each scenario (as the walkthrough does)",
    )
    parser.addini("faker_seed", "seed of the generated people", default=str(DEFAULT_FAKER_SEED))


def faker_seed_of(config: pytest.Config) -> int:
    """The run's Faker seed: --faker-seed, else $FAKER_SEED, else the ini key."""
    chosen = config.getoption("faker_seed")
    if chosen is not None:
        return chosen
    raw = os.environ.get(FAKER_SEED_ENV) or config.getini("faker_seed")
    try:
        return int(raw)
    except ValueError:
        raise pytest.UsageError(f"The Faker seed must be a whole number, not {raw!r}.") from None


def pytest_configure(config: pytest.Config) -> None:
    faker_seed_of(config)  # a bad seed is a usage error, before anything runs
    # The run's id (pytest-xdist's, handed to every worker) makes the addresses and company
    # names of this run unlike any other run's, on a portal that several runs share.
    if not hasattr(config, "workerinput") and not getattr(config.option, "testrunuid", None):
        config.option.testrunuid = uuid.uuid4().hex


def run_id_of(config: pytest.Config) -> str:
    """The run's id: the same on the controller and on every pytest-xdist worker."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return workerinput["testrunuid"]
    return config.option.testrunuid


def pytest_report_header(config: pytest.Config) -> str:
    seed, run_id = faker_seed_of(config), run_id_of(config)
    return (
        f"faker seed: {seed}, run id: {run_id} (replay with --faker-seed={seed} "
        f"--testrunuid={run_id}; each scenario mixes them with its id)"
    )


def scenario_token(run_id: str, nodeid: str) -> str:
    """Six letters and digits that no other scenario of any run shares (30 bits)."""
    digest = hashlib.sha256(f"{run_id}:{nodeid}".encode()).digest()
    return base64.b32encode(digest).decode()[:6].lower()


@dataclass(frozen=True)
class Person:
    """Someone who registers in EU Login and works with TRACES NT."""

    first_name: str
    last_name: str
    email: str
    password: str
    street_address: str
    postcode: str
    city: str

    @property
    def full_name(self) -> str:
        """First and last name, as TRACES NT greets the user."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Authority:
    """A competent authority's seeded account in every TRACES NT environment."""

    code: str
    email: str
    full_name: str
    password: str = "Autorite!2024"


# The portal seeds one account per authority (see the README), password "Autorite!2024".
SEEDED_AUTHORITIES = {
    authority.code: authority
    for authority in (
        Authority("FR007", "fr007@autorite.example", "Jeanne Roig"),
        Authority("FRCDG4H", "frcdg4h@autorite.example", "Marc Lefèvre"),
        Authority("FRARC012", "frarc012@autorite.example", "Sophie Marchand"),
        Authority("FRDGCCRF11", "frdgccrf11@autorite.example", "Luc Bernard"),
        Authority("BEAFSCA04", "beafsca04@autorite.example", "Anne Dubois"),
        Authority("ARSENASA01", "arsenasa01@autorite.example", "Diego Fernández"),
    )
}


def seeded_authority(code: str) -> Authority:
    """The seeded authority ``code`` («BEAFSCA04»)."""
    try:
        return SEEDED_AUTHORITIES[code.upper()]
    except KeyError:
        known = ", ".join(SEEDED_AUTHORITIES)
        raise ValueError(f"No seeded authority {code!r}; known: {known}.") from None


@dataclass(frozen=True)
class Company:
    """A Belgian company that is not in TRACES NT yet, with the guide's activity."""

    name: str
    region: str
    city: str
    postal_code: str
    address: str
    phone: str
    eori: str
    section: str = GUIDE_SECTION
    activity_type: str = GUIDE_ACTIVITY_TYPE


def _mailbox_name(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class People:
    """Makes the people and companies of one scenario. The scenario's token goes into each
    address («jean.dupont+k3q7xz@example.org»), company name and EORI number, so that no
    other scenario, worker or run sharing the portal makes the same."""

    def __init__(self, faker: Faker, token: str = ""):
        self._faker = faker
        self._token = token
        self._emails: set[str] = set()
        self._companies = 0

    def new_person(self) -> Person:
        """A French person with a professional address on an example domain."""
        fake = self._faker
        first_name, last_name = fake.first_name(), fake.last_name()
        email = self._unique_email(f"{_mailbox_name(first_name)}.{_mailbox_name(last_name)}")
        return Person(
            first_name=first_name,
            last_name=last_name,
            email=email,
            password=self.new_password(),
            street_address=fake.street_address(),
            postcode=fake.postcode(),
            city=fake.city(),
        )

    def new_company(self) -> Company:
        """A Belgian company with the mandatory details of a new operator, named and
        addressed as Belgian companies are (Faker's fr_BE and nl_BE locales)."""
        fake, mark = self._local("BE"), self._next_mark()
        return Company(
            name=" ".join(
                filter(None, (fake.last_name(), mark, fake.random_element(("SPRL", "SRL", "SA"))))
            ),
            eori=self._eori(mark),
            region=fake.random_element(_BELGIAN_PROVINCES),
            city=fake.city(),
            postal_code=fake.postcode(),
            address=fake.street_address(),
            phone=fake.numerify("+32 # ### ## ##"),
        )

    def new_argentine_company(self, language: str = "fr") -> Company:
        """An Argentinian company, like the guide's PAT, registered as a third country's
        professional operator (its section named in the interface ``language``)."""
        fake, mark = self._local("AR"), self._next_mark()
        section, activity_type = THIRD_COUNTRY_SECTION[language]
        return Company(
            name=" ".join(filter(None, (fake.last_name(), mark, "S.A."))),
            eori="",
            region=fake.random_element(_ARGENTINE_PROVINCES),
            city=fake.city(),
            postal_code=fake.bothify("?####", letters="BCDSX"),
            address=fake.street_address(),
            phone=fake.numerify("+54 11 ####-####"),
            section=section,
            activity_type=activity_type,
        )

    def _next_mark(self) -> str:
        # The scenario's token and the company's number: «K3Q7XZ2».
        self._companies += 1
        return f"{self._token.upper()}{self._companies}" if self._token else ""

    def _local(self, country: str) -> CountryFaker:
        # Seeded from the scenario's Faker, so that the run's seed still replays it.
        return country_faker(country, self._faker.random.getrandbits(32))

    def new_password(self) -> str:
        """A password that meets EU Login's rule: 10+ characters of all four kinds."""
        return self._faker.password(
            length=14, special_chars=True, digits=True, upper_case=True, lower_case=True
        )

    def _eori(self, mark: str) -> str:
        # A Belgian EORI number: BE and the ten digits of an enterprise number.
        if not mark:
            return self._faker.numerify("BE0#########")
        number = int.from_bytes(hashlib.sha256(mark.encode()).digest()[:8]) % 10**9
        return f"BE0{number:09d}"

    def _unique_email(self, local_part: str) -> str:
        if self._token:
            local_part = f"{local_part}+{self._token}"
        domain = self._faker.random_element(MAIL_DOMAINS)
        email, number = f"{local_part}@{domain}", 1
        while email in self._emails:
            number += 1
            email = f"{local_part}{number}@{domain}"
        self._emails.add(email)
        return email


@pytest.fixture
def people(faker: Faker, request: pytest.FixtureRequest) -> People:
    """The scenario's people factory, on the seeded ``faker`` of Faker's pytest plugin."""
    if request.config.getoption("plain_names"):
        return People(faker)
    return People(faker, scenario_token(run_id_of(request.config), request.node.nodeid))


@pytest.fixture
def company(people: People) -> Company:
    """The company the scenario's operator registers as a new operator."""
    return people.new_company()
