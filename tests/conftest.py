"""A fresh portal per test, like flaskr's tests, and the actions that bring it to a state."""

import itertools
import shutil
from functools import partial

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from mock_portal import create_app
from mock_portal.eulogin import accounts
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

from .html_page import Page, page
from .support import ticket_from

PASSWORD = "Tr4ces-Mock!"
PRODUCTION = "http://localhost/tracesnt/login"
TRAINING = "http://localhost/training/tracesnt/login"
ACCEPTANCE = "http://localhost/acceptance/tracesnt/login"


def portal_config(database, **overrides):
    """Test settings: the control API on, EU Login and TRACES NT in one process."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ADMIN_API": True,
        "CAS_SERVICES": None,
        "CAS_SERVER_URL": None,
    }
    return config | overrides


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Hash with a cheap method: scrypt costs a sixth of a second per sign-in."""
    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory):
    """A freshly seeded database, built once: each portal starts from a copy of it."""
    database = tmp_path_factory.mktemp("seeded") / "portal.db"
    app = create_app(portal_config(database))
    with app.app_context():
        db.engine.dispose()
    return database


@pytest.fixture
def make_app(tmp_path, seeded_database):
    """Build a fresh portal on its own SQLite file under ``tmp_path``."""
    apps = []
    numbers = itertools.count()

    def make(**overrides):
        database = tmp_path / f"portal-{next(numbers)}.db"
        shutil.copyfile(seeded_database, database)
        apps.append(create_app(portal_config(database, **overrides)))
        return apps[-1]

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class PortalActions:
    """What a test does to reach a state: register, set a password, sign in, move the clock."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def register(self, headers=None, **fields):
        """Fill and send the registration form; ``fields`` override a valid registration."""
        form = page(self.client.get("/cas/eim/external/register.cgi", headers=headers))
        data = {
            "csrf_token": form.csrf_token(),
            "first_name": "Marie",
            "last_name": "Dupont",
            "email": "marie.dupont@example.com",
            "mail_language": "en",
            "captcha": self.app.config["TEST_CAPTCHA_CODE"],
            "privacy": "y",
            "action": "register",
        }
        data.update(fields)
        data.setdefault("email_confirmation", data["email"])
        return self.client.post(
            "/cas/eim/external/register.cgi",
            data={name: value for name, value in data.items() if value is not None},
            headers=headers,
        )

    def mails(self, to=None):
        """Captured mail, oldest first, as the control API lists it."""
        return self.client.get("/__admin/mails", query_string={"to": to} if to else {}).json[
            "mails"
        ]

    def last_link(self, to):
        """The link in the last mail sent to ``to``."""
        [link] = self.mails(to)[-1]["links"]
        return link

    def set_password(self, link, password=PASSWORD, confirmation=None):
        form = page(self.client.get(link))
        return self.client.post(
            link,
            data={
                "csrf_token": form.csrf_token(),
                "password": password,
                "confirmation": password if confirmation is None else confirmation,
            },
        )

    def create_account(self, email="marie.dupont@example.com", password=PASSWORD, **fields):
        """An activated account, made through the control API; returns its uid."""
        body = {"email": email, "password": password, "first_name": "Marie"}
        body |= {"last_name": "Dupont"} | fields
        response = self.client.post("/__admin/users", json=body)
        assert response.status_code == 201, response.json
        return response.json["uid"]

    def identify(self, email, **params):
        """Sign-in, first step: the address. Returns the answer (the password step)."""
        form = page(self.client.get("/cas/login", query_string=params))
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={"csrf_token": form.csrf_token(), "email": email},
        )

    def sign_in(self, email="marie.dupont@example.com", password=PASSWORD, **params):
        """Both sign-in steps; the final answer is returned unfollowed."""
        step = Page(self.identify(email, **params).get_data(as_text=True))
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={"csrf_token": step.csrf_token(), "email": email, "password": password},
        )

    def ticket(self, service=PRODUCTION, **kwargs):
        """Sign in for ``service`` and return the service ticket EU Login sent back."""
        response = self.sign_in(service=service, **kwargs)
        assert response.status_code == 302, response.get_data(as_text=True)
        return ticket_from(response.headers["Location"])

    def advance_clock(self, minutes=0, seconds=0):
        response = self.client.post(
            "/__admin/clock", json={"advance_minutes": minutes, "advance_seconds": seconds}
        )
        assert response.status_code == 200, response.json

    def account_count(self):
        with self.app.app_context():
            return db.session.scalar(select(func.count()).select_from(Account))


@pytest.fixture
def portal(app, client):
    return PortalActions(app, client)
