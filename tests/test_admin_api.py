"""The test-control API under /__admin: off unless asked for, then reset, clock, mail, users."""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from mock_portal import clock, seed, sqlite_snapshot
from mock_portal.database import SQLITE_BUSY_TIMEOUT
from mock_portal.eulogin.accounts import find_account
from mock_portal.extensions import db
from mock_portal.models import ClockOffset, SchemaVersion
from mock_portal.seed import reset_portal

from .conftest import PASSWORD, PRODUCTION, PortalActions
from .html_page import page
from .support import TICKET

CONTROL = {"X-Mock-Portal-Control": "1"}
# Refused by the route, its headers or its body's checks before anything is read or written:
# the database cannot change the answer, so these run on the first backend only (see
# tests/backends.py). Time stored, accounts and mails run on both.
refused_before_the_database = pytest.mark.any_database
VALID_USER = {
    "email": "zoe@example.com",
    "first_name": "Zoé",
    "last_name": "Ardant",
    "password": PASSWORD,
}


ROUTES = [
    ("GET", "/__admin/"),
    ("POST", "/__admin/reset"),
    ("GET", "/__admin/clock"),
    ("POST", "/__admin/clock"),
    ("GET", "/__admin/mails"),
    ("DELETE", "/__admin/mails"),
    ("POST", "/__admin/users"),
]


@pytest.fixture
def closed_app(make_app):
    """A portal as served without ``--admin``."""
    return make_app(ADMIN_API=False)


@pytest.mark.parametrize(("method", "path"), ROUTES)
@refused_before_the_database
def test_every_route_answers_404_when_the_api_is_off(closed_app, method, path):
    response = closed_app.test_client().open(path, method=method, json={"advance_minutes": 91})
    assert response.status_code == 404
    assert response.json["error"] == "Not Found"


def test_api_off_neither_creates_users_nor_moves_the_clock(closed_app):
    client = closed_app.test_client()
    client.post("/__admin/users", json=VALID_USER)
    client.post("/__admin/clock", json={"advance_minutes": 91})
    with closed_app.app_context():
        assert find_account(VALID_USER["email"]) is None
        assert clock.offset() == timedelta(0)


