"""Two-factor sign-in: the EU Login Mobile App enrolled from the account page, then the password
and a six-digit code; a service asks for it with authenticationLevel=MEDIUM."""

import pyotp
import pytest

from .conftest import PASSWORD, PRODUCTION
from .html_page import page
from .support import CAS_NS, cas_xml, failure_code, ticket_from

EMAIL = "marie.dupont@example.com"
MEDIUM = {"service": PRODUCTION, "authenticationLevel": "MEDIUM"}


@pytest.fixture
def account(portal):
    return portal.create_account(email=EMAIL)


@pytest.fixture
def secret(portal, account):
    return portal.enrol_mobile_app(EMAIL)


def _validate(client, ticket, **params):
    query = {"ticket": ticket, "service": PRODUCTION} | params
    return cas_xml(client.get("/cas/p3/serviceValidate", query_string=query))


# Enrolment


def test_the_account_page_offers_to_enrol_the_app(portal, account, client):
    portal.sign_in(EMAIL)
    answer = page(client.get("/cas/eim/external/account.cgi"))
    assert answer.buttons("Enrol the EU Login Mobile App")


def test_enrolment_shows_a_qr_code_and_its_key(portal, account, client):
    portal.sign_in(EMAIL)
    token = page(client.get("/cas/eim/external/account.cgi")).csrf_token()
    client.post("/cas/eim/external/mobile-app/enrol", data={"csrf_token": token})
    enrolling = page(client.get("/cas/eim/external/account.cgi"))
    key = enrolling.find(data_testid="mobile-app-secret").text
    assert len(key) == 32 and pyotp.TOTP(key).now().isdigit()
    [qr] = enrolling.find_all("svg")
    assert qr.find("title").text == "QR code"
    assert enrolling.find("input", name="code").attrs["autocomplete"] == "one-time-code"


def test_a_wrong_first_code_does_not_enrol(portal, account, client):
    portal.sign_in(EMAIL)
    token = page(client.get("/cas/eim/external/account.cgi")).csrf_token()
    client.post("/cas/eim/external/mobile-app/enrol", data={"csrf_token": token})
    enrolling = page(client.get("/cas/eim/external/account.cgi"))
    answer = client.post(
        "/cas/eim/external/mobile-app/confirm",
        data={"csrf_token": enrolling.csrf_token(), "code": "000000"},
    )
    assert answer.status_code == 400
    assert page(answer).errors("code") == [
        "This is not the code the app shows for this QR code. Type the code shown now."
    ]
    assert "Enrol the EU Login Mobile App" not in page(answer).button_names()


def test_a_confirmed_enrolment_is_shown_on_the_account_page(portal, secret, client):
    portal.sign_in(EMAIL)
    answer = page(client.get("/cas/eim/external/account.cgi"))
    assert "Enrolled on" in answer.find(id="mobile-app").text
    assert answer.buttons("Remove the EU Login Mobile App")


def test_the_account_page_needs_a_sign_in(client):
    assert client.post("/cas/eim/external/mobile-app/enrol").status_code in {400, 401}


# Sign-in with the app


def test_after_the_password_the_app_method_asks_for_the_code(portal, secret):
    answer = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    assert answer.status_code == 200
    assert page(answer).heading == "EU Login Mobile App PIN Code"
    assert page(answer).label("code") == "Code shown by the EU Login Mobile App"


def test_the_right_code_signs_in_with_two_factors(portal, secret, client):
    answer = portal.sign_in_with_app(secret, EMAIL, service=PRODUCTION)
    assert answer.status_code == 302
    root = _validate(client, ticket_from(answer.headers["Location"]))
    assert (
        root.findtext(
            "cas:authenticationSuccess/cas:attributes/cas:authenticationMethod", namespaces=CAS_NS
        )
        == "PASSWORD_MOBILE_APP"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("12345", "The code is six digits, such as 123456."),
        ("abcdef", "The code is six digits, such as 123456."),
        ("", "Please enter the six-digit code."),
    ],
)
def test_a_malformed_code_is_explained(portal, secret, code, message):
    code_page = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    answer = portal.enter_code(code_page, code, service=PRODUCTION)
    assert answer.status_code == 400
    assert page(answer).errors("code") == [message]


