"""EU Login sign-in: address, then password; the messages when either is wrong."""

from urllib.parse import parse_qs, urlsplit

from .conftest import PASSWORD
from .html_page import page

EMAIL = "marie.dupont@example.com"


def test_unknown_address_is_reported_at_the_address_field(portal):
    response = portal.identify("nobody@example.com")
    assert response.status_code == 400
    assert page(response).errors("email") == [
        "This user does not exist. Check the address or create an account."
    ]


def test_known_address_leads_to_the_password_step_marked_external(portal):
    portal.create_account()
    response = portal.identify("Marie.Dupont@Example.com")
    assert response.status_code == 200
    step = page(response)
    assert step.find(class_="identity-email").text == EMAIL
    assert step.find(class_="identity-domain").text == "(external)"
    assert step.find("input", name="password").attrs["type"] == "password"


def test_external_is_translated_in_french(portal, client):
    portal.create_account()
    client.get("/language/fr")
    assert page(portal.identify(EMAIL)).find(class_="identity-domain").text == "(externe)"


def test_wrong_password_is_reported_at_the_password_field(portal):
    portal.create_account()
    response = portal.sign_in(EMAIL, password="Wrong-Pass1!")
    assert response.status_code == 400
    assert page(response).errors("password") == ["The password is not correct."]
    assert portal.client.get_cookie("CASTGC", path="/cas") is None


def test_account_without_a_password_yet_is_told_to_use_the_mail(portal):
    portal.register()
    response = portal.sign_in(EMAIL, password=PASSWORD)
    assert response.status_code == 400
    assert page(response).errors("password") == [
        "This account has no password yet: use the link in the mail EU Login sent you."
    ]


def test_sign_in_without_a_service_shows_the_signed_in_page(portal):
    portal.create_account()
    response = portal.sign_in(EMAIL)
    assert response.status_code == 200
    assert page(response).heading == "You are signed in to EU Login"
    assert portal.client.get_cookie("CASTGC", path="/cas") is not None


def test_sso_cookie_is_http_only_and_limited_to_eu_login(portal):
    portal.create_account()
    cookie = portal.sign_in(EMAIL).headers["Set-Cookie"]
    assert cookie.startswith("CASTGC=TGT-")
    assert "HttpOnly" in cookie
    assert "Path=/cas" in cookie


def test_lost_password_link_is_offered_on_the_password_step(portal):
    portal.create_account()
    link = urlsplit(page(portal.identify(EMAIL)).link("Lost your password?"))
    assert link.path == "/cas/init/passwordResetRequest.cgi"
    assert parse_qs(link.query)["email"] == [EMAIL]


def _lost_password(client, email):
    form = page(client.get("/cas/init/passwordResetRequest.cgi"))
    return client.post(
        "/cas/init/passwordResetRequest.cgi",
        data={"csrf_token": form.csrf_token(), "email": email},
    )


def test_lost_password_mails_a_new_link_that_sets_a_new_password(portal, client):
    portal.create_account()
    response = _lost_password(client, "MARIE.DUPONT@example.com")
    assert response.status_code == 200
    assert page(response).heading == "Check your e-mail"
    [mail] = portal.mails(EMAIL)
    assert mail["subject"] == "EU Login: reset your password"
    portal.set_password(mail["links"][0], password="Brand-New-1!")
    assert portal.sign_in(EMAIL, password="Brand-New-1!").status_code == 200
    client.get("/cas/logout")
    assert portal.sign_in(EMAIL, password=PASSWORD).status_code == 400


def test_lost_password_for_an_unknown_address_says_so(portal, client):
    response = _lost_password(client, "nobody@example.com")
    assert response.status_code == 400
    assert page(response).errors("email") == ["This e-mail address is not known to EU Login."]
    assert portal.mails("nobody@example.com") == []


def test_lost_password_form_is_filled_from_the_address_in_the_link(client):
    form = page(client.get("/cas/init/passwordResetRequest.cgi?email=marie%40example.com"))
    assert form.value("email") == "marie@example.com"


def test_account_page_needs_an_eu_login_session(client):
    response = client.get("/cas/userdata/myAccount.cgi")
    assert response.status_code == 302
    assert response.headers["Location"] == "/cas/login?next=/cas/userdata/myAccount.cgi"
    sent = client.post("/cas/userdata/myAccount.cgi", data={"csrf_token": _token(client)})
    assert sent.status_code == 401
    assert page(sent).alerts() == [
        "You must be signed in to EU Login to see or change your account."
    ]


def test_account_page_changes_the_signed_in_account(portal, client):
    portal.create_account()
    portal.sign_in(EMAIL)
    form = page(client.get("/cas/userdata/myAccount.cgi"))
    assert form.value("first_name") == "Marie"
    response = client.post(
        "/cas/userdata/myAccount.cgi",
        data={
            "csrf_token": form.csrf_token(),
            "first_name": "Marie-Ève",
            "last_name": "Dupont",
            "mail_language": "fr",
        },
    )
    assert response.status_code == 302
    saved = page(client.get(response.headers["Location"]))
    assert saved.value("first_name") == "Marie-Ève"
    assert saved.selected("mail_language") == "fr"
    assert "Your details have been saved." in saved.text


def test_account_page_applies_the_name_rule(portal, client):
    portal.create_account()
    portal.sign_in(EMAIL)
    form = page(client.get("/cas/userdata/myAccount.cgi"))
    response = client.post(
        "/cas/userdata/myAccount.cgi",
        data={
            "csrf_token": form.csrf_token(),
            "first_name": "M4rie",
            "last_name": "Dupont",
            "mail_language": "en",
        },
    )
    assert response.status_code == 400
    assert page(response).errors("first_name") == ["The first name may contain letters only."]


def _token(client) -> str:
    return page(client.get("/cas/login")).csrf_token()
