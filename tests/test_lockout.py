"""Repeated wrong passwords slow an EU Login account's sign-in, then lock it for a while; the
portal's clock decides, and the lock survives a restart."""

import pytest
import requests

from mock_portal import create_app
from mock_portal.eulogin import lockout
from mock_portal.testing import serve_portal

from .conftest import PASSWORD, PRODUCTION, PortalActions, portal_config
from .html_page import Page, page
from .support import at_once, everyone_past

EMAIL = "marie.dupont@example.com"
WRONG = "Wr0ng-Password!"
NOT_CORRECT = "The password is not correct."


@pytest.fixture
def account(portal):
    return portal.create_account(email=EMAIL)


def _try(portal, password=WRONG):
    response = portal.sign_in(EMAIL, password, service=PRODUCTION)
    return response, page(response).errors("password") if response.status_code != 302 else []


def test_two_wrong_passwords_only_say_so(portal, account):
    for _ in range(2):
        response, errors = _try(portal)
        assert response.status_code == 400
        assert errors == [NOT_CORRECT]
    assert _try(portal, PASSWORD)[0].status_code == 302


def test_the_third_wrong_password_asks_to_wait_30_seconds(portal, account):
    for _ in range(2):
        _try(portal)
    _response, errors = _try(portal)
    assert errors == [
        "The password is not correct. Wait 30 seconds before trying again: after 5 wrong "
        "passwords in a row the account is locked for a while."
    ]


def test_while_waiting_even_the_right_password_is_not_tried(portal, account):
    for _ in range(3):
        _try(portal)
    portal.advance_clock(seconds=10)
    response, errors = _try(portal, PASSWORD)
    assert response.status_code == 400
    assert errors == ["Too many wrong passwords: wait 20 seconds before trying again."]


def test_after_the_wait_the_right_password_signs_in_and_forgives(portal, account):
    for _ in range(3):
        _try(portal)
    portal.advance_clock(seconds=31)
    assert _try(portal, PASSWORD)[0].status_code == 302
    portal.client.get("/cas/logout")
    assert _try(portal)[1] == [NOT_CORRECT]  # the count started again


def test_each_further_wrong_password_doubles_the_wait(portal, account):
    for _ in range(3):
        _try(portal)
    portal.advance_clock(seconds=31)
    _response, errors = _try(portal)
    assert "Wait 60 seconds" in errors[0]


def _lock(portal):
    for wait in (0, 0, 0, 31, 61):
        portal.advance_clock(seconds=wait)
        last = _try(portal)
    return last


def test_the_fifth_wrong_password_locks_the_account_for_30_minutes(portal, account, client):
    portal.client.post("/__admin/clock", json={"now": "2026-03-02T10:00:00Z", "freeze": True})
    _response, errors = _lock(portal)
    locked = [
        "Too many wrong passwords: this account is locked until 10:31 (UTC). Try again then, "
        "or set a new password with «Lost your password?»."
    ]
    assert errors == locked
    portal.advance_clock(minutes=29)
    assert _try(portal, PASSWORD)[1] == locked


def test_a_locked_account_signs_in_again_after_the_lock(portal, account):
    _lock(portal)
    portal.advance_clock(minutes=31)
    assert _try(portal, PASSWORD)[0].status_code == 302


def test_the_lock_message_is_in_french_for_a_french_interface(portal, account, client):
    client.get("/language/fr")
    _response, errors = _lock(portal)
    assert errors[0].startswith("Trop de mots de passe erronés : ce compte est verrouillé")


def test_a_new_password_from_the_mailed_link_lifts_the_lock(portal, account, client):
    _lock(portal)
    lost = page(client.get("/cas/init/passwordResetRequest.cgi"))
    client.post(
        "/cas/init/passwordResetRequest.cgi",
        data={"csrf_token": lost.csrf_token(), "email": EMAIL},
    )
    portal.set_password(portal.last_link(EMAIL), password="N3w-Password!")
    response = portal.sign_in(EMAIL, "N3w-Password!", service=PRODUCTION)
    assert response.status_code == 302


def test_the_lock_survives_a_restart(databases, tmp_path):
    url = databases.new()
    first = create_app(portal_config(url, tmp_path))
    before = PortalActions(first, first.test_client())
    before.create_account(email=EMAIL)
    _lock(before)
    restarted = create_app(portal_config(url, tmp_path))
    actions = PortalActions(restarted, restarted.test_client())
    response = actions.sign_in(EMAIL, PASSWORD, service=PRODUCTION)
    assert response.status_code == 400
    assert "locked until" in page(response).errors("password")[0]


@pytest.fixture
def live(databases, tmp_path):
    with serve_portal(tmp_path, {"SQLALCHEMY_DATABASE_URI": databases.new()}) as portal:
        created = requests.post(
            portal.url("/__admin/users"),
            json={
                "email": EMAIL,
                "first_name": "Marie",
                "last_name": "Dupont",
                "password": PASSWORD,
            },
            timeout=10,
        )
        assert created.status_code == 201
        yield portal


def test_wrong_passwords_sent_at_once_check_no_more_than_the_rule_allows(live, monkeypatch):
    """Twenty browsers at the password step, all sending a wrong password at the same moment,
    every one of them past the wait check before any is counted."""
    service = {"service": f"{live.base_url}/tracesnt/login"}
    browsers = []
    for _ in range(20):
        browser = requests.Session()
        login = browser.get(live.url("/cas/login"), params=service, timeout=10)
        identified = browser.post(
            live.url("/cas/login"),
            params=service,
            data={"csrf_token": Page(login.text).csrf_token(), "email": EMAIL},
            timeout=10,
        )
        browsers.append((browser, Page(identified.text).csrf_token()))
    monkeypatch.setattr(lockout, "refusal", everyone_past(lockout.refusal, len(browsers)))

    def send(browser, token):
        return lambda: browser.post(
            live.url("/cas/login"),
            params=service,
            data={"csrf_token": token, "email": EMAIL, "password": WRONG},
            timeout=60,
        )

    answers = at_once([send(*pair) for pair in browsers])
    errors = [Page(answer.text).errors("password")[0] for answer in answers]
    checked = [error for error in errors if error.startswith("The password is not correct")]
    # One try per value of the counter: of tries sent together, one is checked, the others
    # are told another sign-in is under way.
    assert len(checked) == 1, errors
    assert errors.count("Another sign-in of this account is under way. Please try again.") == 19