def test_a_wrong_code_is_explained(portal, secret):
    code_page = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    wrong = portal.code(secret, later_seconds=600)
    answer = portal.enter_code(code_page, wrong, service=PRODUCTION)
    assert answer.status_code == 400
    assert (
        page(answer).errors("code")[0].startswith("The code is not correct, or was already used.")
    )


def test_three_wrong_codes_end_the_sign_in(portal, secret):
    code_page = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    for _ in range(3):
        answer = portal.enter_code(code_page, "000000", service=PRODUCTION)
        code_page = answer
    assert page(answer).heading == "Sign in to continue"
    assert page(answer).alerts()[0] == "The code was wrong three times. Please sign in again."


def test_a_code_serves_once(portal, secret, client):
    code = portal.code(secret)
    first = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    assert portal.enter_code(first, code, service=PRODUCTION).status_code == 302
    client.get("/cas/logout")
    second = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    answer = portal.enter_code(second, code, service=PRODUCTION)
    assert answer.status_code == 400
    assert "already used" in page(answer).errors("code")[0]


def test_the_code_step_expires_after_5_minutes(portal, secret):
    code_page = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    portal.advance_clock(minutes=6)
    answer = portal.enter_code(code_page, portal.code(secret), service=PRODUCTION)
    assert page(answer).alerts()[0] == "This sign-in has expired. Please sign in again."


def test_a_wrong_password_with_the_app_method_is_still_a_wrong_password(portal, secret):
    answer = portal.sign_in(EMAIL, password="Wr0ng-Pass!", method="mobile-app-pin")
    assert answer.status_code == 400
    assert page(answer).errors("password") == ["The password is not correct."]


def test_the_app_method_without_an_enrolled_app_is_explained(portal, account):
    answer = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    assert answer.status_code == 400
    assert page(answer).errors("method") == [
        "You have not enrolled the EU Login Mobile App: enrol it from your EU Login account "
        "page, or choose «Password»."
    ]


def test_the_method_names_are_the_guides_in_french(portal, account, client):
    client.get("/language/fr")
    answer = page(portal.identify(EMAIL))
    assert [text for _group, _value, text in answer.options("method")] == [
        "Mot de passe",
        "EU Login Mobile App Code PIN",
    ]
    assert answer.label("method") == "Choisissez votre méthode de vérification"


# A service that asks for two factors


def test_a_service_asking_two_factors_preselects_the_app(portal, account):
    answer = page(portal.identify(EMAIL, **MEDIUM))
    assert answer.selected("method") == "mobile-app-pin"
    assert "asks for two-factor verification" in answer.text


def test_a_service_asking_two_factors_refuses_the_password_alone(portal, account):
    answer = portal.sign_in(EMAIL, method="password", **MEDIUM)
    assert answer.status_code == 400
    assert page(answer).errors("method") == [
        "This service asks for two-factor verification: choose «EU Login Mobile App PIN Code»."
    ]


def test_a_password_only_sso_session_asks_for_the_second_factor(portal, secret, client):
    assert portal.sign_in(EMAIL, service=PRODUCTION).status_code == 302
    again = client.get("/cas/login", query_string=MEDIUM)
    assert again.status_code == 200
    assert page(again).selected("method") == "mobile-app-pin"
    code_page = client.post(
        "/cas/login",
        query_string=MEDIUM,
        data={
            "csrf_token": page(again).csrf_token(),
            "email": EMAIL,
            "password": PASSWORD,
            "method": "mobile-app-pin",
        },
    )
    answer = portal.enter_code(code_page, portal.code(secret), **MEDIUM)
    assert answer.status_code == 302
    # The session is the same one, now strong enough: the next service gets a ticket unasked.
    training = client.get(
        "/cas/login",
        query_string={
            "service": "http://localhost/training/tracesnt/login",
            "authenticationLevel": "MEDIUM",
        },
    )
    assert training.status_code == 302


def test_a_two_factor_session_serves_any_service_unasked(portal, secret, client):
    assert portal.sign_in_with_app(secret, EMAIL, **MEDIUM).status_code == 302
    assert client.get("/cas/login", query_string={"service": PRODUCTION}).status_code == 302


