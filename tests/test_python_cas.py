"""A real CAS client, python-cas, validates tickets issued by the running mock over HTTP."""

import pytest
import requests
from cas import CASClient

from mock_portal.testing import serve_portal

from .conftest import PASSWORD
from .support import TICKET, http_sign_in, ticket_from

EMAIL = "zoe.ardant@example.com"


@pytest.fixture
def live(tmp_path):
    with serve_portal(tmp_path) as portal:
        yield portal


@pytest.fixture
def uid(live):
    response = requests.post(
        live.url("/__admin/users"),
        json={
            "email": EMAIL,
            "first_name": "Zoé",
            "last_name": "Ardant",
            "password": PASSWORD,
            "mail_language": "fr",
        },
        timeout=10,
    )
    assert response.status_code == 201
    return response.json()["uid"]


@pytest.fixture
def service(live):
    return live.url("/tracesnt/login")


@pytest.fixture
def ticket(live, uid, service):
    response = http_sign_in(live.base_url, EMAIL, PASSWORD, service)
    assert response.status_code == 302
    return ticket_from(response.headers["Location"])


def _client(live, service, version=3):
    return CASClient(version=version, service_url=service, server_url=live.url("/cas/"))


def test_ticket_issued_over_http_is_a_service_ticket(ticket):
    assert TICKET.match(ticket)


def test_python_cas_3_validates_the_ticket_with_attributes(live, uid, service, ticket):
    user, attributes, pgtiou = _client(live, service).verify_ticket(ticket)
    assert user == uid
    assert pgtiou is None
    assert attributes.pop("authenticationDate").endswith("Z")
    assert attributes == {
        "email": EMAIL,
        "firstName": "Zoé",
        "lastName": "Ardant",
        "domain": "external",
        "locale": "fr",
        "longTermAuthenticationRequestTokenUsed": "false",
        "isFromNewLogin": "true",
        "authenticationMethod": "PASSWORD",
    }


def test_python_cas_refuses_a_reused_ticket(live, uid, service, ticket):
    cas_client = _client(live, service)
    assert cas_client.verify_ticket(ticket)[0] == uid
    assert cas_client.verify_ticket(ticket) == (None, {}, None)


def test_python_cas_refuses_a_ticket_for_another_service(live, uid, ticket):
    other = live.url("/training/tracesnt/login")
    assert _client(live, other).verify_ticket(ticket)[0] is None


@pytest.mark.parametrize("version", [1, 2])
def test_older_python_cas_clients_read_the_user(live, uid, service, ticket, version):
    assert _client(live, service, version).verify_ticket(ticket)[0] == uid


def test_python_cas_login_url_leads_to_the_mock_sign_in(live, service):
    login = _client(live, service).get_login_url()
    response = requests.get(login, timeout=10)
    assert response.status_code == 200
    assert "Sign in to continue" in response.text
