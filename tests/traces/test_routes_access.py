"""Every TRACES NT route asks for a sign-in; signing out closes the session."""

import pytest

from mock_portal.traces.auth import end_session

from ..html_page import Page
from ..support import statements_sent

# What the database cannot change: who may open which page (tests/backends.py).
pytestmark = pytest.mark.any_database

GET_ROUTES = [
    "/",
    "/profile",
    "/roles/new",
    "/roles/new/operator",
    "/roles/new/operator/3/request",
    "/operators/new",
    "/roles/new/authority",
    "/roles/new/control-body/7/request",
    "/role-requests",
    "/operators/3",
    "/operators/3/activities/new",
    "/activities",
]
POST_ROUTES = [
    "/profile/preferences",
    "/roles/new/operator",
    "/roles/new/operator/3/request",
    "/operators/new",
    "/roles/new/authority",
    "/roles/new/authority/1/request",
    "/role-requests/1/validate",
    "/operators/3",
    "/operators/3/activities/new",
    "/activities/1/validate",
]


@pytest.mark.parametrize("prefix", ["/tracesnt", "/training/tracesnt"])
@pytest.mark.parametrize("path", GET_ROUTES)
def test_page_sends_a_visitor_without_session_to_the_welcome_page(app, prefix, path):
    response = app.test_client().get(prefix + path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{prefix}/login"


@pytest.mark.parametrize("path", POST_ROUTES)
def test_action_of_a_visitor_without_session_changes_nothing(portal, path):
    response = portal.app.test_client().post("/tracesnt" + path, data={"action": "send"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/tracesnt/login"
    assert portal.mails() == []


def test_welcome_page_offers_sign_in_and_registration(app):
    page = Page(app.test_client().get("/tracesnt/login", headers={"Accept-Language": "fr-FR"}))
    assert page.heading == "Bienvenue dans TRACES NT"
    assert page.link("Se connecter à TRACES").startswith("/cas/login?service=")
    assert page.link("S'inscrire au système TRACES").startswith("/cas/eim/external/register.cgi")


def test_signed_in_user_on_the_welcome_page_goes_home(marie):
    response = marie.get("/login")
    assert response.headers["Location"] == "/tracesnt/"


def test_sign_out_closes_the_session_and_the_eu_login_one(marie):
    response = marie.get("/logout")
    assert response.headers["Location"].startswith("/cas/logout?service=")
    assert marie.get("/profile").headers["Location"] == "/tracesnt/login"


def test_invalid_ticket_is_refused_on_the_welcome_page(app):
    response = app.test_client().get(
        "/tracesnt/login", query_string={"ticket": "ST-forged"}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 401
    assert Page(response).alerts() == [
        "EU Login n'a pas pu confirmer votre connexion (INVALID_TICKET). Veuillez vous reconnecter."
    ]


def test_a_page_looks_up_its_signed_in_user_once(portal, marie):
    # The guard, the view and the page's frame each ask who is signed in.
    sent = statements_sent(portal.app, lambda: marie.page("/roles/new/operator"))
    assert sum("FROM ENDED_SESSION" in s for s in sent) == 1, sent
    assert sum(s.startswith("SELECT TRACES_USER.") for s in sent) == 1, sent


def test_a_session_ended_meanwhile_is_seen_by_the_next_request_of_one_app_context(portal, marie):
    # A script or a test may hold one application context across requests: what a request
    # remembers of its user must not outlive it.
    with marie.client.session_transaction() as cookie:
        ticket = cookie["traces.production"]["ticket"]
    with portal.app.app_context():
        assert marie.get("/profile").status_code == 200
        end_session(ticket)
        assert marie.get("/profile").headers["Location"] == "/tracesnt/login"
