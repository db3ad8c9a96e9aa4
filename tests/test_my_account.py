"""«My Account»: the gear menu, the account's details, «Manage my mobile devices», and the rule that
changing a factor asks for a factor already on the account."""

import pytest

from .conftest import PIN, PRODUCTION
from .html_page import page
from .phone import Phone

# What the database cannot change: My Account's screens (tests/backends.py).
pytestmark = pytest.mark.any_database

EMAIL = "marie.dupont@example.com"


@pytest.fixture
def account(portal):
    return portal.create_account(email=EMAIL)


@pytest.fixture
def phone(portal, account):
    return portal.add_mobile_device(EMAIL)


def _devices(client) -> list[str]:
    listed = page(client.get("/cas/userdata/mobileDevices.cgi"))
    return [row.text for row in listed.find_all("th", scope="row")]


def _delete(client, device_name):
    """«Delete» on the row of ``device_name`` (the button named for it)."""
    listed = page(client.get("/cas/userdata/mobileDevices.cgi"))
    [form] = [
        form
        for form in listed.find_all("form")
        if form.find_all("button", aria_label=f"Delete «{device_name}»")
    ]
    return client.post(form.attrs["action"], data={"csrf_token": listed.csrf_token()})


def test_the_gear_menu_leads_to_my_account_once_signed_in(portal, account, client):
    assert not page(client.get("/cas/contact.html")).find_all("nav", class_="gear-menu")
    portal.sign_in(EMAIL)
    menu = page(client.get("/cas/contact.html")).find("nav", class_="gear-menu")
    assert menu.find("button").attrs["aria-expanded"] == "false"
    assert [a.text for a in menu.find_all("a")] == ["My Account", "Sign out"]
    assert menu.find_all("a")[0].attrs["href"] == "/cas/userdata/myAccount.cgi"


def test_my_account_shows_the_details_the_devices_and_the_password_link(portal, account, client):
    portal.sign_in(EMAIL)
    mine = page(client.get("/cas/userdata/myAccount.cgi"))
    assert mine.heading == "My Account"
    assert mine.link("Manage my mobile devices") == "/cas/userdata/mobileDevices.cgi"
    assert mine.link("Change my password").startswith("/cas/init/passwordResetRequest.cgi")
    assert mine.value("first_name") == "Marie"


def test_the_former_account_page_moves_to_my_account(client):
    moved = client.get("/cas/eim/external/account.cgi")
    assert moved.status_code == 308
    assert moved.headers["Location"] == "/cas/userdata/myAccount.cgi"


def test_the_device_list_shows_each_device_with_its_date(portal, phone, client):
    portal.sign_in(EMAIL)
    listed = page(client.get("/cas/userdata/mobileDevices.cgi"))
    [row] = listed.find("tbody").find_all("tr")
    assert row.find("th").text == "Phone"
    assert row.find_all("td")[0].text.count("/") == 2  # dd/mm/yyyy


def test_a_device_added_and_deleted_leaves_the_phone_uninitialised(portal, phone, client):
    assert portal.sign_in_with_pin(phone, EMAIL).status_code == 200
    deleted = _delete(client, "Phone")
    assert deleted.headers["Location"] == "/cas/userdata/mobileDevices.cgi"
    assert (
        "The device «Phone» has been deleted from your account."
        in page(client.get(deleted.headers["Location"])).text
    )
    assert _devices(client) == []
    welcome = page(phone.client.get("/mobile-app/"))
    assert welcome.heading == "Welcome to the EU Login Mobile App"
    assert f"This device was deleted from the EU Login account {EMAIL}." in welcome.text
    # And added again: the same phone initialises anew.
    assert phone.initialise(portal.start_enrolment("Phone"), PIN).status_code == 302
    assert _devices(client) == ["Phone"]


def test_the_only_device_can_be_deleted_after_a_recent_password_sign_in(portal, phone, client):
    # A lost phone cannot confirm anything: the password, typed lately, will do.
    portal.sign_in(EMAIL)
    assert _delete(client, "Phone").status_code == 302
    assert _devices(client) == []


def test_a_second_device_asks_for_the_first_one(portal, phone, client, app):
    portal.sign_in(EMAIL)  # the password alone
    asked = client.get("/cas/mobile")
    assert asked.status_code == 302
    assert asked.headers["Location"] == (
        "/cas/login?renew=true&next=/cas/mobile&authenticationLevel=MEDIUM"
    )
    shown = page(client.get(asked.headers["Location"]))
    assert "confirm who you are" in shown.text
    # Confirmed with the device on the account, the page opens.
    waiting = portal.sign_in_waiting(
        EMAIL, renew="true", next="/cas/mobile", authenticationLevel="MEDIUM"
    )
    phone.approve(PIN)
    back = portal.go_on(waiting, renew="true", next="/cas/mobile", authenticationLevel="MEDIUM")
    assert back.headers["Location"] == "/cas/mobile"
    assert page(client.get("/cas/mobile")).heading == "Add a mobile device"


def test_deleting_one_of_two_devices_asks_for_the_other(portal, phone, client, app):
    portal.sign_in_with_pin(phone, EMAIL)
    tablet = Phone(app)
    tablet.initialise(portal.start_enrolment("Tablet"), PIN)
    client.get("/cas/logout")
    portal.sign_in(EMAIL)  # the password alone, though two devices could confirm
    refused = _delete(client, "Tablet")
    assert (
        refused.status_code == 302 and "authenticationLevel=MEDIUM" in refused.headers["Location"]
    )
    assert _devices(client) == ["Phone", "Tablet"]


def test_a_stale_sign_in_is_asked_again(portal, account, client):
    portal.sign_in(EMAIL)
    portal.advance_clock(minutes=11)
    asked = client.get("/cas/mobile")
    assert asked.headers["Location"] == "/cas/login?renew=true&next=/cas/mobile"


def test_pages_of_my_account_ask_to_sign_in_first(client):
    for path in ("/cas/userdata/myAccount.cgi", "/cas/userdata/mobileDevices.cgi", "/cas/mobile"):
        answer = client.get(path)
        assert answer.headers["Location"] == f"/cas/login?next={path}"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/tracesnt/"])
def test_next_never_leaves_eu_logins_own_pages(portal, account, client, target):
    answer = portal.sign_in(EMAIL, next=target)
    assert answer.status_code == 200
    assert page(answer).heading == "You are signed in to EU Login"


def test_an_unknown_device_cannot_be_deleted(portal, phone, client):
    portal.sign_in(EMAIL)
    token = page(client.get("/cas/userdata/mobileDevices.cgi")).csrf_token()
    answer = client.post(
        "/cas/userdata/mobileDevices.cgi/not-a-device/delete", data={"csrf_token": token}
    )
    assert answer.status_code == 302
    assert (
        "This device is not on your account (any more)."
        in page(client.get(answer.headers["Location"])).text
    )
    assert _devices(client) == ["Phone"]


def test_another_accounts_device_cannot_be_deleted(portal, phone, client, app):
    with app.app_context():
        from mock_portal.eulogin.models import MobileDevice
        from mock_portal.extensions import db

        identifier = db.session.scalar(db.select(MobileDevice.identifier))
    portal.create_account(email="zoe@example.com")
    portal.sign_in("zoe@example.com")
    token = page(client.get("/cas/userdata/myAccount.cgi")).csrf_token()
    client.post(f"/cas/userdata/mobileDevices.cgi/{identifier}/delete", data={"csrf_token": token})
    client.get("/cas/logout")
    assert portal.sign_in_with_pin(phone, EMAIL, service=PRODUCTION).status_code == 302
