"""Two-factor sign-in with the EU Login Mobile App: a device added from «Add a mobile device»
(``/cas/mobile``) and confirmed by the app, then the PIN method (a request the app confirms)
or the QR method (a one-time password); a service asks for it with authenticationLevel=MEDIUM."""

import pyotp
import pytest

from .conftest import PASSWORD, PIN, PRODUCTION, PortalActions
from .html_page import page
from .phone import Phone, key_of
from .support import CAS_NS, cas_xml, failure_code, ticket_from

# What the database cannot change: the Mobile App's screens and protocol (tests/backends.py).
pytestmark = pytest.mark.any_database

EMAIL = "marie.dupont@example.com"
MEDIUM = {"service": PRODUCTION, "authenticationLevel": "MEDIUM"}


@pytest.fixture
def account(portal):
    return portal.create_account(email=EMAIL)


@pytest.fixture
def phone(portal, account):
    return portal.add_mobile_device(EMAIL)


def _validate(client, ticket, **params):
    query = {"ticket": ticket, "service": PRODUCTION} | params
    return cas_xml(client.get("/cas/p3/serviceValidate", query_string=query))


def _method(root):
    return root.findtext(
        "cas:authenticationSuccess/cas:attributes/cas:authenticationMethod", namespaces=CAS_NS
    )


# «Add a mobile device»


def test_add_a_mobile_device_asks_a_name_and_a_pin_twice(portal, account, client):
    portal.sign_in(EMAIL)
    form = page(client.get("/cas/mobile"))
    assert form.heading == "Add a mobile device"
    assert [form.label(name) for name in ("name", "pin", "pin_confirmation")] == [
        "Your device name",
        "Your 4 digit PIN code",
        "Confirm your PIN code",
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"pin": "258"}, "pin", "The PIN code is four digits, such as 2580."),
        ({"pin": "25801"}, "pin", "The PIN code is four digits, such as 2580."),
        ({"pin": "abcd"}, "pin", "The PIN code is four digits, such as 2580."),
        ({"pin_confirmation": "2581"}, "pin_confirmation", "The two PIN codes are not the same."),
        ({"name": ""}, "name", "Please enter a name for your device."),
        ({"name": "x" * 51}, "name", "This field can hold at most 50 characters."),
    ],
)
def test_the_device_form_explains_each_rule_at_its_field(
    portal, account, client, fields, field, message
):
    portal.sign_in(EMAIL)
    form = page(client.get("/cas/mobile"))
    data = {"csrf_token": form.csrf_token(), "name": "Phone", "pin": PIN, "pin_confirmation": PIN}
    data |= fields
    if "pin" in fields and "pin_confirmation" not in fields:
        data["pin_confirmation"] = fields["pin"]
    answer = client.post("/cas/mobile", data=data)
    assert answer.status_code == 400
    assert page(answer).errors(field) == [message]
    with client.application.app_context():
        from mock_portal.eulogin.models import MobileDeviceEnrolment
        from mock_portal.extensions import db

        assert db.session.query(MobileDeviceEnrolment).count() == 0


def test_the_qr_code_carries_a_standard_key_and_its_text_is_shown(portal, account, client):
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    assert text.startswith("otpauth://totp/EU%20Login:")
    assert "issuer=EU%20Login" in text and "&enrolment=" in text
    totp = pyotp.parse_uri(text)  # any authenticator app reads it
    assert totp.secret == key_of(text) and len(totp.now()) == 6
    shown = page(client.get("/cas/mobile/qrcode"))
    assert shown.find("svg", role="img").attrs["aria-label"] == "QR code"


def test_the_device_counts_only_once_the_app_confirmed_the_pin(portal, account, client, app):
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    assert client.get("/cas/mobile/qrcode/state").json == {"state": "waiting"}
    assert "Phone" not in page(client.get("/cas/userdata/mobileDevices.cgi")).text
    phone = Phone(app)
    wrong = phone.initialise(text, "1111")
    assert wrong.status_code == 400
    assert page(wrong).errors("pin") == [
        "This is not the PIN code you chose on your PC. 4 tries left."
    ]
    assert phone.type_pin("/mobile-app/initialise/pin", PIN).status_code == 302
    assert client.get("/cas/mobile/qrcode/state").json == {"state": "confirmed"}
    done = client.get("/cas/mobile/qrcode")
    assert done.headers["Location"] == "/cas/userdata/mobileDevices.cgi"
    devices = page(client.get(done.headers["Location"]))
    assert "Your mobile device «Phone» has been added." in devices.text
    assert devices.find("th", scope="row").text.strip() == "Phone"