def test_api_is_off_by_default(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_PORTAL_")}
    environment["MOCK_PORTAL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'default.db'}"
    environment["MOCK_PORTAL_INSTANCE"] = str(tmp_path)
    environment["MOCK_PORTAL_PUBLIC_URL"] = "http://localhost"
    script = (
        "from mock_portal import create_app\n"
        "app = create_app()\n"
        "print(app.config['ADMIN_API'], app.test_client().get('/__admin/').status_code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "404"]


# Reset


def test_reset_restores_the_seeded_state(portal, client):
    accounts = portal.account_count()
    portal.register()
    portal.create_account(email="zoe@example.com")
    portal.advance_clock(minutes=91)
    response = client.post("/__admin/reset", json={})
    assert response.status_code == 200
    assert response.json["status"] == "reset"
    assert portal.account_count() == accounts
    assert portal.mails() == []
    assert client.get("/__admin/clock").json["offset_seconds"] == 0


def test_reset_forgets_accounts_that_could_sign_in(portal, client):
    portal.create_account()
    client.post("/__admin/reset", json={})
    assert portal.identify("marie.dupont@example.com").status_code == 400


def _every_row(app) -> dict[str, list[tuple]]:
    """Each table's rows, in the order of their keys."""
    with app.app_context():
        return {
            table.name: [
                tuple(row)
                for row in db.session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
        }


def _made_in_a_scenario(portal, client, app, seeded):
    """What a scenario makes (a registration, an account, the clock moved): the numbered
    ids of the rows it added or changed, by table (other keys are drawn at random)."""
    portal.register(email="zoe@example.com")
    portal.create_account(email="other.zoe@example.com")
    client.post("/__admin/clock", json={"advance_minutes": 91})
    rows = _every_row(app)
    added = {name: set(rows[name]) - set(seeded[name]) for name in rows}
    return {
        name: sorted(row[0] for row in changed if isinstance(row[0], int))
        for name, changed in added.items()
        if changed
    }


@pytest.fixture(params=["seeded at its start", "started on data"])
def restarted(request, databases, make_app):
    """A portal that seeded its empty database at its start (resets copy that state back),
    or one started on a copy of a seeded database (on SQLite, resets seed again; on
    PostgreSQL, the copy came with the database)."""
    if request.param == "seeded at its start":
        return make_app(SQLALCHEMY_DATABASE_URI=databases.new(seeded=False))
    return make_app()


def test_every_reset_restores_the_seeded_state_row_for_row(restarted):
    client = restarted.test_client()
    portal = PortalActions(restarted, client)
    seeded = _every_row(restarted)
    first = _made_in_a_scenario(portal, client, restarted, seeded)
    assert first
    for _ in range(3):
        assert client.post("/__admin/reset", json={}).status_code == 200
        assert _every_row(restarted) == seeded
        # The same ids again: a scenario makes the same records, whichever reset came before.
        assert _made_in_a_scenario(portal, client, restarted, seeded) == first


def _database_file(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def test_the_seeded_state_is_copied_back_rather_than_seeded_again(databases, make_app, seedings):
    fresh = make_app(SQLALCHEMY_DATABASE_URI=databases.new(seeded=False))
    actions = PortalActions(fresh, fresh.test_client())
    seeded = _every_row(fresh)
    for _ in range(2):
        actions.create_account(email="zoe@example.com")
        assert actions.client.post("/__admin/reset", json={}).status_code == 200
    assert _every_row(fresh) == seeded
    assert seedings == []
    on_sqlite = databases.backend == "sqlite"
    if on_sqlite:  # the file itself still writes ahead, whoever opens it
        with sqlite3.connect(_database_file(fresh)) as reader:
            assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # Another seed of the fake operators than the copy's: seeded again, at each reset on
    # SQLite (only the start's seeding is kept there); once on PostgreSQL, whose reset
    # keeps what it seeded, every table locked.
    fresh.config["FAKER_SEED"] += 1
    for _ in range(2):
        assert actions.client.post("/__admin/reset", json={}).status_code == 200
    reseeded = _every_row(fresh)
    assert reseeded != seeded
    assert len(seedings) == (2 if on_sqlite else 1)
    actions.create_account(email="zoe@example.com")
    assert actions.client.post("/__admin/reset", json={}).status_code == 200
    assert _every_row(fresh) == reseeded


def test_tables_rebuilt_since_the_copy_are_seeded_again(databases, make_app, seedings):
    fresh = make_app(SQLALCHEMY_DATABASE_URI=databases.new(seeded=False))
    seeded = _every_row(fresh)
    # As another version of the mock, started on the same file, leaves them.
    with fresh.app_context():
        db.session.execute(update(SchemaVersion).values(fingerprint="another version"))
        db.session.commit()
        reset_portal()
        assert seedings == [1]
        db.session.execute(update(SchemaVersion).values(fingerprint=seed.schema_fingerprint()))
        db.session.commit()
    assert _every_row(fresh) == seeded


def test_a_reset_overwrites_what_its_own_request_left_uncommitted(restarted, monkeypatch):
    # Else that change's lock would stop the copy (for a second here, then a 503).
    monkeypatch.setattr(sqlite_snapshot, "WAIT_SECONDS", 1)
    seeded = _every_row(restarted)
    with restarted.app_context():
        for _ in range(2):
            db.session.execute(update(ClockOffset).values(seconds=3600))
            reset_portal()
    assert _every_row(restarted) == seeded


@pytest.mark.any_database  # SQLite's own locks
def test_a_reset_waits_for_a_writer_then_says_the_portal_is_busy(tmp_path, make_app, monkeypatch):
    monkeypatch.setattr(sqlite_snapshot, "WAIT_SECONDS", 0.5)
    database = tmp_path / "fresh.db"
    fresh = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    client = fresh.test_client()
    seeded = _every_row(fresh)
    PortalActions(fresh, client).create_account(email="zoe@example.com")
    writer = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    try:
        asked = time.monotonic()
        answer = client.post("/__admin/reset", json={})
        assert time.monotonic() - asked >= 0.5  # it waited for the writer first
        assert answer.status_code == 503
        assert "very busy" in answer.get_data(as_text=True)
        assert _every_row(fresh) != seeded  # nothing was lost meanwhile
        with fresh.app_context():  # the pool's connections wait as long as before
            assert db.session.scalar(text("PRAGMA busy_timeout")) == SQLITE_BUSY_TIMEOUT * 1000
        # A writer that ends within the wait: the reset goes through.
        monkeypatch.setattr(sqlite_snapshot, "WAIT_SECONDS", 30)
        threading.Timer(0.2, writer.rollback).start()
        assert client.post("/__admin/reset", json={}).status_code == 200
    finally:
        writer.close()
    assert _every_row(fresh) == seeded


def test_a_reset_copied_back_forgets_the_clock_in_the_same_request(restarted):
    with restarted.app_context():
        for _ in range(3):
            clock.advance(timedelta(days=30))
            clock.freeze(True)
            reset_portal()
            assert not clock.is_frozen()
            assert abs(clock.offset()) < timedelta(seconds=5)


# Clock


def _now(client):
    return datetime.fromisoformat(client.get("/__admin/clock").json["now"].removesuffix("Z"))


def test_clock_starts_at_real_time(client):
    state = client.get("/__admin/clock").json
    assert state["offset_seconds"] == 0
    now = datetime.fromisoformat(state["now"].removesuffix("Z"))
    assert abs(now - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("body", "offset"),
    [
        ({"advance_minutes": 91}, 91 * 60),
        ({"advance_seconds": 30}, 30),
        ({"advance_minutes": 1, "advance_seconds": 30}, 90),
        ({"advance_minutes": "2.5"}, 150),
        ({"advance_minutes": -10}, -600),
    ],
)
def test_clock_moves_forward_by_the_duration_given(client, body, offset):
    response = client.post("/__admin/clock", json=body)
    assert response.status_code == 200
    assert response.json["offset_seconds"] == pytest.approx(offset, abs=1)
    assert client.get("/__admin/clock").json["offset_seconds"] == pytest.approx(offset, abs=1)


def test_clock_moves_add_up(client):
    client.post("/__admin/clock", json={"advance_minutes": 30})
    client.post("/__admin/clock", json={"advance_minutes": 61})
    assert client.get("/__admin/clock").json["offset_seconds"] == pytest.approx(91 * 60, abs=1)


@pytest.mark.parametrize(
    "moment", ["2030-01-01T12:00:00Z", "2030-01-01T12:00:00", "2030-01-01T14:00:00+02:00"]
)
def test_clock_is_set_to_the_moment_given_in_utc(client, moment):
    response = client.post("/__admin/clock", json={"now": moment})
    assert response.status_code == 200
    assert response.json["now"].startswith("2030-01-01T12:00:0")
    assert abs(_now(client) - datetime(2030, 1, 1, 12)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        ["advance_minutes", 91],
        {},
        {"advance_minutes": "soon"},
        {"advance_minutes": None},
        {"advance_seconds": "nan"},
        {"advance_minutes": 1e12},
        {"advance_minutes": "inf"},
        {"now": "tomorrow"},
        {"now": 2030},
    ],
)
@refused_before_the_database
def test_bad_clock_body_is_refused_with_a_reason_and_moves_nothing(client, body):
    if isinstance(body, str):
        response = client.post("/__admin/clock", data=body, content_type="application/json")
    else:
        response = client.post("/__admin/clock", json=body)
    assert response.status_code == 400
    assert response.json["reason"]
    assert client.get("/__admin/clock").json["offset_seconds"] == 0


# Mail


def test_mails_are_listed_with_their_links(portal, client):
    portal.register()
    [mail] = client.get("/__admin/mails").json["mails"]
    assert mail["from"] == "automated-notifications@nomail.ec.europa.eu"
    assert mail["to"] == "marie.dupont@example.com"
    assert mail["subject"] == "EU Login: set your password"
    assert mail["sent_at"].endswith("Z")
    [link] = mail["links"]
    assert link.startswith("http://localhost/cas/init/initialisePasswordLogin.cgi?token=")
    assert link in mail["body"]


def test_mails_are_filtered_by_recipient_whatever_its_case(portal, client):
    portal.register(email="first@example.com")
    portal.register(email="second@example.com")
    mails = client.get("/__admin/mails", query_string={"to": "SECOND@example.com"}).json["mails"]
    assert [mail["to"] for mail in mails] == ["second@example.com"]


def test_mails_are_listed_oldest_first(portal, client):
    portal.register(email="first@example.com")
    portal.register(email="second@example.com")
    assert [m["to"] for m in client.get("/__admin/mails").json["mails"]] == [
        "first@example.com",
        "second@example.com",
    ]


def test_deleting_mails_empties_the_mailbox(portal, client):
    portal.register(email="first@example.com")
    portal.register(email="second@example.com")
    response = client.delete("/__admin/mails", headers=CONTROL)
    assert response.json == {"deleted": 2}
    assert client.get("/__admin/mails").json["mails"] == []


# Users


def test_created_user_is_activated_and_can_sign_in(portal, client):
    response = client.post(
        "/__admin/users",
        json={
            "email": "Zoe@Example.com",
            "first_name": "Zoé",
            "last_name": "Ardant",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201
    assert response.json["email"] == "zoe@example.com"
    assert response.json["uid"].startswith("n00")
    assert TICKET.match(portal.ticket(service=PRODUCTION, email="zoe@example.com"))
    assert portal.mails() == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"first_name": "Z0é"}, "letters"),
        ({"last_name": ""}, "letters"),
        ({"first_name": None}, "letters"),
        ({"email": "zoe"}, "not an e-mail address"),
        ({"email": 42}, "not an e-mail address"),
        ({"email": "zoe@ec.europa.eu"}, "EU institutions"),
        ({"email": "zoe ardant@example.com"}, "not an e-mail address"),
        ({"email": "zoe@ardant@example.com"}, "not an e-mail address"),
        ({"mail_language": "klingon"}, "mail_language must be one of"),
        ({"password": "short"}, "at least 10 characters"),
        ({"password": "nospecialchar1A"}, "special character"),
    ],
)
@refused_before_the_database
def test_invalid_user_is_refused_with_a_reason(portal, client, change, reason):
    accounts = portal.account_count()
    response = client.post("/__admin/users", json=VALID_USER | change)
    assert response.status_code == 400
    assert reason in response.json["reason"]
    assert portal.account_count() == accounts


@pytest.mark.parametrize("body", ["not json", [VALID_USER]])
@refused_before_the_database
def test_user_body_must_be_a_json_object(client, body):
    if isinstance(body, str):
        response = client.post("/__admin/users", data=body, content_type="application/json")
    else:
        response = client.post("/__admin/users", json=body)
    assert response.status_code == 400
    assert response.json["reason"] == "Send a JSON object as the request body."


@pytest.mark.parametrize("email", ["zoe@example.com", "ZOE@example.COM"])
def test_duplicate_user_is_a_conflict(portal, client, email):
    client.post("/__admin/users", json=VALID_USER)
    response = client.post("/__admin/users", json=VALID_USER | {"email": email})
    assert response.status_code == 409
    assert "already exists" in response.json["reason"]


def test_user_registered_through_the_form_is_a_duplicate_too(portal, client):
    portal.register(email="zoe@example.com")
    response = client.post("/__admin/users", json=VALID_USER)
    assert response.status_code == 409


@refused_before_the_database
def test_api_needs_no_csrf_token(client):
    assert client.post("/__admin/clock", json={"advance_seconds": 1}).status_code == 200


def test_frozen_clock_stands_still(client):
    frozen = client.post("/__admin/clock", json={"now": "2030-01-01T12:00:00Z", "freeze": True})
    assert frozen.json["frozen"] is True
    assert client.get("/__admin/clock").json["now"] == "2030-01-01T12:00:00Z"
    assert client.get("/__admin/clock").json["now"] == "2030-01-01T12:00:00Z"


def test_frozen_clock_still_moves_when_told(client):
    client.post("/__admin/clock", json={"now": "2030-01-01T12:00:00Z", "freeze": True})
    response = client.post("/__admin/clock", json={"advance_minutes": 91})
    assert response.json["now"] == "2030-01-01T13:31:00Z"


def test_unfrozen_clock_runs_again_from_where_it_stood(client):
    client.post("/__admin/clock", json={"now": "2030-01-01T12:00:00Z", "freeze": True})
    response = client.post("/__admin/clock", json={"freeze": False})
    assert response.json["frozen"] is False
    assert abs(_now(client) - datetime(2030, 1, 1, 12)) < timedelta(minutes=1)


@pytest.mark.parametrize("freeze", ["yes", 1, None])
@refused_before_the_database
def test_freeze_must_be_true_or_false(client, freeze):
    response = client.post("/__admin/clock", json={"freeze": freeze})
    assert response.status_code == 400
    assert response.json["reason"] == "freeze must be true or false."
    assert client.get("/__admin/clock").json["frozen"] is False


def test_reset_lets_a_frozen_clock_run_again(client):
    client.post("/__admin/clock", json={"now": "2030-01-01T12:00:00Z", "freeze": True})
    client.post("/__admin/reset", json={})
    state = client.get("/__admin/clock").json
    assert (state["frozen"], state["offset_seconds"]) == (False, 0)


# Cross-site use


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/__admin/reset"), ("DELETE", "/__admin/mails")]
)
@refused_before_the_database
def test_a_change_without_json_nor_the_control_header_is_refused(client, portal, method, path):
    portal.register()
    # What a form on another site can send: a simple request, no custom header.
    response = client.open(
        path, method=method, data="x=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "X-Mock-Portal-Control" in response.json["reason"]
    assert len(portal.mails()) == 1


@refused_before_the_database
def test_a_form_posting_json_as_text_is_refused(client):
    response = client.post(
        "/__admin/users", data='{"email": "x@example.com"}', content_type="text/plain"
    )
    assert response.status_code == 400


def test_a_change_with_the_control_header_is_accepted(client):
    assert client.post("/__admin/reset", headers=CONTROL).status_code == 200


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:5000", "null"])
@refused_before_the_database
def test_a_request_from_another_origin_is_refused(client, origin):
    response = client.post("/__admin/users", json=VALID_USER, headers={"Origin": origin})
    assert response.status_code == 403
    assert "does not answer pages of" in response.json["reason"]
    with client.application.app_context():
        assert find_account(VALID_USER["email"]) is None


@refused_before_the_database
def test_a_read_from_another_site_is_refused(client):
    response = client.get("/__admin/mails", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_a_request_from_the_portals_own_pages_is_accepted(client):
    response = client.post(
        "/__admin/users", json=VALID_USER, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 201


# Password links, aged for one account


def _age(client, email, minutes):
    return client.post(
        f"/__admin/users/{email}/password-links/age", json={"minutes": minutes}, headers=CONTROL
    )


@pytest.mark.parametrize(
    ("minutes", "heading"), [(89, "New password"), (91, "Link no longer valid")]
)
def test_aged_link_expires_after_90_minutes_without_moving_the_clock(
    portal, client, minutes, heading
):
    portal.register(email="zoe@example.com")
    portal.register(email="other@example.com")
    response = _age(client, "zoe@example.com", minutes)
    assert response.json == {"email": "zoe@example.com", "aged_links": 1, "minutes": minutes}
    assert page(client.get(portal.last_link("zoe@example.com"))).heading == heading
    # Nobody else's link, nor the portal's clock, moved.
    assert page(client.get(portal.last_link("other@example.com"))).heading == "New password"
    assert client.get("/__admin/clock").json["offset_seconds"] == 0


@pytest.mark.parametrize("minutes", [-1, 2 * 24 * 60 + 1, "91", None, True, float("nan")])
@refused_before_the_database
def test_bad_age_is_refused_with_a_reason(portal, client, minutes):
    portal.register(email="zoe@example.com")
    response = _age(client, "zoe@example.com", minutes)
    assert response.status_code == 400
    assert "minutes must be a number" in response.json["reason"]
    assert page(client.get(portal.last_link("zoe@example.com"))).heading == "New password"


def test_ageing_the_links_of_an_unknown_account_is_a_404(client):
    response = _age(client, "nobody@example.com", 91)
    assert response.status_code == 404
    assert "No EU Login account" in response.json["reason"]


# The EU Login Mobile App, for scenarios' Givens


def test_a_device_added_through_the_api_is_held_by_an_installation(portal, app, client):
    import pyotp

    portal.create_account()
    answer = client.post(
        "/__admin/users/marie.dupont@example.com/devices", json={"name": "Phone", "pin": "2580"}
    )
    assert answer.status_code == 201
    body = answer.json
    assert body["name"] == "Phone" and not body["blocked"]
    assert body["installation"]["cookie"] == "eulogin_mobile_app"
    phone = app.test_client()
    phone.set_cookie("eulogin_mobile_app", body["installation"]["value"], path="/mobile-app/")
    assert "marie.dupont@example.com" in page(phone.get("/mobile-app/")).text
    listed = client.get("/__admin/users/marie.dupont@example.com/devices").json["devices"]
    assert [device["identifier"] for device in listed] == [body["identifier"]]
    # The key answers the QR method, as any authenticator holding it would.
    qr_page = portal.sign_in_qr_page(service=PRODUCTION)
    assert (
        portal.enter_code(qr_page, pyotp.TOTP(body["key"]).now(), service=PRODUCTION).status_code
        == 302
    )


@pytest.mark.parametrize(
    "body",
    [{"pin": "25"}, {"pin": 2580}, {"name": "", "pin": "2580"}, {"name": "x" * 51, "pin": "2580"}],
)
@refused_before_the_database
def test_a_device_against_the_rules_is_refused(portal, client, body):
    portal.create_account()
    answer = client.post("/__admin/users/marie.dupont@example.com/devices", json=body)
    assert answer.status_code == 400
    assert client.get("/__admin/users/marie.dupont@example.com/devices").json["devices"] == []


def test_devices_of_an_unknown_account_are_not_found(client):
    answer = client.post("/__admin/users/nobody@example.com/devices", json={"pin": "2580"})
    assert answer.status_code == 404
