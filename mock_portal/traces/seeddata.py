"""What every TRACES NT environment holds after a reset.

The guide's own examples (operators, authorities), an authority account per
authority so that requests can be validated, and a few hundred operators
generated with Faker from a fixed seed so that search, filters and paging
have something to chew on. The same seed gives the same data.
"""

import random
import sys
from datetime import datetime
from functools import cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from .. import filecache
from ..eulogin.models import Account
from ..extensions import db
from . import referential
from .environments import ENVIRONMENTS
from .models import Operator, OperatorActivity, Organisation, Role, TracesUser
from .referential import sections_for

if TYPE_CHECKING:
    from ..fakes import CountryFaker

# The seeded records' date. What tells them from the records made since is their ``seeded``
# mark (which the purge spares), not this date: a moved clock can make records at any instant.
SEEDED_AT = datetime(2024, 1, 15, 9, 0)
AUTHORITY_PASSWORD = "Autorite!2024"

# fmt: off
# (code, name, address, postal code, city, country, kind, account e-mail, first, last)
ORGANISATIONS = (
    ("FR007", "Perpignan Phyto test PCF FR007", "", "66000", "Perpignan", "FR", "authority",
     "fr007@autorite.example", "Jeanne", "Roig"),
    ("FRCDG4H", "Roissy Charles-De-Gaulle PCF FRCDG4H", "", "95701", "Roissy Ch De Gaulle Cedex",
     "FR", "authority", "frcdg4h@autorite.example", "Marc", "Lefèvre"),
    ("FRARC012", "Ile-de-France – SRAL/Pole phytosanitaire RUNGIS FRARC012", "", "94150",
     "Rungis", "FR", "authority", "frarc012@autorite.example", "Sophie", "Marchand"),
    ("FRDGCCRF11", "DGCCRF Ile-de-France FRDGCCRF11", "", "75013", "Paris", "FR", "authority",
     "frdgccrf11@autorite.example", "Luc", "Bernard"),
    ("BEAFSCA04", "AFSCA – Unité provinciale de contrôle Liège BEAFSCA04", "", "4000", "Liège",
     "BE", "authority", "beafsca04@autorite.example", "Anne", "Dubois"),
    ("ARSENASA01", "SENASA Buenos Aires ARSENASA01", "", "1063", "Buenos Aires", "AR",
     "authority", "arsenasa01@autorite.example", "Diego", "Fernández"),
    ("BE-BIO-01", "Certisys BE-BIO-01", "", "1040", "Bruxelles", "BE", "control_body",
     None, None, None),
    ("FR-BIO-01", "Ecocert FR-BIO-01", "", "32600", "L'Isle-Jourdain", "FR", "control_body",
     None, None, None),
)
# fmt: on

# fmt: off
# The guide's operators: (name, eori, address, postal code, city, region, country, phone,
# [(section, activity)])
GUIDE_OPERATORS = (
    ("ABC test 2", None, "Street 1", "6591", "Macon", "Hainaut", "BE", "+32 71 123456",
     [("ORGANIC IMPORTER", "organic_importer")]),
    ("ABC test Operator", None, "Street 1", "3294", "Diest", "Brabant flamand", "BE",
     "+32 13 123456", [("ORGANIC IMPORTER", "organic_importer")]),
    ("ABIAN BALI EU SPRL", "BE0479168518", "route du condroz 210", "4120", "Neupré", "Liège",
     "BE", "+32 4 3711111", [("ORGANIC IMPORTER", "organic_importer"), ("FLEGT", "timber_importer")]),
    ("PAT", None, "36 CALLE CORRIENTES", "1043", "Buenos Aires", "Buenos Aires", "AR",
     "25694563215", []),
)
# fmt: on

# How many operators are generated in each country (their names and addresses from
# the country's own Faker locales: see mock_portal.fakes).
GENERATED = (
    ("BE", 45),
    ("FR", 60),
    ("DE", 35),
    ("NL", 30),
    ("ES", 30),
    ("IT", 30),
    ("PL", 20),
    ("CH", 15),
    ("AR", 20),
    ("US", 15),
)


def _region(fake: "CountryFaker") -> str:
    for provider in ("administrative_unit", "state", "region", "province"):
        if hasattr(fake, provider):
            return getattr(fake, provider)()
    return fake.city()


@cache
def generated_operators(seed: int) -> tuple[dict, ...]:
    """Operators generated from ``seed``, each with its activities; same seed, same list.
    Faker's locales take most of a second to build: the list is made once per machine and
    version of the code (``filecache``), then read."""
    rows = filecache.json_value(
        f"operators-{seed}", _generation_inputs(seed), lambda: _generate(seed), _whole
    )
    return tuple({**row, "activities": [tuple(pair) for pair in row["activities"]]} for row in rows)


def _whole(rows: object) -> bool:
    """Whether a list read back has every generated operator, each with its activities."""
    return (
        isinstance(rows, list)
        and len(rows) == sum(count for _, count in GENERATED)
        and all(isinstance(row, dict) and isinstance(row.get("activities"), list) for row in rows)
    )


