"""A fresh portal per test and the people who use it: operators' staff and authorities."""

import itertools
import shutil
from functools import partial

import pytest
from jinja2 import BytecodeCache
from werkzeug.security import generate_password_hash

from mock_portal import create_app
from mock_portal.extensions import db
from mock_portal.traces import seeddata

from .people import Portal, Visitor


def portal_settings(database, **overrides) -> dict:
    """The brief's settings: own SQLite file, control API on, no CSRF tokens to copy."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ADMIN_API": True,
        "WTF_CSRF_ENABLED": False,
    }
    return settings | overrides


def _close(app) -> None:
    with app.app_context():
        db.engine.dispose()


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept across the tests' apps: each new app would compile them again."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        # The key covers the template's name and source, so an edited template recompiles.
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _SharedBytecode()


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """A database seeded once: seeding takes a second, copying it a millisecond."""
    database = tmp_path_factory.mktemp("traces-seed") / "p.db"
    # A cheap hash for the authorities' password: scrypt costs a third of a second per sign-in.
    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1000")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seeddata, "generate_password_hash", cheap)
        _close(create_app(portal_settings(database)))
    return database


@pytest.fixture
def app(tmp_path, seeded_file):
    """A fresh portal on its own copy of the seeded database."""
    database = tmp_path / "p.db"
    shutil.copyfile(seeded_file, database)
    app = create_app(portal_settings(database))
    app.jinja_env.bytecode_cache = _TEMPLATES
    yield app
    _close(app)


@pytest.fixture
def fresh_app(tmp_path):
    """Build portals seeded from scratch, for settings that change the seed."""
    apps, numbers = [], itertools.count()

    def build(**overrides):
        apps.append(
            create_app(portal_settings(tmp_path / f"fresh-{next(numbers)}.db", **overrides))
        )
        return apps[-1]

    yield build
    for app in apps:
        _close(app)


@pytest.fixture
def portal(app) -> Portal:
    return Portal(app)


@pytest.fixture
def marie(portal) -> Visitor:
    """Marie Dupont, a freight forwarder's employee, signed in to Production in French."""
    return portal.user("marie.dupont@example.com", "Marie", "Dupont")


@pytest.fixture
def paul(portal) -> Visitor:
    """Paul Martin, Marie's colleague, signed in to Production in French."""
    return portal.user("paul.martin@example.com", "Paul", "Martin")


@pytest.fixture
def pat(portal) -> int:
    """The id of PAT, the guide's Argentinian operator (part III)."""
    return portal.operator_id("PAT")


@pytest.fixture
def abian(portal) -> int:
    """The id of ABIAN BALI EU SPRL, the guide's Belgian organic importer."""
    return portal.operator_id("ABIAN BALI EU SPRL")


@pytest.fixture
def pat_user(portal, marie) -> Visitor:
    """Marie with a valid role for PAT, validated by the Argentinian authority."""
    portal.grant(marie, "PAT", "AR")
    return marie


@pytest.fixture
def abian_user(portal, marie) -> Visitor:
    """Marie with a valid role for ABIAN BALI EU SPRL, validated by the Belgian authority."""
    portal.grant(marie, "ABIAN BALI EU SPRL", "BE")
    return marie
