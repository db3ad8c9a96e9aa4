"""The host a request names is never trusted: links in mails, registered services and single
logout come from the public URL, and a request for another host gets 400."""

import pytest

from mock_portal.public_url import checked_public_url

from .conftest import PRODUCTION
from .html_page import page

# What the database cannot change: the addresses the portal writes behind a proxy (tests/backends.py).
pytestmark = pytest.mark.any_database

ALIAS = "portal.lan:5000"


@pytest.fixture
def aliased(make_app):
    """A portal served as http://localhost that also answers to a load balancer's name."""
    return make_app(ALLOWED_HOSTS=[ALIAS])


@pytest.mark.parametrize(
    "host",
    ["evil.example", "localhost.evil.example", "localhost:5000", "127.0.0.1", "LOCALHOST:80:1"],
)
def test_a_request_for_another_host_gets_400(client, host):
    response = client.get("/tracesnt/login", headers={"Host": host})
    assert response.status_code == 400
    assert "this portal is served as http://localhost" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/cas/login", "/mailbox/", "/__admin/", "/static/portal.css"])
def test_every_part_of_the_portal_checks_the_host(client, path):
    assert client.get(path, headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "localhost:80"])
def test_the_public_host_is_served_in_any_case_and_with_its_default_port(client, host):
    assert client.get("/tracesnt/login", headers={"Host": host}).status_code == 200


def test_an_allowed_host_is_served(aliased):
    response = aliased.test_client().get("/tracesnt/login", headers={"Host": ALIAS})
    assert response.status_code == 200


def test_the_mailed_link_uses_the_public_url_whatever_host_was_used(aliased):
    from .conftest import PortalActions

    client = aliased.test_client()
    actions = PortalActions(aliased, client)
    response = actions.register(headers={"Host": ALIAS})
    assert response.status_code == 200
    [link] = actions.mails("marie.dupont@example.com")[-1]["links"]
    assert link.startswith("http://localhost/cas/init/initialisePasswordLogin.cgi?token=")


def test_traces_sends_eu_login_its_public_address_as_service(aliased):
    response = aliased.test_client().get("/tracesnt/login", headers={"Host": ALIAS})
    sign_in = page(response).link("Sign in to TRACES")
    assert "service=http%3A%2F%2Flocalhost%2Ftracesnt%2Flogin" in sign_in


def test_services_at_another_host_are_not_registered(aliased):
    client = aliased.test_client()
    query = {"service": f"http://{ALIAS}/tracesnt/login"}
    response = client.get("/cas/login", query_string=query, headers={"Host": ALIAS})
    assert response.status_code == 403


def test_a_ticket_for_the_public_service_validates(portal, client):
    portal.create_account()
    ticket = portal.ticket(service=PRODUCTION)
    response = client.get(
        "/cas/serviceValidate", query_string={"ticket": ticket, "service": PRODUCTION}
    )
    assert b"authenticationSuccess" in response.data


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("https://Portal.Example/", "https://portal.example"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_a_public_url_is_an_origin(given, expected):
    assert checked_public_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "portal.example",
        "ftp://portal.example",
        "http://portal.example/sub/",
        "http://:80",
        "http://a:b",
    ],
)
def test_a_public_url_that_is_no_origin_is_refused(given):
    with pytest.raises(ValueError, match="public URL"):
        checked_public_url(given)


def test_an_https_public_url_marks_the_cookies_secure(make_app):
    app = make_app(PUBLIC_URL="https://portal.example")
    client = app.test_client()
    response = client.get("/language/fr", headers={"Host": "portal.example"})
    assert "Secure" in response.headers["Set-Cookie"]