def _generation_inputs(seed: int) -> list[str | bytes]:
    """What the generated operators depend on: the seed, Faker's and Python's versions, and
    the code that draws them (this module, the country Fakers, the sections). Faker itself is
    not imported for it: read from the file, the list costs no Faker at all."""
    sources = (__file__, find_spec("..fakes", __package__).origin, referential.__file__)
    return [
        str(seed),
        version("faker"),
        ".".join(map(str, sys.version_info[:2])),
        *(Path(source).read_bytes() for source in sources),
    ]


def _generate(seed: int) -> list[dict]:
    from ..fakes import country_faker

    rng = random.Random(seed)
    operators, eoris = [], set()
    for country, count in GENERATED:
        fake = country_faker(country, seed + sum(map(ord, country)))
        sections = sections_for(country)
        for _ in range(count):
            chosen = rng.sample(sections, k=rng.choice((1, 1, 2)))
            eori = None
            while eori is None or eori in eoris:  # an EORI number names one operator
                eori = country + "".join(rng.choices("0123456789", k=rng.choice((10, 12))))
            eoris.add(eori)
            operators.append(
                {
                    "name": fake.company(),
                    "country": country,
                    "region": _region(fake),
                    "city": fake.city(),
                    "postal_code": fake.postcode(),
                    "address": fake.street_address(),
                    "phone": fake.phone_number(),
                    "email": f"contact{len(operators) + 1}@{fake.domain_name()}",
                    "eori": eori,
                    "latitude": round(float(fake.latitude()), 5),
                    "longitude": round(float(fake.longitude()), 5),
                    "activities": [(s.code, rng.choice(s.activity_types).code) for s in chosen],
                }
            )
    return operators


@cache
def _authority_password_hash(method: str) -> str:
    """The seeded authorities' password, hashed once per process: scrypt at sign-in cost was
    a quarter of a reset, and the walkthrough resets the portal before every scenario."""
    return generate_password_hash(AUTHORITY_PASSWORD, method=method)


def seed_traces(faker_seed: int) -> None:
    """Fill every environment with the reference data and the seeded operators, in the
    caller's transaction (a reset keeps the rows it seeded before its commit)."""
    organisations = {}
    for code, name, address, postal, city, country, kind, email, first, last in ORGANISATIONS:
        organisation = Organisation(
            kind=kind,
            code=code,
            name=name,
            address=address,
            postal_code=postal,
            city=city,
            country=country,
        )
        db.session.add(organisation)
        organisations[code] = (organisation, email, first, last)
    password_hash = _authority_password_hash(current_app.config["PASSWORD_HASH_METHOD"])
    accounts = {}
    for index, (code, (_org, email, first, last)) in enumerate(organisations.items(), start=1):
        if email:
            accounts[code] = Account(
                uid=f"n00aut{index:03d}",
                email=email,
                first_name=first,
                last_name=last,
                mail_language="fr",
                password_hash=password_hash,
                created_at=SEEDED_AT,
                seeded=True,
            )
            db.session.add(accounts[code])
    db.session.flush()

    operator_rows, activity_rows = [], []
    generated = generated_operators(faker_seed)
    for environment in ENVIRONMENTS:
        for code, account in accounts.items():
            user = TracesUser(
                environment=environment.code,
                uid=account.uid,
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                locale="fr",
                first_seen_at=SEEDED_AT,
                seeded=True,
            )
            db.session.add(user)
            db.session.add(
                Role(
                    environment=environment.code,
                    user=user,
                    kind="authority",
                    organisation=organisations[code][0],
                    status="valid",
                    requested_at=SEEDED_AT,
                    decided_at=SEEDED_AT,
                    seeded=True,
                )
            )
        for (
            name,
            eori,
            address,
            postal,
            city,
            region,
            country,
            phone,
            activities,
        ) in GUIDE_OPERATORS:
            operator_rows.append(
                {
                    "name": name,
                    "eori": eori,
                    "address": address,
                    "postal_code": postal,
                    "city": city,
                    "region": region,
                    "country": country,
                    "phone": phone,
                    "activities": activities,
                }
            )
        operator_rows.extend(dict(row) for row in generated)
        for row in operator_rows[-(len(generated) + len(GUIDE_OPERATORS)) :]:
            row["environment"] = environment.code

    operator_activities = [row.pop("activities") for row in operator_rows]
    for row in operator_rows:
        row |= {"created_at": SEEDED_AT, "seeded": True}
    # Core inserts: a reset must stay fast. The database numbers the operators (so that its
    # own sequence, on PostgreSQL, goes on from there), in the order of the rows.
    operator_ids = db.session.scalars(
        insert(Operator).returning(Operator.id, sort_by_parameter_order=True), operator_rows
    ).all()
    for operator_id, chosen in zip(operator_ids, operator_activities, strict=True):
        for section_code, activity_code in chosen:
            activity_rows.append(
                {
                    "operator_id": operator_id,
                    "section_code": section_code,
                    "activity_code": activity_code,
                    "status": "valid",
                    "created_at": SEEDED_AT,
                    "seeded": True,
                }
            )
    db.session.execute(insert(OperatorActivity), activity_rows)
