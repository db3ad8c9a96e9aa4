"""A fresh portal per test and the people who use it: operators' staff and authorities."""

import pytest

from mock_portal import create_app
from mock_portal.extensions import db

from ..backends import CHEAP_HASH
from ..compiled import share_compiled
from .people import Portal, Visitor


def portal_settings(database_url, instance, **overrides) -> dict:
    """The brief's settings: own database, control API on, no CSRF tokens to copy."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance),
        "PUBLIC_URL": "http://localhost",
        "ADMIN_API": True,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
    }
    return settings | overrides


def _close(app) -> None:
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, databases):
    """A fresh portal on its own copy of the seeded database."""
    app = share_compiled(create_app(portal_settings(databases.new(), tmp_path)))
    yield app
    _close(app)


@pytest.fixture
def fresh_app(tmp_path, databases):
    """Build portals seeded from scratch, for settings that change the seed."""
    apps = []

    def build(**overrides):
        settings = portal_settings(databases.new(seeded=False), tmp_path, **overrides)
        apps.append(share_compiled(create_app(settings)))
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
    portal.validated_role(marie, "PAT", "AR")
    return marie


@pytest.fixture
def abian_user(portal, marie) -> Visitor:
    """Marie with a valid role for ABIAN BALI EU SPRL, validated by the Belgian authority."""
    portal.validated_role(marie, "ABIAN BALI EU SPRL", "BE")
    return marie