def test_the_apps_notice_stays_on_the_phone_in_the_pcs_browser(portal, account, client, app):
    """The phone page opened in the PC's browser shares its session: the PC's EU Login page,
    reloading as it waits for the app, neither shows the phone's notice nor takes it."""
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    phone = Phone(app, client=client)
    answer = phone.initialise(text, PIN)
    assert answer.status_code == 302
    initialised = "Your EU Login Mobile App is initialised."
    # The PC's page reloads between the phone's answer and the phone's next screen.
    assert initialised not in client.get("/cas/login").get_data(as_text=True)
    home = page(client.get(answer.headers["Location"]))
    assert home.find("p", role="status").text == initialised


def test_five_wrong_pins_end_the_enrolment(portal, account, client, app):
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    phone = Phone(app)
    phone.initialise(text, "1111")
    for _ in range(4):
        answer = phone.type_pin("/mobile-app/initialise/pin", "1111")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/mobile-app/initialise?notice=qr-spent"
    assert client.get("/cas/mobile/qrcode/state").json == {"state": "expired"}
    assert phone.client.get("/mobile-app/state").json == {"requests": []}


def test_the_qr_code_expires_after_ten_minutes(portal, account, client, app):
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    portal.advance_clock(minutes=11)
    scanned = Phone(app).scan("/mobile-app/initialise", text)
    assert scanned.status_code == 400
    assert "or it has expired" in page(scanned).errors("picture")[0]


def test_an_account_may_hold_several_devices(portal, phone, app, client):
    assert portal.sign_in_with_pin(phone, EMAIL).status_code == 200  # signed in with the app
    second = Phone(app)
    assert second.initialise(portal.start_enrolment("Tablet"), PIN).status_code == 302
    names = [
        row.text.strip()
        for row in page(client.get("/cas/userdata/mobileDevices.cgi")).find_all("th", scope="row")
    ]
    assert names == ["Phone", "Tablet"]


# Sign-in with the PIN method: a request the app confirms


def test_the_methods_are_named_as_eu_login_names_them(portal, account, client):
    answer = page(portal.identify(EMAIL))
    assert [text for _group, _value, text in answer.options("method")] == [
        "Password",
        "EU Login Mobile App PIN Code",
        "EU Login Mobile App QR Code",
    ]
    client.get("/language/fr")
    answer = page(portal.identify(EMAIL))
    assert [text for _group, _value, text in answer.options("method")] == [
        "Mot de passe",
        "EU Login Mobile App Code PIN",
        "EU Login Mobile App Code QR",
    ]
    assert answer.label("method") == "Choisissez votre méthode de vérification"


def test_after_the_password_the_browser_waits_for_the_app(portal, phone, client):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    shown = page(waiting)
    assert shown.heading == "EU Login Mobile App PIN Code"
    assert "An authentication request has been sent to your device «Phone»." in shown.text
    form = shown.find("form", data_state_url=True)
    assert client.get(form.attrs["data-state-url"]).json == {"state": "waiting"}
    # eulogin.js asks at the portal's pace: once a second unless configured otherwise.
    assert form.attrs["data-poll-ms"] == "1000"
    # Sent before the app answered, the form shows the same page again.
    assert page(portal.go_on(waiting, service=PRODUCTION)).heading == "EU Login Mobile App PIN Code"


