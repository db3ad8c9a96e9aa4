"""EU Login's forms and addresses under hostile input: control characters in a redirect target
get 400, oversized fields a message at the field, and nothing of it is stored or echoed."""

import pytest

from .conftest import PRODUCTION
from .html_page import page

EMAIL = "marie.dupont@example.com"


@pytest.mark.parametrize(
    "service",
    [
        PRODUCTION + "\r\nSet-Cookie: CASTGC=stolen",
        PRODUCTION + "\n",
        PRODUCTION + "\x07",
        PRODUCTION + "\x85",
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/cas/login",
        "/cas/logout",
        "/cas/eim/external/register.cgi",
        "/cas/init/passwordResetRequest.cgi",
    ],
)
def test_a_service_with_control_characters_gets_400(client, path, service):
    response = client.get(path, query_string={"service": service})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert page(response).alerts() == ["The address of the service contains control characters."]


def test_a_service_over_2000_characters_gets_400(client):
    response = client.get("/cas/login", query_string={"service": PRODUCTION + "?" + "a" * 2000})
    assert response.status_code == 400
    assert page(response).alerts() == ["The address of the service is too long."]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("first_name", 100), ("last_name", 100), ("email", 254), ("captcha", 20)],
)
def test_an_oversized_registration_field_is_refused_at_the_field(portal, field, limit):
    oversized = "a" * (limit + 1)
    fields = {field: oversized}
    if field == "email":
        fields["email_confirmation"] = oversized
    response = portal.register(**fields)
    assert response.status_code == 400
    answer = page(response)
    assert answer.errors(field) == [f"This field can hold at most {limit} characters."]
    assert oversized not in response.get_data(as_text=True)
    assert portal.account_count() == 6  # the seeded authorities only
    assert portal.mails() == []


def test_an_oversized_password_is_refused_and_not_hashed(portal):
    portal.register()
    link = portal.last_link(EMAIL)
    response = portal.set_password(link, password="Aa1!" * 60)
    assert response.status_code == 400
    assert page(response).errors("password") == ["This field can hold at most 200 characters."]
    assert page(portal.client.get(link)).heading == "New password"  # the link still works


def test_an_oversized_password_at_sign_in_is_refused(portal):
    portal.create_account()
    response = portal.sign_in(password="x" * 201, service=PRODUCTION)
    assert response.status_code == 400
    assert page(response).errors("password") == ["This field can hold at most 200 characters."]


@pytest.mark.parametrize("name", ["Marie\x01", "Ma\trie", "Marie\u009b"])
def test_control_characters_in_a_name_are_refused_at_the_field(portal, name):
    response = portal.register(first_name=name)
    assert response.status_code == 400
    assert page(response).errors("first_name") == [
        "This field contains characters that cannot be typed."
    ]
    assert portal.mails() == []


def test_a_nul_character_anywhere_is_refused(portal, client):
    response = client.get("/cas/login", query_string={"service": PRODUCTION + "\x00"})
    assert response.status_code == 400
    assert page(response).alerts() == ["The request contains a NUL character."]


def test_markup_in_a_name_is_shown_as_text(portal, client):
    response = portal.register(first_name="<script>alert(1)</script>")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_registration_text_is_stored_as_typed_when_valid(portal):
    response = portal.register(first_name="Zoë", last_name="O’Brien-Dubois")
    assert response.status_code == 200
    assert portal.account_count() == 7
