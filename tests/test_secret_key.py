"""No default session secret: each start signs with a random key, kept in the instance folder
so that the workers of one portal share it, and a cookie signed with a published key opens
nothing."""

import os
import subprocess
import sys

import pytest
from flask import Flask

from mock_portal.instance import SECRET_KEY_FILE, renew_secret_key, secret_key

from .conftest import portal_config

# Keys anyone could try: this project's own former default, and the usual examples.
PUBLISHED_KEYS = ["mock-portal-local-only", "dev", "secret", "changeme", "development key"]


def _signed_session(key: str, data: dict) -> str:
    """A Flask session cookie for ``data``, signed with ``key`` as Flask signs it."""
    forger = Flask("forger")
    forger.secret_key = key
    return forger.session_interface.get_signing_serializer(forger).dumps(data)


def _open_production_as_first_user(client, cookie: str):
    # The seeded authority users are the first TraceUsers; any unended ticket would do.
    client.set_cookie("session", cookie, domain="localhost")
    return client.get("/tracesnt/")


def test_the_default_configuration_has_no_secret_key():
    environment = {k: v for k, v in os.environ.items() if k != "MOCK_PORTAL_SECRET_KEY"}
    script = "from mock_portal.config import Config; print(repr(Config.SECRET_KEY))"
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip() == "None"


def test_without_a_key_the_portal_makes_one_in_its_instance_folder(make_app, tmp_path):
    app = make_app(SECRET_KEY=None)
    stored = (tmp_path / SECRET_KEY_FILE).read_text()
    assert app.secret_key == stored
    assert len(stored) >= 32 and stored not in PUBLISHED_KEYS
    assert (tmp_path / SECRET_KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_workers_of_one_portal_share_the_key(make_app):
    first, second = make_app(SECRET_KEY=None), make_app(SECRET_KEY=None)
    assert first.secret_key == second.secret_key


def test_each_start_makes_a_new_key(tmp_path):
    first = secret_key(tmp_path)
    renewed = renew_secret_key(tmp_path)
    assert renewed != first
    assert secret_key(tmp_path) == renewed


def test_a_broken_key_file_is_reported(tmp_path):
    (tmp_path / SECRET_KEY_FILE).write_text("short")
    with pytest.raises(RuntimeError, match="delete it"):
        secret_key(tmp_path)


def test_a_cookie_signed_with_the_portals_key_opens_the_session(make_app):
    app = make_app(SECRET_KEY=None)
    cookie = _signed_session(app.secret_key, {"traces.production": {"user": 1, "ticket": "ST-1"}})
    response = _open_production_as_first_user(app.test_client(), cookie)
    assert response.status_code == 200  # the forgery works with the real key: the test can fail


@pytest.mark.parametrize("published", PUBLISHED_KEYS)
def test_a_cookie_signed_with_a_published_key_opens_nothing(make_app, published):
    app = make_app(SECRET_KEY=None)
    cookie = _signed_session(published, {"traces.production": {"user": 1, "ticket": "ST-1"}})
    response = _open_production_as_first_user(app.test_client(), cookie)
    assert response.status_code == 302
    assert response.headers["Location"] == "/tracesnt/login"


def test_a_cookie_of_an_earlier_start_opens_nothing(databases, tmp_path):
    from mock_portal import create_app

    url = databases.new()
    earlier = create_app(portal_config(url, tmp_path, SECRET_KEY=None))
    cookie = _signed_session(earlier.secret_key, {"traces.production": {"user": 1, "ticket": "S"}})
    renew_secret_key(tmp_path)
    restarted = create_app(portal_config(url, tmp_path, SECRET_KEY=None))
    response = _open_production_as_first_user(restarted.test_client(), cookie)
    assert response.headers["Location"] == "/tracesnt/login"
