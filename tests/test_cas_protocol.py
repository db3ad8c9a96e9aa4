"""EU Login as a CAS server, checked against the Apereo CAS 3.0 specification."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import PRODUCTION, TRAINING
from .html_page import page
from .support import CAS_NS, TICKET, cas_xml, failure_code, ticket_from

# What the database cannot change: CAS 1.0, 2.0 and 3.0's answers (tests/backends.py).
pytestmark = pytest.mark.any_database

EMAIL = "marie.dupont@example.com"
XML_ENDPOINTS = ["/cas/serviceValidate", "/cas/p3/serviceValidate"]


@pytest.fixture
def uid(portal):
    """An activated account, French for its mails."""
    return portal.create_account(mail_language="fr")


def _validate(client, ticket, service=PRODUCTION, endpoint="/cas/p3/serviceValidate", **params):
    query = {"ticket": ticket, "service": service} | params
    return cas_xml(client.get(endpoint, query_string=query))


# Sign-in and service tickets


def test_sign_in_for_a_service_redirects_to_it_with_a_service_ticket(portal, uid):
    response = portal.sign_in(service=PRODUCTION)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location._replace(query="").geturl() == PRODUCTION
    assert list(parse_qs(location.query)) == ["ticket"]


def test_service_ticket_is_made_of_the_allowed_characters(portal, uid):
    assert TICKET.match(portal.ticket())


def test_every_sign_in_gets_a_different_ticket(portal, uid, client):
    first = portal.ticket()
    client.get("/cas/logout")
    assert portal.ticket() != first


def test_ticket_is_added_to_the_service_query_string(portal, uid):
    response = portal.sign_in(service=PRODUCTION + "?lang=fr")
    assert response.headers["Location"].startswith(PRODUCTION + "?lang=fr&ticket=ST-")


def test_ticket_goes_before_the_service_fragment(portal, uid):
    response = portal.sign_in(service=PRODUCTION + "#roles")
    location = urlsplit(response.headers["Location"])
    assert location.fragment == "roles"
    assert TICKET.match(ticket_from(response.headers["Location"]))


# CAS 1.0: /validate


def test_cas_1_validation_answers_yes_and_the_user(portal, uid, client):
    response = client.get(
        "/cas/validate", query_string={"ticket": portal.ticket(), "service": PRODUCTION}
    )
    assert response.get_data(as_text=True) == f"yes\n{uid}\n"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"ticket": "ST-unknown", "service": PRODUCTION},
        {"ticket": "TGT-1", "service": PRODUCTION},
    ],
)
def test_cas_1_validation_answers_no(client, query):
    assert client.get("/cas/validate", query_string=query).get_data(as_text=True) == "no\n"


def test_cas_1_validation_spends_the_ticket(portal, uid, client):
    query = {"ticket": portal.ticket(), "service": PRODUCTION}
    client.get("/cas/validate", query_string=query)
    assert client.get("/cas/validate", query_string=query).get_data(as_text=True) == "no\n"


# CAS 2.0 and 3.0: XML answers


def test_service_validate_answers_the_user_without_attributes(portal, uid, client):
    root = _validate(client, portal.ticket(), endpoint="/cas/serviceValidate")
    success = root.find("cas:authenticationSuccess", CAS_NS)
    assert success.findtext("cas:user", namespaces=CAS_NS) == uid
    assert success.find("cas:attributes", CAS_NS) is None


def test_p3_service_validate_answers_the_user_and_attributes(portal, uid, client):
    root = _validate(client, portal.ticket())
    success = root.find("cas:authenticationSuccess", CAS_NS)
    assert success.findtext("cas:user", namespaces=CAS_NS) == uid
    attributes = {
        element.tag.removeprefix("{http://www.yale.edu/tp/cas}"): element.text
        for element in success.find("cas:attributes", CAS_NS)
    }
    names = [
        element.tag.removeprefix("{http://www.yale.edu/tp/cas}")
        for element in success.find("cas:attributes", CAS_NS)
    ]
    # Appendix A's attributes first, in the order of the specification's schema (which
    # cas_xml checks too).
    assert names[:3] == [
        "authenticationDate",
        "longTermAuthenticationRequestTokenUsed",
        "isFromNewLogin",
    ]
    assert attributes.pop("authenticationDate").endswith("Z")
    assert attributes == {
        "email": EMAIL,
        "firstName": "Marie",
        "lastName": "Dupont",
        "domain": "external",
        "locale": "fr",
        # Appendix A of CAS 3.0, and how the user signed in.
        "longTermAuthenticationRequestTokenUsed": "false",
        "isFromNewLogin": "true",
        "authenticationMethod": "PASSWORD",
    }


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
@pytest.mark.parametrize(
    "query", [{}, {"service": PRODUCTION}, {"ticket": "ST-1-mock"}, {"ticket": "", "service": ""}]
)
def test_missing_parameter_is_an_invalid_request(client, endpoint, query):
    root = cas_xml(client.get(endpoint, query_string=query))
    assert failure_code(root) == "INVALID_REQUEST"


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
@pytest.mark.parametrize("ticket", ["TGT-1-mock", "PT-1-mock", "st-1-mock", "1234"])
def test_ticket_that_is_no_service_ticket_is_an_invalid_ticket_spec(client, endpoint, ticket):
    assert failure_code(_validate(client, ticket, endpoint=endpoint)) == "INVALID_TICKET_SPEC"


def test_sso_session_id_is_not_accepted_as_a_service_ticket(portal, uid, client):
    portal.sign_in()
    sso = client.get_cookie("CASTGC", path="/cas").value
    assert failure_code(_validate(client, sso)) == "INVALID_TICKET_SPEC"


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
def test_unknown_ticket_is_an_invalid_ticket(client, endpoint):
    root = _validate(client, "ST-unknown-mock", endpoint=endpoint)
    assert failure_code(root) == "INVALID_TICKET"
    assert "ST-unknown-mock" in root.findtext("cas:authenticationFailure", namespaces=CAS_NS)


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
def test_ticket_is_valid_once_after_a_success(portal, uid, client, endpoint):
    ticket = portal.ticket()
    _validate(client, ticket, endpoint=endpoint)
    assert failure_code(_validate(client, ticket, endpoint=endpoint)) == "INVALID_TICKET"


def test_ticket_is_spent_by_a_failed_validation_too(portal, uid, client):
    ticket = portal.ticket()
    assert failure_code(_validate(client, ticket, service=TRAINING)) == "INVALID_SERVICE"
    assert failure_code(_validate(client, ticket)) == "INVALID_TICKET"


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
def test_ticket_bound_to_another_service_is_an_invalid_service(portal, uid, client, endpoint):
    ticket = portal.ticket(service=PRODUCTION)
    root = _validate(client, ticket, service=TRAINING, endpoint=endpoint)
    assert failure_code(root) == "INVALID_SERVICE"


def test_ticket_expires_after_5_minutes(portal, uid, client):
    ticket = portal.ticket()
    portal.advance_clock(minutes=5, seconds=1)
    assert failure_code(_validate(client, ticket)) == "INVALID_TICKET"


def test_ticket_is_still_valid_after_4_minutes(portal, uid, client):
    ticket = portal.ticket()
    portal.advance_clock(minutes=4)
    root = _validate(client, ticket)
    assert root.find("cas:authenticationSuccess", CAS_NS) is not None


def test_failure_answer_is_escaped_xml(client):
    root = _validate(client, "ST-<&>")
    # Characters the specification does not allow in a ticket: not a valid ticket at all.
    assert failure_code(root) == "INVALID_TICKET_SPEC"
    assert "ST-<&>" in root.findtext("cas:authenticationFailure", namespaces=CAS_NS)


# renew and gateway


def test_renew_shows_the_form_despite_an_sso_session(portal, uid, client):
    portal.sign_in()
    response = client.get("/cas/login", query_string={"service": PRODUCTION, "renew": "true"})
    assert response.status_code == 200
    assert page(response).find("input", name="email")


def test_renew_validation_refuses_a_ticket_issued_from_sso(portal, uid, client):
    portal.sign_in()
    response = client.get("/cas/login", query_string={"service": PRODUCTION})
    ticket = ticket_from(response.headers["Location"])
    assert failure_code(_validate(client, ticket, renew="true")) == "INVALID_TICKET"


def test_renew_validation_accepts_a_ticket_from_a_typed_password(portal, uid, client):
    root = _validate(client, portal.ticket(), renew="true")
    assert root.find("cas:authenticationSuccess", CAS_NS) is not None


def test_cas_1_renew_validation_refuses_a_ticket_issued_from_sso(portal, uid, client):
    portal.sign_in()
    ticket = ticket_from(client.get("/cas/login", query_string={"service": PRODUCTION}).location)
    query = {"ticket": ticket, "service": PRODUCTION, "renew": "true"}
    assert client.get("/cas/validate", query_string=query).get_data(as_text=True) == "no\n"


def test_gateway_without_sso_goes_back_to_the_service_without_ticket(client):
    response = client.get("/cas/login", query_string={"service": PRODUCTION, "gateway": "true"})
    assert response.status_code == 302
    assert response.headers["Location"] == PRODUCTION


@pytest.mark.parametrize("with_sso", [False, True])
def test_renew_takes_precedence_over_gateway(portal, uid, client, with_sso):
    if with_sso:
        portal.sign_in()
    query = {"service": PRODUCTION, "gateway": "true", "renew": "true"}
    response = client.get("/cas/login", query_string=query)
    assert response.status_code == 200
    assert page(response).find("input", name="email")


def test_gateway_with_sso_goes_back_with_a_ticket(portal, uid, client):
    portal.sign_in()
    response = client.get("/cas/login", query_string={"service": PRODUCTION, "gateway": "true"})
    ticket = ticket_from(response.headers["Location"])
    assert _validate(client, ticket).find("cas:authenticationSuccess", CAS_NS) is not None


# Registered services only


UNREGISTERED = [
    "http://evil.example/tracesnt/login",
    "http://localhost/other/login",
    "http://localhost/tracesnt",
    "https://localhost/tracesnt/login",
    "http://localhost@evil.example/tracesnt/login",
    "http://localhost.evil.example/tracesnt/login",
    "javascript:alert(document.cookie)//http://localhost/tracesnt/login",
    "/tracesnt/login",
    "//evil.example/tracesnt/login",
]


@pytest.mark.parametrize("service", UNREGISTERED)
@pytest.mark.parametrize("extra", [{}, {"gateway": "true"}, {"renew": "true"}])
def test_unregistered_service_gets_an_error_page_and_no_redirect(client, service, extra):
    response = client.get("/cas/login", query_string={"service": service} | extra)
    assert response.status_code == 403
    assert "Location" not in response.headers
    assert page(response).heading == "Application not authorised"


@pytest.mark.parametrize("service", UNREGISTERED[:3])
def test_unregistered_service_gets_no_ticket_even_with_sso(portal, uid, client, service):
    portal.sign_in()
    response = client.get("/cas/login", query_string={"service": service})
    assert response.status_code == 403
    assert "Location" not in response.headers


def test_unregistered_service_is_refused_when_the_password_is_posted(portal, uid, client):
    token = page(client.get("/cas/login")).csrf_token()
    response = client.post(
        "/cas/login",
        query_string={"service": "http://evil.example/"},
        data={"csrf_token": token, "email": EMAIL, "password": "Tr4ces-Mock!"},
    )
    assert response.status_code == 403
    assert "Location" not in response.headers
    assert client.get_cookie("CASTGC", path="/cas") is None


@pytest.mark.parametrize("service", [PRODUCTION, TRAINING, "http://localhost/acceptance/tracesnt/"])
def test_each_traces_environment_is_a_registered_service(portal, uid, service):
    assert TICKET.match(portal.ticket(service=service))


def test_configured_services_are_registered_beside_traces(portal, uid, app):
    app.config["CAS_SERVICES"] = ["https://partner.example/app/"]
    assert TICKET.match(portal.ticket(service="https://partner.example/app/callback"))
    response = portal.client.get("/cas/login", query_string={"service": PRODUCTION})
    assert response.status_code == 302
    response = portal.client.get("/cas/login", query_string={"service": "https://partner.example/"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "service",
    [
        "http://partner.example:8080@evil.example/",
        "http://partner.example:80801/",
        "http://partner.example:8080.evil.example/",
    ],
)
def test_configured_origin_without_final_slash_matches_only_that_origin(client, app, service):
    app.config["CAS_SERVICES"] = ["http://partner.example:8080"]
    response = client.get("/cas/login", query_string={"service": service})
    assert response.status_code == 403
    assert "Location" not in response.headers


def test_configured_origin_without_final_slash_accepts_its_paths(client, app):
    app.config["CAS_SERVICES"] = ["http://partner.example:8080"]
    query = {"service": "http://partner.example:8080/app", "gateway": "true"}
    assert client.get("/cas/login", query_string=query).location == query["service"]


# Single sign-on and sign-out


def test_sso_gives_a_second_service_a_ticket_without_the_form(portal, uid, client):
    portal.sign_in(service=PRODUCTION)
    response = client.get("/cas/login", query_string={"service": TRAINING})
    assert response.status_code == 302
    ticket = ticket_from(response.headers["Location"])
    root = _validate(client, ticket, service=TRAINING)
    assert root.findtext("cas:authenticationSuccess/cas:user", namespaces=CAS_NS) == uid


def test_sso_session_ends_after_8_hours(portal, uid, client):
    portal.sign_in()
    portal.advance_clock(minutes=8 * 60 + 1)
    response = client.get("/cas/login", query_string={"service": PRODUCTION})
    assert response.status_code == 200
    assert page(response).heading == "Sign in to continue"


def test_logout_ends_sso(portal, uid, client):
    portal.sign_in()
    client.get("/cas/logout")
    response = client.get("/cas/login", query_string={"service": PRODUCTION})
    assert response.status_code == 200
    assert page(response).find("input", name="email")


def test_logout_clears_the_sso_cookie(portal, uid, client):
    portal.sign_in()
    response = client.get("/cas/logout")
    assert response.headers["Set-Cookie"].startswith("CASTGC=;")
    assert "Path=/cas" in response.headers["Set-Cookie"]
    assert client.get_cookie("CASTGC", path="/cas") is None


def test_logout_ends_the_session_on_the_server_too(portal, uid, client):
    portal.sign_in()
    stolen = client.get_cookie("CASTGC", path="/cas").value
    client.get("/cas/logout")
    client.set_cookie("CASTGC", stolen, path="/cas")
    response = client.get("/cas/login", query_string={"service": PRODUCTION})
    assert response.status_code == 200


def test_logout_goes_back_to_a_registered_service(client):
    response = client.get("/cas/logout", query_string={"service": TRAINING})
    assert response.status_code == 302
    assert response.headers["Location"] == TRAINING


@pytest.mark.parametrize("service", UNREGISTERED)
def test_logout_never_redirects_to_an_unregistered_service(client, service):
    response = client.get("/cas/logout", query_string={"service": service})
    assert response.status_code == 200
    assert "Location" not in response.headers
    assert page(response).heading == "You have been signed out of EU Login"


@pytest.mark.parametrize("endpoint", XML_ENDPOINTS)
@pytest.mark.parametrize("ticket", ["ST-\x01", "ST-\x00-mock", "ST-\x1b[31m"])
def test_failure_answer_stays_well_formed_for_a_ticket_with_control_characters(
    client, endpoint, ticket
):
    assert failure_code(_validate(client, ticket, endpoint=endpoint)) == "INVALID_TICKET_SPEC"


# A new sign-in with credentials retires the browser's ticket-granting ticket


def test_a_new_sign_in_under_renew_retires_the_previous_ticket_granting_ticket(
    portal, uid, client, app
):
    assert portal.sign_in(service=PRODUCTION).status_code == 302
    first = client.get_cookie("CASTGC", path="/cas").value
    assert portal.sign_in(service=TRAINING, renew="true").status_code == 302
    second = client.get_cookie("CASTGC", path="/cas").value
    assert second != first
    copied = app.test_client()
    copied.set_cookie("CASTGC", first, path="/cas")
    answer = copied.get("/cas/login", query_string={"service": PRODUCTION})
    assert answer.status_code == 200 and page(answer).heading == "Sign in to continue"
    assert client.get("/cas/login", query_string={"service": PRODUCTION}).status_code == 302


def test_the_services_of_the_retired_session_are_still_signed_out_at_logout(
    portal, uid, client, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "mock_portal.eulogin.signin.send_logout_requests",
        lambda tickets: sent.extend(ticket.service for ticket in tickets),
    )
    portal.sign_in(service=PRODUCTION)
    portal.sign_in(service=TRAINING, renew="true")
    client.get("/cas/logout")
    assert sent == [PRODUCTION, TRAINING]
