"""CAS 3.0 points a shared server must get right: renew and gateway whatever their value,
nothing that carries a ticket cached, cookies that stay in their browser session and site."""

import pytest

from .conftest import PRODUCTION
from .html_page import page
from .support import cas_xml, failure_code, ticket_from

# What the database cannot change: the answers' caching headers and the cookies (tests/backends.py).
pytestmark = pytest.mark.any_database


@pytest.fixture
def uid(portal):
    return portal.create_account()


@pytest.mark.parametrize("value", ["true", "false", "0", ""])
def test_renew_counts_as_set_whatever_its_value(portal, uid, client, value):
    portal.sign_in(service=PRODUCTION)
    response = client.get("/cas/login", query_string={"service": PRODUCTION, "renew": value})
    assert response.status_code == 200
    assert page(response).find("input", name="email")


@pytest.mark.parametrize("value", ["true", "false", "0", ""])
def test_renew_on_validation_counts_as_set_whatever_its_value(portal, uid, client, value):
    portal.sign_in(service=PRODUCTION)
    sso_ticket = ticket_from(
        client.get("/cas/login", query_string={"service": PRODUCTION}).headers["Location"]
    )
    query = {"ticket": sso_ticket, "service": PRODUCTION, "renew": value}
    assert failure_code(cas_xml(client.get("/cas/serviceValidate", query_string=query))) == (
        "INVALID_TICKET"
    )


@pytest.mark.parametrize("value", ["true", "false", "0", ""])
def test_gateway_counts_as_set_whatever_its_value(client, value):
    response = client.get("/cas/login", query_string={"service": PRODUCTION, "gateway": value})
    assert response.status_code == 302
    assert response.headers["Location"] == PRODUCTION


def test_the_redirect_that_carries_a_ticket_is_not_cached(portal, uid):
    response = portal.sign_in(service=PRODUCTION)
    assert "ticket=ST-" in response.headers["Location"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "endpoint", ["/cas/validate", "/cas/serviceValidate", "/cas/p3/serviceValidate"]
)
def test_validation_answers_are_not_cached(portal, uid, client, endpoint):
    ticket = portal.ticket()
    response = client.get(endpoint, query_string={"ticket": ticket, "service": PRODUCTION})
    assert uid in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_traces_callback_with_its_ticket_is_not_cached(portal, uid, client):
    ticket = portal.ticket()
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_keep_tickets_out_of_the_referer_and_frames(client):
    headers = client.get("/cas/login").headers
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_ticket_granting_cookie_lasts_the_browser_session(portal, uid):
    response = portal.sign_in(service=PRODUCTION)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("CASTGC=")]
    attributes = {part.split("=")[0].strip().lower() for part in cookie.split(";")}
    assert {"httponly", "path"} <= attributes
    assert "samesite=lax" in cookie.lower()
    assert "expires" not in attributes and "max-age" not in attributes
    assert "Path=/cas" in cookie


def test_the_sso_session_still_ends_on_the_server_after_8_hours(portal, uid, client):
    portal.sign_in(service=PRODUCTION)
    portal.advance_clock(minutes=8 * 60 + 1)
    response = client.get("/cas/login", query_string={"service": PRODUCTION})
    assert response.status_code == 200


def test_the_traces_session_cookie_has_samesite(portal, uid, client):
    ticket = portal.ticket()
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