def test_the_app_shows_the_request_and_its_pin_signs_in(portal, phone, client):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    home = page(phone.client.get("/mobile-app/"))
    assert home.find("h3").text == "Sign-in to EU Login"
    assert home.has_link("Continue")
    # phone.js asks for new requests every two seconds unless configured otherwise.
    assert home.find("section", data_requests_url=True).attrs["data-poll-ms"] == "2000"
    approved = phone.approve(PIN)
    assert page(approved).heading == "Authentication successful"
    state = page(waiting).find("form", data_state_url=True).attrs["data-state-url"]
    assert client.get(state).json == {"state": "approved"}
    answer = portal.go_on(waiting, service=PRODUCTION)
    assert answer.status_code == 302
    assert _method(_validate(client, ticket_from(answer.headers["Location"]))) == (
        "PASSWORD_MOBILE_APP"
    )
    assert phone.requests() == []


def test_a_wrong_pin_refuses_the_sign_in_with_a_way_to_try_again(portal, phone):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    refused = phone.approve("1111")
    assert refused.status_code == 400
    assert page(refused).alerts() == [
        "Wrong PIN code: the authentication request was refused. Sign in again on your PC."
    ]
    answer = page(portal.go_on(waiting, service=PRODUCTION))
    assert answer.heading == "Sign in to continue"
    assert answer.alerts()[0] == (
        "The PIN code typed in the EU Login Mobile App was wrong: the sign-in was refused. "
        "Please sign in again."
    )
    assert answer.value("email") == EMAIL  # the way to try again, the address filled in
    assert portal.sign_in_with_pin(phone, EMAIL, service=PRODUCTION).status_code == 302


def test_a_refused_request_is_told_to_the_browser(portal, phone):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    phone.refuse()
    answer = page(portal.go_on(waiting, service=PRODUCTION))
    assert answer.alerts()[0] == (
        "The sign-in was refused in the EU Login Mobile App. Please sign in again."
    )


def test_a_request_left_unanswered_expires_after_five_minutes(portal, phone, client):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    aged = client.post(f"/__admin/users/{EMAIL}/sign-in-requests/age", json={"minutes": 6})
    assert aged.json["aged_requests"] == 1
    state = page(waiting).find("form", data_state_url=True).attrs["data-state-url"]
    assert client.get(state).json == {"state": "expired"}
    assert phone.requests() == []
    answer = page(portal.go_on(waiting, service=PRODUCTION))
    assert answer.alerts()[0] == (
        "The EU Login Mobile App did not answer in time: the sign-in request has expired. "
        "Please sign in again."
    )


def test_five_wrong_pins_block_the_device(portal, phone):
    for _ in range(5):
        portal.sign_in_waiting(EMAIL, service=PRODUCTION)
        last = phone.approve("1111")
    assert "this device is blocked" in page(last).alerts()[0]
    answer = portal.sign_in(EMAIL, method="mobile-app-pin", service=PRODUCTION)
    assert answer.status_code == 400
    assert page(answer).errors("method")[0].startswith("No EU Login Mobile App is added")


def test_another_browser_cannot_finish_a_sign_in_it_did_not_start(portal, phone, app):
    waiting = portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    phone.approve(PIN)
    stranger = app.test_client()
    form = page(stranger.get("/cas/login", query_string={"service": PRODUCTION}))
    answer = stranger.post(
        "/cas/login",
        query_string={"service": PRODUCTION},
        data={"csrf_token": form.csrf_token(), "pending": page(waiting).value("pending")},
    )
    assert answer.status_code == 400
    assert portal.go_on(waiting, service=PRODUCTION).status_code == 302


# Sign-in with the QR method: the one-time password


def test_the_qr_method_shows_a_qr_code_and_a_field_for_the_one_time_password(portal, phone):
    shown = page(portal.sign_in_qr_page(EMAIL, service=PRODUCTION))
    assert shown.heading == "EU Login Mobile App QR Code"
    assert shown.label("code") == "One-time password"
    assert shown.find(data_testid="qr-code-text").text.startswith("eulogin://sign-in?user=n00")


def test_the_app_scans_the_qr_code_and_its_one_time_password_signs_in(portal, phone, client):
    qr_page = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    code = phone.one_time_password(page(qr_page).find(data_testid="qr-code-text").text)
    answer = portal.enter_code(qr_page, code, service=PRODUCTION)
    assert answer.status_code == 302
    assert _method(_validate(client, ticket_from(answer.headers["Location"]))) == (
        "PASSWORD_SOFTWARE_TOKEN"
    )


