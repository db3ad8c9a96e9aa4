"""Every route of the portal answers, with the page it is meant to show."""

import pytest

from .html_page import page
from .support import cas_xml, failure_code

# What the database cannot change: the portal's addresses (tests/backends.py).
pytestmark = pytest.mark.any_database


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/cas/eim/external/register.cgi", 200, "Create an account"),
        ("/cas/init/initialisePasswordLogin.cgi", 404, "Link no longer valid"),
        ("/cas/init/passwordResetRequest.cgi", 200, "Lost your password?"),
        ("/cas/contact.html", 200, "Help"),
        ("/mobile-app/", 200, "Welcome to the EU Login Mobile App"),
        ("/mobile-app/initialise", 200, "Scan the QR code"),
        ("/cas/login", 200, "Sign in to continue"),
        ("/cas/logout", 200, "You have been signed out of EU Login"),
        ("/tracesnt/login", 200, "Welcome to TRACES NT"),
        ("/training/tracesnt/login", 200, "Welcome to TRACES NT"),
        ("/acceptance/tracesnt/login", 200, "Welcome to TRACES NT"),
        ("/mailbox/", 200, "Mailbox"),
        ("/mailbox/999999", 404, "Error 404"),
    ],
)
def test_page_answers_with_its_heading(client, path, status, heading):
    response = client.get(path)
    assert response.status_code == status
    assert page(response).heading == heading


def test_password_link_resend_answers_a_post(client):
    token = page(client.get("/cas/login")).csrf_token()
    response = client.post(
        "/cas/init/resendPasswordLink.cgi", data={"csrf_token": token, "token": "nope"}
    )
    assert response.status_code == 404
    assert page(response).alerts() == ["This link is not known to EU Login."]


def test_cas_1_validation_answers_in_plain_text(client):
    response = client.get("/cas/validate")
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "no\n"


@pytest.mark.parametrize("path", ["/cas/serviceValidate", "/cas/p3/serviceValidate"])
def test_xml_validation_answers_a_cas_service_response(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert failure_code(cas_xml(response)) == "INVALID_REQUEST"


def test_language_selector_redirects_back(client):
    response = client.get("/language/fr", query_string={"next": "/cas/contact.html"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/cas/contact.html"


@pytest.mark.parametrize("prefix", ["/tracesnt", "/training/tracesnt", "/acceptance/tracesnt"])
def test_traces_home_sends_visitors_to_the_welcome_page(client, prefix):
    response = client.get(f"{prefix}/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{prefix}/login"


@pytest.mark.parametrize("prefix", ["/tracesnt", "/training/tracesnt", "/acceptance/tracesnt"])
def test_traces_logout_goes_through_eu_login_logout(client, prefix):
    response = client.get(f"{prefix}/logout")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cas/logout?service=")


def test_control_api_index_lists_its_routes(client):
    response = client.get("/__admin/")
    assert response.status_code == 200
    assert set(response.json) >= {"reset", "clock", "mails", "users", "captcha_code"}


def test_unknown_page_is_an_error_page_that_says_so(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert page(response).alerts() == ["This page does not exist."]


def test_wrong_method_is_an_error_page_that_says_so(client):
    response = client.get("/cas/init/resendPasswordLink.cgi")
    assert response.status_code == 405
    assert page(response).alerts() == ["This action is not possible on this page."]
