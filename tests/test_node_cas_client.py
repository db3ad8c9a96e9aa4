"""An independent CAS client, http-cas-client from the npm registry, against the live mock,
driven by a browser through the whole sign-in and single logout."""

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest
import requests
from playwright.sync_api import Page, expect

from mock_portal.postgres import free_port
from mock_portal.testing import serve_portal
from process_check import stop_group

CLIENT = Path(__file__).parent / "clients" / "node"
EMAIL = "zoe.ardant@example.com"
PASSWORD = "Tr4ces-Mock!"


@pytest.fixture
def browser_context_args():
    """A plain English browser: this test has no portal of the suite's to point it at."""
    return {"locale": "en-GB", "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def partner_port() -> int:
    return free_port()


@pytest.fixture
def mock(tmp_path, partner_port):
    """The mock, with the partner application registered as a CAS service."""
    partner = f"http://127.0.0.1:{partner_port}/"
    with serve_portal(tmp_path, {"CAS_SERVICES": [partner]}) as live:
        created = requests.post(
            live.url("/__admin/users"),
            json={"email": EMAIL, "first_name": "Zoé", "last_name": "Ardant", "password": PASSWORD},
            timeout=10,
        )
        assert created.status_code == 201
        yield live


@pytest.fixture
def partner(mock, partner_port, tmp_path):
    """The Node.js application protected by http-cas-client, pointed at the mock."""
    node = shutil.which("node")
    if node is None or not (CLIENT / "node_modules" / "http-cas-client").is_dir():
        raise pytest.UsageError(
            "The Node.js CAS client is not installed: run ./dev setup (it runs npm ci in "
            f"{CLIENT})."
        )
    log = (tmp_path / "partner.log").open("w")
    process = subprocess.Popen(
        [node, str(CLIENT / "app.js")],
        env=dict(os.environ, CAS_SERVER=mock.url("/cas"), PORT=str(partner_port)),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{partner_port}/"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)  # answers with a redirect to EU Login
                break
            except URLError as error:
                if not isinstance(getattr(error, "reason", None), ConnectionRefusedError):
                    break
            assert process.poll() is None, (tmp_path / "partner.log").read_text()
            assert time.monotonic() < deadline, "the partner application did not start"
            time.sleep(0.2)
        yield url
    finally:
        stop_group(process)
        log.close()


def _sign_in(page: Page, partner: str) -> None:
    page.goto(partner)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_partner_application_signs_in_through_the_mock(page: Page, mock, partner):
    _sign_in(page, partner)
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed in as " + _uid(mock))
    expect(page.locator("#email")).to_have_text(EMAIL)
    assert page.url.startswith(partner) and "ticket=" not in page.url


def test_signing_out_of_eu_login_signs_the_partner_application_out(page: Page, mock, partner):
    _sign_in(page, partner)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signed in as")
    page.goto(mock.url("/cas/logout"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have been signed out of EU Login"
    )
    # The application's own session ended too: back there, EU Login asks who you are.
    page.goto(partner)
    expect(page.get_by_label("E-mail address")).to_be_visible()
    assert page.url.startswith(mock.url("/cas/login"))


def _uid(mock) -> str:
    with mock.app.app_context():
        from mock_portal.eulogin.accounts import find_account

        return find_account(EMAIL).uid