def test_any_authenticator_with_the_key_answers_the_qr_method(portal, phone):
    answer = portal.enter_code(
        portal.sign_in_qr_page(EMAIL, service=PRODUCTION),
        pyotp.TOTP(phone.key).now(),
        service=PRODUCTION,
    )
    assert answer.status_code == 302


def test_the_app_refuses_a_qr_code_of_another_account(portal, phone, app):
    portal.create_account(email="zoe@example.com")
    portal.add_mobile_device("zoe@example.com")
    other = page(portal.sign_in_qr_page("zoe@example.com", service=PRODUCTION))
    scanned = phone.scan("/mobile-app/scan", other.find(data_testid="qr-code-text").text)
    assert scanned.status_code == 400
    assert page(scanned).errors("picture") == [
        "This QR code is for another EU Login account, or it has expired."
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("12345", "The one-time password is six digits, such as 123456."),
        ("abcdef", "The one-time password is six digits, such as 123456."),
        ("", "Please enter the one-time password."),
    ],
)
def test_a_malformed_one_time_password_is_explained(portal, phone, code, message):
    qr_page = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    answer = portal.enter_code(qr_page, code, service=PRODUCTION)
    assert answer.status_code == 400
    assert page(answer).errors("code") == [message]


def test_three_wrong_one_time_passwords_end_the_sign_in(portal, phone):
    qr_page = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    wrong = portal.code(phone.key, later_seconds=600)
    for _ in range(3):
        answer = portal.enter_code(qr_page, wrong, service=PRODUCTION)
    assert page(answer).heading == "Sign in to continue"
    assert page(answer).alerts()[0] == (
        "The one-time password was wrong three times. Please sign in again."
    )


def test_a_one_time_password_serves_once(portal, phone, client):
    code = portal.code(phone.key)
    first = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    assert portal.enter_code(first, code, service=PRODUCTION).status_code == 302
    client.get("/cas/logout")
    second = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    answer = portal.enter_code(second, code, service=PRODUCTION)
    assert answer.status_code == 400
    assert "already used" in page(answer).errors("code")[0]


def test_a_real_authenticator_on_real_time_works_when_the_portal_clock_is_moved(portal, phone):
    portal.advance_clock(minutes=91)
    qr_page = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    answer = portal.enter_code(qr_page, pyotp.TOTP(phone.key).now(), service=PRODUCTION)
    assert answer.status_code == 302


def test_a_wrong_password_with_an_app_method_is_still_a_wrong_password(portal, phone):
    answer = portal.sign_in(EMAIL, password="Wr0ng-Pass!", method="mobile-app-pin")
    assert answer.status_code == 400
    assert page(answer).errors("password") == ["The password is not correct."]
    assert phone.requests() == []


def test_an_app_method_without_a_device_is_explained(portal, account):
    for method in ("mobile-app-pin", "mobile-app-qr"):
        answer = portal.sign_in(EMAIL, method=method, service=PRODUCTION)
        assert answer.status_code == 400
        assert page(answer).errors("method") == [
            "No EU Login Mobile App is added to your account: add a mobile device from «My "
            "Account», or choose «Password»."
        ]


# A service that asks for two factors


def test_a_service_asking_two_factors_preselects_the_app(portal, account):
    answer = page(portal.identify(EMAIL, **MEDIUM))
    assert answer.selected("method") == "mobile-app-pin"
    assert "asks for two-factor verification" in answer.text


def test_a_service_asking_two_factors_refuses_the_password_alone(portal, account):
    answer = portal.sign_in(EMAIL, method="password", **MEDIUM)
    assert answer.status_code == 400
    assert page(answer).errors("method") == [
        "This service asks for two-factor verification: choose «EU Login Mobile App PIN "
        "Code» or «EU Login Mobile App QR Code»."
    ]


