"""A fresh portal per test, like flaskr's tests, and the actions that bring it to a state."""

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from hypothesis import settings
from sqlalchemy import func, select

from mock_portal import clock, create_app, seed
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

from .backends import CHEAP_HASH
from .compiled import share_compiled, share_url_builders
from .html_page import page
from .phone import Phone
from .support import ticket_from

# The property tests: a few examples, the same every run, so that CI never meets a new one
# by chance; `--hypothesis-profile=deep` searches far more widely (see the README).
settings.register_profile("ci", max_examples=12, derandomize=True, deadline=None)
settings.register_profile("deep", max_examples=400, deadline=None)
settings.load_profile("ci")
share_url_builders()

PASSWORD = "Tr4ces-Mock!"
PIN = "2580"
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
        apps.append(
            share_compiled(create_app(portal_config(databases.new(), tmp_path, **overrides)))
        )
        return apps[-1]

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def seedings(monkeypatch) -> list[int]:
    """One item for each reset that seeded again (rather than copied the state back)."""
    made = []
    empty_and_seed = seed._empty_and_seed
    monkeypatch.setattr(seed, "_empty_and_seed", lambda: made.append(1) or empty_and_seed())
    return made


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
        """The sign-in's password step, as the address page's answer sends it; the final
        answer is returned unfollowed (with the mobile app method, the page asking for its
        code). The address page itself is skipped: the password step's form names the account,
        EU Login keeps nothing between the steps, and ``identify`` tests the address page."""
        step = page(self.client.get("/cas/login", query_string=params))
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

    def add_mobile_device(self, email="marie.dupont@example.com", name="Phone", pin=PIN):
        """Sign in, «Add a mobile device» with ``name`` and ``pin``, scan its QR code with a
        new phone and type the PIN there; sign out. The phone, holding the device's key."""
        assert self.sign_in(email).status_code == 200
        qr_text = self.start_enrolment(name, pin)
        phone = Phone(self.app)
        confirmed = phone.initialise(qr_text, pin)
        assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
        self.client.get("/cas/logout")
        return phone

    def start_enrolment(self, name="Phone", pin=PIN, confirmation=None):
        """«Add a mobile device» in the signed-in session: the QR code's text."""
        form = page(self.client.get("/cas/mobile"))
        answer = self.client.post(
            "/cas/mobile",
            data={
                "csrf_token": form.csrf_token(),
                "name": name,
                "pin": pin,
                "pin_confirmation": pin if confirmation is None else confirmation,
            },
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
        shown = page(self.client.get("/cas/mobile/qrcode"))
        return shown.find(data_testid="qr-code-text").text

    def sign_in_waiting(self, email="marie.dupont@example.com", **params):
        """The password with the PIN method: the page waiting for the app."""
        waiting = self.sign_in(email, method="mobile-app-pin", **params)
        assert waiting.status_code == 200, waiting.get_data(as_text=True)[:2000]
        return waiting

    def go_on(self, waiting, **params):
        """What the waiting page's form sends once the app answered."""
        form = page(waiting)
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={"csrf_token": form.csrf_token(), "pending": form.value("pending")},
        )

    def sign_in_with_pin(self, phone, email="marie.dupont@example.com", pin=PIN, **params):
        """Password, the app confirms with ``pin``, the browser goes on: the answer unfollowed."""
        waiting = self.sign_in_waiting(email, **params)
        assert phone.approve(pin).status_code == 200
        return self.go_on(waiting, **params)

    def sign_in_qr_page(self, email="marie.dupont@example.com", **params):
        """The password with the QR method: the page with the QR code."""
        qr_page = self.sign_in(email, method="mobile-app-qr", **params)
        assert qr_page.status_code == 200, qr_page.get_data(as_text=True)[:2000]
        return qr_page

    def enter_code(self, qr_page, code, **params):
        """The one-time password, on the page with the sign-in's QR code."""
        form = page(qr_page)
        return self.client.post(
            "/cas/login",
            query_string=params,
            data={"csrf_token": form.csrf_token(), "pending": form.value("pending"), "code": code},
        )

    def sign_in_with_qr(self, key, email="marie.dupont@example.com", **params):
        """Password, then the one-time password of ``key`` for the portal's time (any
        authenticator holding the key makes it); the answer unfollowed."""
        return self.enter_code(self.sign_in_qr_page(email, **params), self.code(key), **params)

    def code(self, secret, later_seconds=0):
        """What the app shows now on the portal's clock (a phone set to the portal's time)."""
        with self.app.app_context():
            moment = clock.now() + timedelta(seconds=later_seconds)
        return pyotp.TOTP(secret).at(moment)

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
