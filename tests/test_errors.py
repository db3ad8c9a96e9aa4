"""Refusals are pages that say why: CSRF failures above all, never a server error."""

import pytest
from sqlalchemy import delete

from mock_portal import admin
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db

from .html_page import page

# What the database cannot change: the error pages and CSRF refusals (tests/backends.py).
pytestmark = pytest.mark.any_database

FORMS = [
    "/cas/eim/external/register.cgi",
    "/cas/login",
    "/cas/login?service=http://localhost/tracesnt/login",
    "/cas/init/passwordResetRequest.cgi",
    "/cas/init/initialisePasswordLogin.cgi?token=x",
    "/cas/init/resendPasswordLink.cgi",
    "/cas/userdata/myAccount.cgi",
    "/cas/mobile",
    "/mobile-app/initialise",
    "/mobile-app/initialise/pin",
]


@pytest.mark.parametrize("path", FORMS)
def test_post_without_csrf_token_is_a_400_page_that_says_why(client, path):
    response = client.post(path, data={"email": "marie.dupont@example.com"})
    assert response.status_code == 400
    assert page(response).alerts() == [
        "The form has expired. Please go back, reload the page and try again."
    ]


def test_post_with_a_forged_csrf_token_is_refused(portal, client):
    portal.create_account()
    response = client.post(
        "/cas/login",
        data={"csrf_token": "forged", "email": "marie.dupont@example.com", "password": "x"},
    )
    assert response.status_code == 400
    assert client.get_cookie("CASTGC", path="/cas") is None


def test_csrf_token_of_another_session_is_refused(app, portal):
    token = page(app.test_client().get("/cas/login")).csrf_token()
    response = portal.client.post(
        "/cas/login", data={"csrf_token": token, "email": "marie.dupont@example.com"}
    )
    assert response.status_code == 400


def test_csrf_message_is_in_french_for_a_french_browser(client):
    response = client.post("/cas/login", headers={"Accept-Language": "fr"})
    assert page(response).alerts() == [
        "Le formulaire a expiré. Revenez en arrière, rechargez la page et réessayez."
    ]


def test_csrf_refusal_creates_no_account(portal, client):
    accounts = portal.account_count()
    client.post(
        "/cas/eim/external/register.cgi",
        data={
            "first_name": "Marie",
            "last_name": "Dupont",
            "email": "marie.dupont@example.com",
            "email_confirmation": "marie.dupont@example.com",
            "captcha": "TRACES",
            "privacy": "y",
        },
    )
    assert portal.account_count() == accounts
    assert portal.mails() == []


def test_control_api_errors_are_json(client):
    response = client.get("/__admin/nothing-here")
    assert response.status_code == 404
    assert response.json["error"] == "Not Found"


def test_a_record_gone_while_the_request_used_it_is_a_409_not_a_500(app, client, monkeypatch):
    # A reset from another process between the account's commit and its reading back.
    create = admin.create_activated_account

    def created_then_reset(**fields):
        account = create(**fields)
        with db.engine.begin() as elsewhere:
            elsewhere.execute(delete(Account).where(Account.email == fields["email"]))
        return account

    monkeypatch.setattr(admin, "create_activated_account", created_then_reset)
    body = {"email": "zoe@example.com", "password": "Tr4ces-Mock!"}
    answer = client.post("/__admin/users", json=body | {"first_name": "Zoé", "last_name": "A"})
    assert answer.status_code == 409
    assert "same moment" in answer.json["reason"]