def test_a_password_only_sso_session_asks_for_the_second_factor(portal, phone, client):
    assert portal.sign_in(EMAIL, service=PRODUCTION).status_code == 302
    again = client.get("/cas/login", query_string=MEDIUM)
    assert again.status_code == 200
    assert page(again).selected("method") == "mobile-app-pin"
    waiting = client.post(
        "/cas/login",
        query_string=MEDIUM,
        data={
            "csrf_token": page(again).csrf_token(),
            "email": EMAIL,
            "password": PASSWORD,
            "method": "mobile-app-pin",
        },
    )
    phone.approve(PIN)
    assert portal.go_on(waiting, **MEDIUM).status_code == 302
    # The session is now strong enough: the next service gets a ticket unasked.
    training = client.get(
        "/cas/login",
        query_string={
            "service": "http://localhost/training/tracesnt/login",
            "authenticationLevel": "MEDIUM",
        },
    )
    assert training.status_code == 302


def test_a_two_factor_session_serves_any_service_unasked(portal, phone, client):
    assert portal.sign_in_with_qr(phone.key, EMAIL, **MEDIUM).status_code == 302
    assert client.get("/cas/login", query_string={"service": PRODUCTION}).status_code == 302


def test_an_unknown_authentication_level_is_refused(client):
    answer = client.get(
        "/cas/login", query_string={"service": PRODUCTION, "authenticationLevel": "X"}
    )
    assert answer.status_code == 400


def test_high_cannot_be_met_here(portal, phone):
    answer = portal.sign_in(
        EMAIL, method="mobile-app-pin", service=PRODUCTION, authenticationLevel="HIGH"
    )
    assert page(answer).errors("method") == [
        "This service asks for a security key or an eID, which this EU Login does not offer."
    ]


# Validation that asks for two factors


@pytest.mark.parametrize(
    "asked",
    [
        {"authenticationLevel": "MEDIUM"},
        {"acceptStrengths": "PASSWORD_MOBILE_APP,PASSWORD_SOFTWARE_TOKEN"},
    ],
)
def test_a_password_only_ticket_does_not_pass_a_two_factor_validation(
    portal, account, client, asked
):
    ticket = portal.ticket()
    assert failure_code(_validate(client, ticket, **asked)) == "INVALID_AUTHENTICATION_CONTEXT"


@pytest.mark.parametrize("method", ["pin", "qr"])
def test_a_two_factor_ticket_passes_a_two_factor_validation(portal, phone, client, method):
    if method == "pin":
        answer = portal.sign_in_with_pin(phone, EMAIL, service=PRODUCTION)
    else:
        answer = portal.sign_in_with_qr(phone.key, EMAIL, service=PRODUCTION)
    root = _validate(client, ticket_from(answer.headers["Location"]), authenticationLevel="MEDIUM")
    assert root.find("cas:authenticationSuccess", CAS_NS) is not None


def test_accept_strengths_tells_the_two_app_methods_apart(portal, phone, client):
    answer = portal.sign_in_with_qr(phone.key, EMAIL, service=PRODUCTION)
    ticket = ticket_from(answer.headers["Location"])
    refused = _validate(client, ticket, acceptStrengths="PASSWORD_MOBILE_APP")
    assert failure_code(refused) == "INVALID_AUTHENTICATION_CONTEXT"


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


def test_it_lets_in_a_sign_in_with_the_app(strict):
    phone = strict.add_mobile_device(EMAIL)
    answer = strict.sign_in_with_pin(phone, EMAIL, service=ACCEPTANCE, authenticationLevel="MEDIUM")
    back = strict.client.get(answer.headers["Location"])
    assert back.status_code == 302 and back.headers["Location"] == "/acceptance/tracesnt/"
    assert page(strict.client.get("/acceptance/tracesnt/")).heading == "Welcome, Marie Dupont"


def test_the_pages_waiting_for_the_app_ask_at_the_configured_pace(make_app):
    quick = make_app(APP_WAIT_POLL_MS=200, PHONE_POLL_MS=250)
    actions = PortalActions(quick, quick.test_client())
    actions.create_account(EMAIL)
    phone = actions.add_mobile_device(EMAIL)
    waiting = page(actions.sign_in_waiting(EMAIL, service=PRODUCTION))
    assert waiting.find("form", data_state_url=True).attrs["data-poll-ms"] == "200"
    home = page(phone.client.get("/mobile-app/"))
    assert home.find("section", data_requests_url=True).attrs["data-poll-ms"] == "250"
