"""The phone page (``/mobile-app/``): one installation per browser, scanning a picture or the text
of a QR code, one account per installation, and what hostile uploads get."""

import io

import pytest
import segno
from PIL import Image

from .conftest import PIN, PRODUCTION
from .html_page import page
from .phone import Phone

# What the database cannot change: the phone's screens (tests/backends.py).
pytestmark = pytest.mark.any_database

EMAIL = "marie.dupont@example.com"


@pytest.fixture
def account(portal):
    return portal.create_account(email=EMAIL)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _qr_picture(text: str, scale: int = 4) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _screen_with(qr: Image.Image) -> bytes:
    """A photograph of a whole PC screen, the QR code somewhere in it, as a person takes it."""
    screen = Image.new("RGB", (1280, 800), (243, 245, 248))
    screen.paste(Image.new("RGB", (560, 600), "white"), (360, 90))
    screen.paste(qr, (540, 240))
    return _png(screen)


def test_a_browser_without_the_app_sees_its_welcome(client):
    welcome = page(client.get("/mobile-app/"))
    assert welcome.heading == "Welcome to the EU Login Mobile App"
    assert welcome.link("Initialise") == "/mobile-app/initialise"
    assert "http://localhost/cas/mobile" in welcome.text
    assert client.get_cookie("eulogin_mobile_app", path="/mobile-app/") is None


@pytest.mark.parametrize("how", ["the QR code alone", "the whole screen"])
def test_the_app_reads_a_picture_of_the_qr_code(portal, account, app, how):
    portal.sign_in(EMAIL)
    text = portal.start_enrolment()
    qr = _qr_picture(text)
    picture = _png(qr) if how == "the QR code alone" else _screen_with(qr)
    phone = Phone(app)
    scanned = phone.scan("/mobile-app/initialise", picture=picture)
    assert scanned.status_code == 302, page(scanned).text
    assert phone.type_pin("/mobile-app/initialise/pin", PIN).status_code == 302
    home = page(phone.client.get("/mobile-app/"))
    assert home.heading == "EU Login Mobile App"
    assert EMAIL in home.text and "Phone" in home.text
    cookie = phone.client.get_cookie("eulogin_mobile_app", path="/mobile-app/")
    assert cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize(
    ("picture", "message"),
    [
        (b"not a picture at all", "This file is not a picture the app can read."),
        (
            _png(Image.new("RGB", (200, 200), "white")),
            "No QR code found in this picture. Take it again, the QR code whole and sharp.",
        ),
        # 48 megapixels of one colour: a few kilobytes of PNG, far too large to decode.
        (_png(Image.new("1", (8000, 6000))), "This file is not a picture the app can read."),
    ],
)
def test_a_picture_without_a_readable_qr_code_is_explained(app, picture, message):
    answer = Phone(app).scan("/mobile-app/initialise", picture=picture)
    assert answer.status_code == 400
    assert page(answer).errors("picture") == [message]


def test_a_scan_with_nothing_asks_for_a_picture_or_the_text(app):
    answer = Phone(app).scan("/mobile-app/initialise")
    assert page(answer).errors("picture") == ["Take a picture of the QR code, or paste its text."]


def test_an_upload_over_eight_megabytes_is_refused(app):
    phone = Phone(app)
    form = page(phone.client.get("/mobile-app/initialise"))
    answer = phone.client.post(
        "/mobile-app/initialise",
        data={
            "csrf_token": form.csrf_token(),
            "picture": (io.BytesIO(b"\0" * (8 * 1024 * 1024 + 1)), "big.png"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413


def test_another_qr_code_is_not_an_enrolment(app):
    answer = Phone(app).scan("/mobile-app/initialise", "https://example.org/")
    assert answer.status_code == 400
    assert (
        page(answer)
        .errors("picture")[0]
        .startswith("This is not a valid QR code of «Add a mobile device»")
    )


def test_one_installation_holds_one_account(portal, account, app, client):
    phone = portal.add_mobile_device(EMAIL)
    portal.create_account(email="zoe@example.com")
    portal.sign_in("zoe@example.com")
    text = portal.start_enrolment("Zoé's phone")
    form = page(phone.client.get("/mobile-app/initialise"))
    assert form.heading == "Already initialised"
    refused = phone.client.post(
        "/mobile-app/initialise", data={"csrf_token": form.csrf_token(), "text": text}
    )
    assert refused.status_code == 409
    # Reset, the same browser becomes Zoé's phone; Marie's device stays on her account.
    phone.client.post("/mobile-app/reset", data={"csrf_token": form.csrf_token()})
    assert phone.initialise(text, PIN).status_code == 302
    assert EMAIL not in page(phone.client.get("/mobile-app/")).text
    client.get("/cas/logout")
    portal.sign_in(EMAIL)
    listed = page(client.get("/cas/userdata/mobileDevices.cgi"))
    assert [row.text for row in listed.find_all("th", scope="row")] == ["Phone"]


def test_the_app_shows_only_its_own_accounts_requests(portal, account, app):
    phone = portal.add_mobile_device(EMAIL)
    portal.create_account(email="zoe@example.com")
    zoe = portal.add_mobile_device("zoe@example.com")
    portal.sign_in_waiting(EMAIL, service=PRODUCTION)
    assert len(phone.requests()) == 1 and zoe.requests() == []
    [request] = phone.requests()
    assert zoe.client.get(f"/mobile-app/requests/{request}").status_code == 302
    token = page(zoe.client.get("/mobile-app/")).csrf_token()
    answer = zoe.client.post(
        f"/mobile-app/requests/{request}", data={"csrf_token": token, "pin": PIN}
    )
    assert answer.status_code == 302
    assert phone.requests() == [request]


def test_the_one_time_password_is_the_keys_at_the_portals_time(portal, account, app):
    phone = portal.add_mobile_device(EMAIL)
    qr_page = portal.sign_in_qr_page(EMAIL, service=PRODUCTION)
    code = phone.one_time_password(page(qr_page).find(data_testid="qr-code-text").text)
    assert code == portal.code(phone.key)


def test_the_status_bar_tells_the_portals_time(client):
    client.post("/__admin/clock", json={"now": "2026-01-15T09:00:00Z", "freeze": True})
    assert "09:00" in client.get("/mobile-app/").get_data(as_text=True)
