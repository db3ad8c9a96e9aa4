"""TRACES NT, the CAS client: welcome page, EU Login round trip, environments, sign-out."""

from urllib.parse import parse_qs, urlsplit

import pytest

from .html_page import page

# What the database cannot change: TRACES NT's CAS client (tests/backends.py).
pytestmark = pytest.mark.any_database

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENVIRONMENTS = [
    ("/tracesnt", "Production", "Production"),
    ("/training/tracesnt", "Training", "Formation"),
    ("/acceptance/tracesnt", "Acceptance", "Acceptation"),
]
PREFIXES = [prefix for prefix, _english, _french in ENVIRONMENTS]


def service_of(prefix):
    return f"http://localhost{prefix}/login"


@pytest.fixture
def signed_in(portal, client):
    """Sign an account in to one TRACES NT environment through EU Login."""
    portal.create_account(first_name="Zoé", last_name="Ardant")

    def sign_in(prefix="/tracesnt"):
        service = service_of(prefix)
        response = client.get("/cas/login", query_string={"service": service})
        if response.status_code == 200:
            response = portal.sign_in(service=service)
        return client.get(response.headers["Location"])

    return sign_in


@pytest.mark.parametrize("prefix", PREFIXES)
def test_welcome_page_offers_registration_in_french(client, prefix):
    welcome = page(client.get(f"{prefix}/login", headers=FRENCH))
    target = urlsplit(welcome.link("S'inscrire au système TRACES"))
    assert target.path == "/cas/eim/external/register.cgi"
    assert parse_qs(target.query) == {"service": [service_of(prefix)]}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_welcome_page_button_signs_in_through_eu_login(client, prefix):
    welcome = page(client.get(f"{prefix}/login", headers=FRENCH))
    button = welcome.find_link("Se connecter à TRACES")
    assert "button" in button.attrs["class"].split()
    target = urlsplit(button.attrs["href"])
    assert target.path == "/cas/login"
    assert parse_qs(target.query) == {"service": [service_of(prefix)]}


@pytest.mark.parametrize(("prefix", "english", "french"), ENVIRONMENTS)
def test_environment_names_itself_at_the_top_right(client, prefix, english, french):
    label = page(client.get(f"{prefix}/login")).find(data_testid="environment").text
    label_fr = page(client.get(f"{prefix}/login", headers=FRENCH)).find(data_testid="environment")
    assert (label, label_fr.text) == (english, french)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_ticket_from_eu_login_opens_the_home_page_greeting_by_name(signed_in, client, prefix):
    response = signed_in(prefix)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{prefix}/"
    home = page(client.get(f"{prefix}/"))
    assert home.heading == "Welcome, Zoé Ardant"


def test_home_greets_by_name_in_french(signed_in, client):
    signed_in()
    assert page(client.get("/tracesnt/", headers=FRENCH)).heading == "Bienvenue, Zoé Ardant"


@pytest.mark.parametrize("ticket", ["ST-forged-mock", "garbage"])
def test_bad_ticket_shows_an_error_on_the_welcome_page_and_opens_no_session(client, ticket):
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 401
    welcome = page(response)
    assert welcome.heading == "Welcome to TRACES NT"
    assert len(welcome.alerts()) == 1
    assert welcome.alerts()[0].startswith("EU Login could not confirm your sign-in (INVALID_TICKET")
    assert client.get("/tracesnt/").status_code == 302


def test_ticket_for_another_environment_is_refused(portal, client):
    portal.create_account()
    ticket = portal.ticket(service=service_of("/training/tracesnt"))
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 401
    assert "(INVALID_SERVICE)" in page(response).alerts()[0]


def test_replayed_ticket_address_opens_no_session(portal, client):
    portal.create_account()
    ticket = portal.ticket(service=service_of("/tracesnt"))
    client.get("/tracesnt/login", query_string={"ticket": ticket})
    client.get("/tracesnt/logout")
    response = client.get("/tracesnt/login", query_string={"ticket": ticket})
    assert response.status_code == 401
    assert client.get("/tracesnt/").status_code == 302


def test_sessions_are_per_environment(signed_in, client):
    signed_in("/tracesnt")
    assert client.get("/tracesnt/").status_code == 200
    response = client.get("/training/tracesnt/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/training/tracesnt/login"


def test_second_environment_signs_in_through_cas_without_the_form(signed_in, client):
    signed_in("/tracesnt")
    response = client.get("/cas/login", query_string={"service": service_of("/training/tracesnt")})
    assert response.status_code == 302
    client.get(response.headers["Location"])
    assert page(client.get("/training/tracesnt/")).heading == "Welcome, Zoé Ardant"


def test_home_offers_deconnexion_in_french(signed_in, client):
    signed_in()
    home = page(client.get("/tracesnt/", headers=FRENCH))
    assert home.link("Déconnexion") == "/tracesnt/logout"


def test_deconnexion_ends_traces_and_eu_login_sessions(signed_in, client):
    signed_in()
    response = client.get("/tracesnt/logout", follow_redirects=True)
    assert response.request.path == "/tracesnt/login"
    assert page(response).heading == "Welcome to TRACES NT"
    assert "You have been signed out." in page(response).text
    assert client.get("/tracesnt/").status_code == 302
    relogin = client.get("/cas/login", query_string={"service": service_of("/tracesnt")})
    assert relogin.status_code == 200
    assert client.get_cookie("CASTGC", path="/cas") is None


def test_deconnexion_in_one_environment_ends_the_other_through_single_logout(signed_in, client):
    signed_in("/tracesnt")
    signed_in("/training/tracesnt")
    client.get("/tracesnt/logout", follow_redirects=True)
    assert client.get("/training/tracesnt/").status_code == 302


def test_leaving_traces_alone_keeps_the_other_environment_and_eu_login(signed_in, client):
    # Without the CAS logout, only this environment's session ends.
    signed_in("/tracesnt")
    signed_in("/training/tracesnt")
    client.get("/tracesnt/logout")
    assert client.get("/training/tracesnt/").status_code == 200


def test_logout_request_for_another_ticket_keeps_the_session(signed_in, client):
    signed_in()
    xml = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">'
        "<samlp:SessionIndex>ST-someone-else</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    assert client.post("/tracesnt/login", data={"logoutRequest": xml}).status_code == 204
    assert client.get("/tracesnt/").status_code == 200


@pytest.mark.parametrize("body", [{}, {"logoutRequest": "not xml"}, {"logoutRequest": "<a/>"}])
def test_malformed_logout_request_is_refused(client, body):
    assert client.post("/tracesnt/login", data=body).status_code == 400


def test_signed_in_visitor_of_the_welcome_page_goes_home(signed_in, client):
    signed_in()
    response = client.get("/tracesnt/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tracesnt/"


def test_names_are_refreshed_from_eu_login_at_each_sign_in(signed_in, client):
    signed_in()
    form = page(client.get("/cas/userdata/myAccount.cgi"))
    client.post(
        "/cas/userdata/myAccount.cgi",
        data={
            "csrf_token": form.csrf_token(),
            "first_name": "Zoëlle",
            "last_name": "Ardant",
            "mail_language": "fr",
        },
    )
    client.get("/tracesnt/logout")
    signed_in()
    assert page(client.get("/tracesnt/")).heading == "Welcome, Zoëlle Ardant"
