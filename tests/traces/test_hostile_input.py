"""Ids and numbers out of range, oversized bodies and fields: a 4xx or a message at the field,
never a 500, and nothing oversized stored or echoed back."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from mock_portal.extensions import db
from mock_portal.traces.models import Operator, Role

from ..conftest import PortalActions
from ..html_page import Page

OUT_OF_RANGE = [
    "18446744073709551616",
    "9223372036854775808",
    "2147483648",
    "0",
    "-1",
    "abc",
    "1e3",
]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize(
    "path",
    [
        "/operators/{}",
        "/operators/{}/activities/new",
        "/roles/new/operator/{}/request",
        "/roles/new/authority/{}/request",
    ],
)
def test_an_id_out_of_range_in_an_address_is_not_found(marie, path, value):
    assert marie.get(path.format(value)).status_code == 404


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("path", ["/role-requests/{}/validate", "/activities/{}/validate"])
def test_a_decision_on_an_id_out_of_range_is_not_found(portal, path, value):
    authority = portal.authority("BE")
    assert authority.post(path.format(value)).status_code == 404


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_mail_id_out_of_range_is_not_found(portal, value):
    assert portal.app.test_client().get(f"/mailbox/{value}").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e3", "99999999999999999999", "1000001"])
def test_a_page_number_out_of_range_is_refused_with_a_reason(marie, page):
    response = marie.search(country="BE", page=page)
    assert response.status_code == 400
    assert Page(response).alerts() == [
        "Le numéro de page doit être un nombre entier de 1 à 100000."
    ]


def test_the_last_page_number_allowed_shows_the_last_page(marie):
    response = marie.search(country="BE", page="100000")
    assert response.status_code == 200
    page = Page(response)
    assert page.rows("operators")
    current = page.find("nav", class_="pager").find("span", aria_current="page").text
    last = current.rsplit(" ", 1)[-1]
    assert current == f"Page {last} sur {last}"


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_ticked_operator_out_of_range_is_no_operator(marie, portal, value):
    response = marie.post(
        "/roles/new/operator", {"operator": value}, query_string={"country": "BE", "q": "ABC"}
    )
    assert response.status_code == 400
    assert "Cochez d'abord la case de l'opérateur pour lequel vous travaillez." in (
        Page(response).alerts()
    )
    assert portal.count(Role, Role.status == "requested") == 0


def test_a_body_over_the_limit_is_refused_with_413(marie):
    response = marie.post("/operators/new", {"name": "x" * 300_000})
    assert response.status_code == 413
    assert Page(response).alerts() == [
        "Ce qui a été envoyé est bien trop volumineux pour ce formulaire."
    ]


def test_a_logout_request_over_its_limit_is_refused(portal):
    client = portal.app.test_client()
    response = client.post("/tracesnt/login", data={"logoutRequest": "<a>" + "x" * 20_000 + "</a>"})
    assert response.status_code == 413


def test_a_logout_request_with_entities_is_refused(portal):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<samlp:LogoutRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'>"
        "<samlp:SessionIndex>&lol2;</samlp:SessionIndex></samlp:LogoutRequest>"
    )
    client = portal.app.test_client()
    assert client.post("/tracesnt/login", data={"logoutRequest": bomb}).status_code == 400


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("name", 200),
        ("region", 100),
        ("city", 100),
        ("postal_code", 20),
        ("address", 200),
        ("phone", 40),
        ("fax", 40),
        ("email", 254),
        ("website", 200),
        ("eori", 30),
    ],
)
def test_an_oversized_field_is_refused_at_the_field_and_not_echoed(marie, portal, field, limit):
    oversized = "9" * (limit + 1)
    marie.search(country="BE")
    before = portal.count(Operator)
    response = marie.create_operator(**{field: oversized})
    assert response.status_code == 400
    answer = Page(response)
    assert answer.errors(field) == [f"Ce champ peut contenir au plus {limit} caractères."]
    assert oversized not in response.get_data(as_text=True)
    assert answer.find(id=field).attrs.get("maxlength") == str(limit)
    assert portal.count(Operator) == before


def test_a_field_at_its_limit_is_accepted(marie, portal):
    response = marie.create_operator(name="N" * 200)
    assert response.status_code == 302
    assert portal.count(Operator, Operator.name == "N" * 200) == 1


@pytest.mark.parametrize("text", ["Vergers\x00", "Vergers\x01", "Vergers\x1b[31m", "Vergers\u0085"])
def test_control_characters_in_a_field_are_refused(marie, portal, text):
    response = marie.create_operator(name=text)
    assert response.status_code == 400
    answer = Page(response)
    if "\x00" in text:  # no form can type U+0000: the whole request is refused
        assert answer.alerts() == ["La demande contient un caractère NUL."]
    else:
        assert answer.errors("name") == [
            "Ce champ contient des caractères qui ne peuvent pas être saisis."
        ]
        assert answer.value("name") == "Vergers[31m" if "\x1b" in text else "Vergers"


def test_a_message_keeps_its_line_breaks(marie, portal):
    response = marie.request_authorisation(
        "ABC test 2", "BE", message="Bonjour,\r\n\tje travaille pour ABC.\r\nMerci"
    )
    assert response.status_code == 302
    [(message,)] = portal.rows(select(Role.message).where(Role.message.is_not(None)))
    assert message == "Bonjour,\r\n\tje travaille pour ABC.\r\nMerci"


@pytest.mark.parametrize("coordinate", ["nan", "inf", "-inf", "1e400"])
def test_coordinates_must_be_finite_numbers(marie, coordinate):
    response = marie.create_operator(latitude=coordinate)
    assert response.status_code == 400
    assert Page(response).errors("latitude")


def test_an_oversized_search_is_refused_and_not_echoed(marie):
    response = marie.search(country="BE", q="A" * 201)
    assert response.status_code == 400
    answer = Page(response)
    assert answer.errors("q") == ["Ce champ peut contenir au plus 200 caractères."]
    assert answer.value("q") == ""
    assert not answer.find_all("table", class_="operators")


def _database_gone(app, database_backend, request):
    """Take the app's database away (its file becomes a folder, or its server drops it); what
    puts it back."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        db.engine.dispose()
    if database_backend != "sqlite":
        request.getfixturevalue("postgresql_server").drop(url.database)
        return lambda: None
    path = Path(url.database)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    path.mkdir()  # SQLite cannot open a folder
    return lambda: shutil.rmtree(path)


def test_a_form_without_its_token_while_the_database_is_gone_is_refused_not_a_500(
    make_app, database_backend, request
):
    """The error page's frame asks the database who is signed in: without it, the refusal
    still comes with its reason, on a page without the frame."""
    app = make_app()
    client = app.test_client()
    signing_in = PortalActions(app, client)
    signing_in.create_account()
    assert (
        client.get("/tracesnt/login", query_string={"ticket": signing_in.ticket()}).status_code
        == 302
    )
    put_back = _database_gone(app, database_backend, request)
    try:
        response = client.post(
            "/tracesnt/operators/new", data={"name": "ACME"}, headers={"Accept-Language": "fr"}
        )
        assert response.status_code == 400
        assert Page(response).alerts() == [
            "Le formulaire a expiré. Revenez en arrière, rechargez la page et réessayez."
        ]
    finally:
        put_back()