def test_an_unknown_authentication_level_is_refused(client):
    answer = client.get(
        "/cas/login", query_string={"service": PRODUCTION, "authenticationLevel": "X"}
    )
    assert answer.status_code == 400


def test_high_cannot_be_met_here(portal, account):
    answer = portal.sign_in(
        EMAIL, method="mobile-app-pin", service=PRODUCTION, authenticationLevel="HIGH"
    )
    assert page(answer).errors("method") == [
        "This service asks for a security key or an eID, which this EU Login does not offer."
    ]


# Validation that asks for two factors


@pytest.mark.parametrize(
    "asked", [{"authenticationLevel": "MEDIUM"}, {"acceptStrengths": "PASSWORD_MOBILE_APP"}]
)
def test_a_password_only_ticket_does_not_pass_a_two_factor_validation(
    portal, account, client, asked
):
    ticket = portal.ticket()
    assert failure_code(_validate(client, ticket, **asked)) == "INVALID_AUTHENTICATION_CONTEXT"


def test_a_two_factor_ticket_passes_a_two_factor_validation(portal, secret, client):
    answer = portal.sign_in_with_app(secret, EMAIL, service=PRODUCTION)
    root = _validate(client, ticket_from(answer.headers["Location"]), authenticationLevel="MEDIUM")
    assert root.find("cas:authenticationSuccess", CAS_NS) is not None


def test_a_removed_app_can_no_longer_be_chosen(portal, secret, client):
    portal.sign_in(EMAIL)
    token = page(client.get("/cas/eim/external/account.cgi")).csrf_token()
    client.post("/cas/eim/external/mobile-app/remove", data={"csrf_token": token})
    client.get("/cas/logout")
    answer = portal.sign_in(EMAIL, method="mobile-app-pin")
    assert "You have not enrolled the EU Login Mobile App" in page(answer).errors("method")[0]


def test_a_real_authenticator_on_real_time_works_when_the_portal_clock_is_moved(portal, secret):
    portal.advance_clock(minutes=91)
    code_page = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    answer = portal.enter_code(code_page, pyotp.TOTP(secret).now(), service=PRODUCTION)
    assert answer.status_code == 302


# A TRACES NT environment that asks for two factors

ACCEPTANCE = "http://localhost/acceptance/tracesnt/login"


@pytest.fixture
def strict(make_app):
    """A portal whose Acceptance environment asks for two-factor sign-in."""
    from .conftest import PortalActions

    app = make_app(TWO_FACTOR_ENVIRONMENTS=["acceptance"])
    actions = PortalActions(app, app.test_client())
    actions.create_account(email=EMAIL)
    return actions


def test_its_welcome_page_says_so_and_asks_eu_login_for_two_factors(strict):
    welcome = page(strict.client.get("/acceptance/tracesnt/login"))
    assert "authenticationLevel=MEDIUM" in welcome.link("Sign in to TRACES")
    assert "asks for two-factor sign-in" in welcome.text
    production = page(strict.client.get("/tracesnt/login"))
    assert "authenticationLevel" not in production.link("Sign in to TRACES")


def test_it_refuses_a_ticket_from_a_password_only_sign_in(strict):
    # A sign-in link stripped of authenticationLevel: EU Login gives a ticket, TRACES NT refuses it.
    ticket = strict.ticket(service=ACCEPTANCE, email=EMAIL)
    answer = strict.client.get("/acceptance/tracesnt/login", query_string={"ticket": ticket})
    assert answer.status_code == 401
    assert page(answer).alerts() == [
        "This environment of TRACES NT asks for two-factor sign-in: sign in again with the "
        "EU Login Mobile App."
    ]
    assert strict.client.get("/acceptance/tracesnt/").status_code == 302


def test_it_lets_in_a_two_factor_sign_in(strict):
    secret = strict.enrol_mobile_app(EMAIL)
    answer = strict.sign_in_with_app(
        secret, EMAIL, service=ACCEPTANCE, authenticationLevel="MEDIUM"
    )
    back = strict.client.get(answer.headers["Location"])
    assert back.status_code == 302 and back.headers["Location"] == "/acceptance/tracesnt/"
    assert page(strict.client.get("/acceptance/tracesnt/")).heading == "Welcome, Marie Dupont"
