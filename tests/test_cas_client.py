"""TRACES NT's CAS client: it reads EU Login's XML, in process or from another server."""

import pytest
import requests
from sqlalchemy import func, select

from mock_portal.eulogin.models import ServiceTicket
from mock_portal.extensions import db
from mock_portal.testing import serve_portal
from mock_portal.traces.cas_client import CasError, Principal, parse_response

from .conftest import PASSWORD, PRODUCTION
from .html_page import page
from .support import http_sign_in, ticket_from

SUCCESS = """<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>n00abc123</cas:user>
    <cas:attributes>
      <cas:email>zoe@example.com</cas:email>
      <cas:firstName>Zoé</cas:firstName>
      <cas:lastName>O'Neil</cas:lastName>
      <cas:domain>external</cas:domain>
      <cas:locale>fr</cas:locale>
      <cas:authenticationDate>2024-06-01T10:00:00Z</cas:authenticationDate>
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>"""

FAILURE = """<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="INVALID_SERVICE">
    Ticket 'ST-1' does not match supplied service
  </cas:authenticationFailure>
</cas:serviceResponse>"""


def test_success_answer_gives_the_user_and_attributes():
    assert parse_response(SUCCESS) == Principal(
        user="n00abc123",
        email="zoe@example.com",
        first_name="Zoé",
        last_name="O'Neil",
        domain="external",
        locale="fr",
    )


def test_success_answer_without_attributes_gives_the_user_only():
    principal = parse_response(
        "<cas:serviceResponse xmlns:cas='http://www.yale.edu/tp/cas'><cas:authenticationSuccess>"
        "<cas:user>n00abc123</cas:user></cas:authenticationSuccess></cas:serviceResponse>"
    )
    assert (principal.user, principal.email, principal.first_name) == ("n00abc123", "", "")


def test_failure_answer_raises_its_code_and_message():
    with pytest.raises(CasError) as failure:
        parse_response(FAILURE)
    assert failure.value.code == "INVALID_SERVICE"
    assert failure.value.message == "Ticket 'ST-1' does not match supplied service"


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "<html><body>Service unavailable</body></html>",
        "<cas:serviceResponse xmlns:cas='http://www.yale.edu/tp/cas'>",
        "yes\nn00abc123\n",
        # The right element names in the wrong namespace are not a CAS answer.
        "<serviceResponse><authenticationSuccess><user>x</user></authenticationSuccess>"
        "</serviceResponse>",
    ],
)
def test_unreadable_answer_is_an_internal_error(answer):
    with pytest.raises(CasError) as failure:
        parse_response(answer)
    assert failure.value.code == "INTERNAL_ERROR"


def test_failure_without_a_code_is_an_internal_error():
    with pytest.raises(CasError) as failure:
        parse_response(
            "<cas:serviceResponse xmlns:cas='http://www.yale.edu/tp/cas'>"
            "<cas:authenticationFailure>no</cas:authenticationFailure></cas:serviceResponse>"
        )
    assert failure.value.code == "INTERNAL_ERROR"


@pytest.fixture
def eu_login(tmp_path):
    """A separate, live portal acting as EU Login for a TRACES NT served elsewhere."""
    with serve_portal(tmp_path, {"CAS_SERVICES": ["http://localhost/tracesnt/"]}) as live:
        created = requests.post(
            live.url("/__admin/users"),
            json={
                "email": "zoe@example.com",
                "first_name": "Zoé",
                "last_name": "Ardant",
                "password": PASSWORD,
            },
            timeout=10,
        )
        assert created.status_code == 201
        yield live


@pytest.fixture
def traces(make_app, eu_login):
    """A TRACES NT whose tickets are validated by the separate EU Login."""
    return make_app(CAS_SERVER_URL=eu_login.url("/cas"))


def _service_tickets(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ServiceTicket))


def test_traces_signs_in_with_a_ticket_from_a_separate_eu_login(eu_login, traces):
    signed_in = http_sign_in(eu_login.base_url, "zoe@example.com", PASSWORD, PRODUCTION)
    ticket = ticket_from(signed_in.headers["Location"])
    client = traces.test_client()
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 302
    assert page(client.get("/tracesnt/")).heading == "Welcome, Zoé Ardant"
    assert _service_tickets(traces) == 0


def test_separate_eu_login_refusal_is_shown_on_the_welcome_page(eu_login, traces):
    signed_in = http_sign_in(eu_login.base_url, "zoe@example.com", PASSWORD, PRODUCTION)
    ticket = ticket_from(signed_in.headers["Location"])
    requests.get(
        eu_login.url("/cas/p3/serviceValidate"),
        params={"ticket": ticket, "service": PRODUCTION},
        timeout=10,
    )
    response = traces.test_client().get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 401
    assert "(INVALID_TICKET)" in page(response).alerts()[0]
