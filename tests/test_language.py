"""Interface language: the browser's choice first, then the selector at the top right."""

from urllib.parse import urljoin, urlsplit

import pytest

from .html_page import page

# What the database cannot change: the pages' language (tests/backends.py).
pytestmark = pytest.mark.any_database

REGISTER = "/cas/eim/external/register.cgi"


@pytest.mark.parametrize(
    ("accept", "heading"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "Créer un compte"),
        ("fr-BE", "Créer un compte"),
        ("en-GB,en;q=0.9,fr;q=0.8", "Create an account"),
        ("de-DE,de;q=0.9", "Create an account"),
        (None, "Create an account"),
    ],
)
def test_default_language_follows_the_browser(client, accept, heading):
    headers = {"Accept-Language": accept} if accept else {}
    assert page(client.get(REGISTER, headers=headers)).heading == heading


@pytest.mark.parametrize(("accept", "lang"), [("fr", "fr"), ("en", "en")])
def test_page_declares_its_language(client, accept, lang):
    html = page(client.get(REGISTER, headers={"Accept-Language": accept}))
    assert html.find("html").attrs["lang"] == lang


def test_chosen_language_sticks_for_the_session(client):
    client.get("/language/fr")
    english_browser = {"Accept-Language": "en"}
    assert page(client.get(REGISTER, headers=english_browser)).heading == "Créer un compte"
    assert page(client.get("/tracesnt/login", headers=english_browser)).heading == (
        "Bienvenue dans TRACES NT"
    )


def test_language_can_be_chosen_again(client):
    client.get("/language/fr")
    client.get("/language/en")
    assert page(client.get(REGISTER, headers={"Accept-Language": "fr"})).heading == (
        "Create an account"
    )


@pytest.mark.parametrize("code", ["de", "xx", "FR", "fr-FR"])
def test_unknown_language_code_is_ignored(client, code):
    client.get("/language/fr")
    response = client.get(f"/language/{code}")
    assert response.status_code == 302
    assert page(client.get(REGISTER)).heading == "Créer un compte"


def test_unknown_language_code_does_not_choose_anything(client):
    client.get("/language/xx")
    assert page(client.get(REGISTER, headers={"Accept-Language": "fr"})).heading == (
        "Créer un compte"
    )


def test_selector_links_lead_back_to_the_current_page(client):
    selector = page(client.get("/cas/contact.html"))
    response = client.get(selector.link("Français (fr)"))
    assert urlsplit(response.headers["Location"]).path == "/cas/contact.html"


def test_selector_keeps_the_query_of_the_current_page(client):
    client.get("/language/fr", query_string={"next": "/cas/login?service=x"})
    response = client.get("/language/fr", query_string={"next": "/cas/login?service=x"})
    assert response.headers["Location"] == "/cas/login?service=x"


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/tracesnt/\r\nSet-Cookie: x=1"])
def test_next_address_with_control_characters_is_refused(client, target):
    response = client.get("/language/fr", query_string={"next": target})
    assert response.status_code == 400
    assert "Location" not in response.headers
    # The language was chosen before the address was read: the refusal is in French.
    assert page(response).alerts() == ["L'adresse de retour contient des caractères de contrôle."]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example/tracesnt/login",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_next_address_on_another_host_is_not_followed(client, target):
    response = client.get("/language/fr", query_string={"next": target})
    assert response.status_code == 302
    # Resolved as a browser does, which reads a backslash as a slash.
    location = urljoin(
        "http://localhost/cas/login", response.headers["Location"].replace("\\", "/")
    )
    assert urlsplit(location).netloc == "localhost"
