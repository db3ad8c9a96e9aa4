"""The mailed link that sets the password: once, within 90 minutes, under EU Login's rule."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, text
from werkzeug.security import check_password_hash

from .conftest import PASSWORD, PRODUCTION
from .html_page import page

EMAIL = "marie.dupont@example.com"


@pytest.fixture
def link(portal):
    """The password link of a just-registered account."""
    portal.register()
    return portal.last_link(EMAIL)


def test_registration_mail_comes_from_automated_notifications(portal):
    portal.register()
    [mail] = portal.mails(EMAIL)
    assert mail["from"] == "automated-notifications@nomail.ec.europa.eu"
    assert mail["to"] == EMAIL
    assert mail["subject"] == "EU Login: set your password"
    assert "You have a maximum of 90 minutes" in mail["body"]


@pytest.mark.parametrize(
    ("mail_language", "interface", "subject"),
    [
        ("fr", "en", "EU Login : définissez votre mot de passe"),
        ("en", "fr-FR", "EU Login: set your password"),
    ],
)
def test_mail_is_written_in_the_mail_language_not_the_interface_one(
    portal, mail_language, interface, subject
):
    portal.register(mail_language=mail_language, headers={"Accept-Language": interface})
    assert portal.mails(EMAIL)[0]["subject"] == subject


def test_link_opens_the_password_form(client, link):
    response = client.get(link)
    assert response.status_code == 200
    assert page(response).heading == "New password"
    assert f"Set the password of {EMAIL}." in page(response).text


def test_link_sets_the_password_and_the_account_can_sign_in(portal, link):
    response = portal.set_password(link)
    assert response.status_code == 200
    assert page(response).heading == "Password set"
    assert portal.sign_in(EMAIL).status_code == 200


def test_link_registered_for_a_service_continues_to_it(portal):
    portal.register(service=PRODUCTION)
    response = portal.set_password(portal.last_link(EMAIL))
    target = urlsplit(page(response).link("Continue"))
    assert target.path == "/cas/login"
    assert parse_qs(target.query) == {"service": [PRODUCTION]}


def test_link_registered_for_an_unknown_service_does_not_continue_to_it(portal):
    portal.register(service="http://evil.example/")
    response = portal.set_password(portal.last_link(EMAIL))
    assert page(response).link("Continue") == "/cas/login"


def test_link_works_once(portal, client, link):
    portal.set_password(link)
    response = client.get(link)
    assert response.status_code == 410
    assert page(response).alerts() == [
        "This link has already been used: a link sets the password only once."
    ]
    assert "Send me a new link" in page(response).button_names()


def test_used_link_cannot_set_the_password_again(portal, client, link):
    portal.set_password(link)
    response = portal.set_password(link, password="Another-Pass1")
    assert response.status_code == 410
    assert portal.sign_in(EMAIL, password="Another-Pass1").status_code == 400


def _ask_for_a_new_link(client, spent_link):
    spent = page(client.get(spent_link))
    return client.post(
        "/cas/init/resendPasswordLink.cgi",
        data={"csrf_token": spent.csrf_token(), "token": spent.value("token")},
    )


def test_used_link_offers_a_new_one_that_works(portal, client, link):
    portal.set_password(link)
    response = _ask_for_a_new_link(client, link)
    assert response.status_code == 200
    assert page(response).heading == "Check your e-mail"
    new_link = portal.last_link(EMAIL)
    assert new_link != link
    assert len(portal.mails(EMAIL)) == 2
    assert portal.set_password(new_link, password="Another-Pass1").status_code == 200
    assert portal.sign_in(EMAIL, password="Another-Pass1").status_code == 200


def test_setting_the_password_spends_the_older_links_too(portal, client, link):
    form = page(client.get("/cas/init/passwordResetRequest.cgi"))
    client.post(
        "/cas/init/passwordResetRequest.cgi",
        data={"csrf_token": form.csrf_token(), "email": EMAIL},
    )
    new_link = portal.last_link(EMAIL)
    assert new_link != link
    portal.set_password(new_link)
    response = client.get(link)
    assert response.status_code == 410
    assert "already been used" in page(response).text


def test_link_expires_after_90_minutes(portal, client, link):
    portal.advance_clock(minutes=91)
    response = client.get(link)
    assert response.status_code == 410
    assert page(response).alerts() == [
        "This link has expired: it was valid for 90 minutes after it was sent."
    ]


def test_expired_link_cannot_set_the_password(portal, link):
    portal.advance_clock(minutes=91)
    assert portal.set_password(link).status_code == 410
    assert portal.sign_in(EMAIL).status_code == 400


def test_link_still_works_after_89_minutes(portal, client, link):
    portal.advance_clock(minutes=89)
    assert client.get(link).status_code == 200
    assert portal.set_password(link).status_code == 200


def test_expired_link_offers_a_new_one_that_works(portal, client, link):
    portal.advance_clock(minutes=91)
    _ask_for_a_new_link(client, link)
    new_link = portal.last_link(EMAIL)
    assert portal.mails(EMAIL)[-1]["subject"] == "EU Login: set your password"
    assert portal.set_password(new_link).status_code == 200


def test_unknown_link_is_a_404_page(client):
    response = client.get("/cas/init/initialisePasswordLogin.cgi?token=no-such-token")
    assert response.status_code == 404
    assert page(response).alerts() == ["This link is not known to EU Login."]
    assert page(response).link("Ask for a new link") == "/cas/init/passwordResetRequest.cgi"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt!pwd", "The password must be at least 10 characters long."),
        ("no-upper-case-1", "The password must contain an upper-case letter."),
        ("NO-LOWER-CASE-1", "The password must contain a lower-case letter."),
        ("No-Digits-Here", "The password must contain a digit."),
        ("NoSpecial1234", "The password must contain a special character, such as ! ? # or %."),
    ],
)
def test_password_rule_failure_is_explained(portal, link, password, message):
    response = portal.set_password(link, password=password)
    assert response.status_code == 400
    assert page(response).all_errors() == {"password": [message]}


def test_every_broken_part_of_the_password_rule_is_explained(portal, link):
    response = portal.set_password(link, password="abc")
    assert page(response).errors("password") == [
        "The password must be at least 10 characters long.",
        "The password must contain an upper-case letter.",
        "The password must contain a digit.",
        "The password must contain a special character, such as ! ? # or %.",
    ]


def test_password_confirmation_must_be_the_same(portal, link):
    response = portal.set_password(link, confirmation=PASSWORD + "x")
    assert response.status_code == 400
    assert page(response).all_errors() == {"confirmation": ["The two passwords are not the same."]}


def test_refused_password_does_not_spend_the_link(portal, client, link):
    portal.set_password(link, password="weak")
    assert client.get(link).status_code == 200


def test_password_rule_messages_are_in_french_for_a_french_interface(portal, client, link):
    client.get("/language/fr")
    response = portal.set_password(link, password="sans-majuscule-1")
    assert page(response).errors("password") == [
        "Le mot de passe doit contenir une lettre majuscule."
    ]


def test_password_is_stored_hashed(app, portal, link):
    portal.set_password(link)
    # Read straight from the database, as anyone with a copy of it could.
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        [(stored,)] = connection.execute(
            text("SELECT password_hash FROM account WHERE email = :email"), {"email": EMAIL}
        ).fetchall()
    engine.dispose()
    assert PASSWORD not in stored
    assert check_password_hash(stored, PASSWORD)
