"""Simultaneous requests on a live portal: the database's constraints, not luck, decide.

Twenty browsers register one address at the same moment: one account, nineteen clear
messages. One person sends the same authorisation request twenty times at once: one
pending request. On SQLite and on PostgreSQL.
"""

import pytest
import requests
from sqlalchemy import func, select

from mock_portal.eulogin import forms
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db
from mock_portal.models import Mail
from mock_portal.testing import serve_portal
from mock_portal.traces import roles
from mock_portal.traces.models import Role

from .html_page import Page
from .support import at_once, everyone_past, http_sign_in

EMAIL = "marie.dupont@example.com"
PASSWORD = "Tr4ces-Mock!"
TIMES = 20


@pytest.fixture
def live(databases, tmp_path):
    with serve_portal(tmp_path, {"SQLALCHEMY_DATABASE_URI": databases.new()}) as portal:
        yield portal


def _count(live, statement) -> int:
    with live.app.app_context():
        return db.session.scalar(statement)


def test_twenty_simultaneous_registrations_of_one_address_give_one_account(live, monkeypatch):
    monkeypatch.setattr(forms, "find_account", everyone_past(forms.find_account, TIMES))
    register = live.url("/cas/eim/external/register.cgi")
    browsers = []
    for _ in range(TIMES):
        browser = requests.Session()
        browsers.append((browser, Page(browser.get(register, timeout=10).text).csrf_token()))

    def send(browser, token):
        return lambda: browser.post(
            register,
            data={
                "csrf_token": token,
                "first_name": "Marie",
                "last_name": "Dupont",
                "email": EMAIL,
                "email_confirmation": EMAIL,
                "mail_language": "fr",
                "captcha": live.app.config["TEST_CAPTCHA_CODE"],
                "privacy": "y",
                "action": "register",
            },
            timeout=60,
        )

    answers = at_once([send(*pair) for pair in browsers])
    registered = [a for a in answers if a.status_code == 200]
    refused = [a for a in answers if a.status_code == 400]
    assert len(registered) == 1 and len(refused) == TIMES - 1, [a.status_code for a in answers]
    for answer in refused:
        assert Page(answer.text).errors("email") == [
            "An account already exists for this e-mail address."
        ]
    assert _count(live, select(func.count()).where(Account.email == EMAIL)) == 1
    assert _count(live, select(func.count()).where(Mail.recipient == EMAIL)) == 1


def test_twenty_simultaneous_identical_requests_give_one_pending_request(live, monkeypatch):
    created = requests.post(
        live.url("/__admin/users"),
        json={"email": EMAIL, "first_name": "Marie", "last_name": "Dupont", "password": PASSWORD},
        timeout=10,
    )
    assert created.status_code == 201
    service = live.url("/tracesnt/login")
    browser = requests.Session()
    signed_in = http_sign_in(live.base_url, EMAIL, PASSWORD, service, session=browser)
    browser.get(signed_in.headers["Location"], timeout=10)
    search = {"country": "BE", "q": "ABC test 2"}
    results = Page(browser.get(live.url("/tracesnt/roles/new/operator"), params=search).text)
    [box] = results.find_all("input", type="checkbox", name="operator")
    dialog = live.url(f"/tracesnt/roles/new/operator/{box.attrs['value']}/request")
    token = Page(browser.get(dialog, params=search, timeout=10).text).csrf_token()
    cookies = browser.cookies.get_dict()
    monkeypatch.setattr(roles, "_open_role", everyone_past(roles._open_role, TIMES))

    def send():
        # One person's browser, the button pressed twenty times: the same cookies each time.
        return requests.post(
            dialog,
            params=search,
            data={"csrf_token": token, "action": "send"},
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        )

    answers = at_once([send] * TIMES)
    sent = [a for a in answers if a.status_code == 302]
    refused = [a for a in answers if a.status_code == 400]
    assert len(sent) == 1 and len(refused) == TIMES - 1, [a.status_code for a in answers]
    for answer in refused:
        assert "You already have a pending request for this organisation." in (
            Page(answer.text).alerts()
        )
    pending = select(func.count()).select_from(Role).where(Role.status == "requested")
    assert _count(live, pending) == 1
