"""A real CAS client, python-cas, validates tickets issued by the running mock over HTTP."""

import pytest
import requests
from cas import CASClient

from mock_portal.testing import serve_portal

from .conftest import PASSWORD
from .support import TICKET, ProxyCallback, http_sign_in, ticket_from

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


@pytest.fixture
def callback(live):
    """A proxy callback of the client's, registered as a service of the mock."""
    running = ProxyCallback()
    live.app.config["CAS_SERVICES"] = [running.base_url]
    yield running
    running.stop()


def test_python_cas_gets_a_pgt_and_proxies_to_another_service(live, uid, service, ticket, callback):
    client = CASClient(
        version=3, service_url=service, server_url=live.url("/cas/"), proxy_callback=callback.url
    )
    user, _attributes, pgtiou = client.verify_ticket(ticket)
    assert user == uid
    [delivered] = callback.received
    assert delivered["pgtIou"] == pgtiou
    target = live.url("/training/tracesnt/login")
    proxying = CASClient(version=3, service_url=target, server_url=live.url("/cas/"))
    proxy_ticket = proxying.get_proxy_ticket(delivered["pgtId"])
    assert proxy_ticket.startswith("PT-")
    # The proxied service validates the proxy ticket at proxyValidate.
    proxying.url_suffix = "p3/proxyValidate"
    user, attributes, _ = proxying.verify_ticket(proxy_ticket)
    assert user == uid and attributes["email"] == EMAIL


def test_python_cas_reads_the_single_logout_request(live, uid, service, ticket):
    from mock_portal.eulogin.single_logout import logout_request_xml

    with live.app.app_context():
        request = logout_request_xml(ticket)
    [index] = CASClient(version=3, service_url=service, server_url=live.url("/cas/")).get_saml_slos(
        request
    )
    assert index.text == ticket


def test_python_cas_logout_url_signs_out_of_the_mock(live, uid, service):
    browser = requests.Session()
    http_sign_in(live.base_url, EMAIL, PASSWORD, service, session=browser)
    logout = _client(live, service).get_logout_url(redirect_url=service)
    answer = browser.get(logout, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"] == service
    again = browser.get(live.url("/cas/login"), params={"service": service}, allow_redirects=False)
    assert again.status_code == 200  # no SSO session any more: the sign-in form
