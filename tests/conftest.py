"""A fresh portal per test, like flaskr's tests, and the actions that bring it to a state."""

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from hypothesis import settings
from sqlalchemy import func, select

from mock_portal import clock, create_app
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

from .backends import CHEAP_HASH
from .html_page import Page, page
from .support import ticket_from

# The property tests: a few examples, the same every run, so that CI never meets a new one
# by chance; `--hypothesis-profile=deep` searches far more widely (see the README).
settings.register_profile("ci", max_examples=12, derandomize=True, deadline=None)
settings.register_profile("deep", max_examples=400, deadline=None)
settings.load_profile("ci")

PASSWORD = "Tr4ces-Mock!"
PRODUCTION = "http://localhost/tracesnt/login"
TRAINING = "http://localhost/training/tracesnt/login"
ACCEPTANCE = "http://localhost/acceptance/tracesnt/login"


def portal_config(database_url, instance, **overrides):
    """Test settings: the control API on, EU Login and TRACES NT in one process, served as
    http://localhost (the test client's host), a cheap password hash (scrypt costs a
    tenth of a second per sign-in)."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance),
        "PUBLIC_URL": "http://localhost",
        "ADMIN_API": True,
        "CAS_SERVICES": [],
        "CAS_SERVER_URL": None,
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
    }
    return config | overrides


@pytest.fixture
def make_app(tmp_path, databases):
    """Build a fresh portal on its own copy of the seeded database (SQLite or PostgreSQL)."""
    apps = []

    def make(**overrides):
        apps.append(create_app(portal_config(databases.new(), tmp_path, **overrides)))
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

    def sign_in(
        self, email="marie.dupont@example.com", password=PASSWORD, method="password", **params
    ):
        """Both sign-in steps; the final answer is returned unfollowed (with the mobile app
        method, the page asking for its code)."""
        step = Page(self.identify(email, **params).get_data(as_text=True))
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={
                "csrf_token": step.csrf_token(),
                "email": email,
                "password": password,
                "method": method,
            },
        )

    def enter_code(self, code_page, code, **params):
        """The mobile app's code, on the page that asks for it."""
        form = page(code_page)
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={"csrf_token": form.csrf_token(), "pending": form.value("pending"), "code": code},
        )

    def sign_in_with_app(self, secret, email="marie.dupont@example.com", **params):
        """Password, then the app's code for the portal's time; the answer unfollowed."""
        code_page = self.sign_in(email, method="mobile-app-pin", **params)
        assert code_page.status_code == 200, code_page.get_data(as_text=True)[:2000]
        return self.enter_code(code_page, self.code(secret), **params)

    def code(self, secret, later_seconds=0):
        """What the app shows now on the portal's clock (a phone set to the portal's time)."""
        with self.app.app_context():
            moment = clock.now() + timedelta(seconds=later_seconds)
        return pyotp.TOTP(secret).at(moment)

    def enrol_mobile_app(self, email="marie.dupont@example.com"):
        """Sign in, enrol the app from the account page, confirm with a first code; the secret."""
        assert self.sign_in(email).status_code == 200
        account = page(self.client.get("/cas/eim/external/account.cgi"))
        self.client.post(
            "/cas/eim/external/mobile-app/enrol", data={"csrf_token": account.csrf_token()}
        )
        enrolling = page(self.client.get("/cas/eim/external/account.cgi"))
        secret = enrolling.find(data_testid="mobile-app-secret").text
        confirmed = self.client.post(
            "/cas/eim/external/mobile-app/confirm",
            data={"csrf_token": enrolling.csrf_token(), "code": self.code(secret)},
        )
        assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
        self.client.get("/cas/logout")
        # A new code for what follows: the first one is the enrolment's.
        self.advance_clock(seconds=60)
        return secret

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


@pytest.fixture
def cluster_folder():
    """A folder the PostgreSQL server's own user can reach (pytest's are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
