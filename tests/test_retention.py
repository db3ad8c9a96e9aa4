"""A portal that lasts a year: what scenarios and trainees made goes after ``--retain-days``
(once a day, or on demand through the control API), the seeded data never; the mailbox
keeps its newest mail only."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, true, update
from sqlalchemy.exc import OperationalError

from mock_portal import __main__ as cli
from mock_portal import classroom, clock, create_app, retention
from mock_portal.config import whole_number
from mock_portal.eulogin.models import (
    Account,
    AccountGroup,
    Captcha,
    MobileDevice,
    PasswordLink,
    ServiceTicket,
    SsoSession,
)
from mock_portal.extensions import db
from mock_portal.mailbox import send_mail
from mock_portal.mobile_app.models import Installation
from mock_portal.models import Mail, PurgeRun
from mock_portal.traces.models import Operator, OperatorActivity, Organisation, Role, TracesUser
from mock_portal.traces.seeddata import SEEDED_AT

from .conftest import portal_config
from .traces.people import PASSWORD, Portal, valid_operator

ABIAN = "ABIAN BALI EU SPRL"
OLD = "old@example.com"
NEW = "new@example.com"
DAY_MINUTES = 24 * 60
# The seeded rows of each kind, told by their mark, and the reference tables.
SEEDED = {
    "accounts": (Account, Account.seeded.is_(True)),
    "traces_users": (TracesUser, TracesUser.seeded.is_(True)),
    "roles": (Role, Role.seeded.is_(True)),
    "operators": (Operator, Operator.seeded.is_(True)),
    "activities": (OperatorActivity, OperatorActivity.seeded.is_(True)),
    "organisations": (Organisation, true()),
}


@pytest.fixture
def portal(make_app) -> Portal:
    return Portal(make_app(WTF_CSRF_ENABLED=False))


def _seeded(portal: Portal) -> dict[str, int]:
    return {kind: portal.count(model, where) for kind, (model, where) in SEEDED.items()}


def _advance_days(portal: Portal, days: float) -> None:
    response = portal.control.post("/__admin/clock", json={"advance_minutes": days * DAY_MINUTES})
    assert response.status_code == 200, response.json


def _purge(portal: Portal, **body) -> dict:
    response = portal.control.post("/__admin/purge", json=body)
    assert response.status_code == 200, response.json
    return response.json


def _control(portal: Portal, method: str, path: str, body: dict) -> dict:
    response = portal.control.open(f"/__admin/{path}", method=method, json=body)
    assert response.status_code in (200, 201), response.json
    return response.json


def _company(portal: Portal, email: str, name: str) -> int:
    """``email`` creates an Argentinian company and the authority validates the role."""
    details = {k: v for k, v in valid_operator().items() if k not in ("section", "activity_type")}
    body = {
        "email": email,
        "operator": {**details, "name": name, "country": "AR", "eori": ""},
        "section": "Third country professional operators (TCPO)",
        "activity_type": "Professional operator",
        "authority": "ARSENASA01",
    }
    return _control(portal, "POST", "environments/production/operators", body)["operator_id"]


def _wrong_password(portal: Portal, email: str) -> None:
    client = portal.app.test_client()
    client.post("/cas/login", data={"email": email})
    client.post("/cas/login", data={"email": email, "password": "not the password"})


def _leave_a_trace_of_every_kind(portal: Portal) -> None:
    """An account with a group, a device on its phone, a password link, an SSO session and
    tickets, a TRACES NT user with a request for a seeded operator and a company of its own;
    an activity added to a seeded operator; a captcha; a device and wrong passwords on a
    seeded authority's account; and the mail all this sends."""
    portal.create_account(OLD, "Olga", "Old")
    _control(portal, "PUT", f"users/{OLD}/groups", {"groups": ["TRACES_EXPORTERS"]})
    _control(portal, "POST", f"users/{OLD}/devices", {"name": "Phone", "pin": "2580"})
    _control(portal, "POST", "users/fr007@autorite.example/devices", {"pin": "2580"})
    old = portal.sign_in(OLD, PASSWORD)
    assert old.request_authorisation(ABIAN, "BE").status_code == 302
    _company(portal, OLD, "Old Company SA")
    _control(
        portal,
        "POST",
        "environments/production/activities",
        {"operator": "PAT", "country": "AR", "section": "RFL", "activity_type": "responsible"},
    )
    portal.control.get("/cas/eim/external/register.cgi")
    portal.control.post("/cas/init/passwordResetRequest.cgi", data={"email": OLD})
    _wrong_password(portal, "fr007@autorite.example")


def test_the_purge_deletes_old_data_of_every_kind_and_keeps_the_seed(portal):
    seeded = _seeded(portal)
    _leave_a_trace_of_every_kind(portal)
    _advance_days(portal, 31)
    portal.user(NEW, "Nina", "New").request_authorisation(ABIAN, "BE")
    with portal.app.app_context():
        older_than = clock.now() - timedelta(days=30)
    recent_mails = portal.count(Mail, Mail.sent_at >= older_than)
    assert 0 < recent_mails < portal.count(Mail)

    answer = _purge(portal, older_than_days=30)

    deleted = answer["deleted"]
    assert {kind: deleted[kind] for kind in ("accounts", "traces_users", "operators")} == {
        "accounts": 1,
        "traces_users": 1,
        "operators": 1,
    }
    # Olga's request for ABIAN and her company's role; her company's first activity and PAT's.
    assert (deleted["roles"], deleted["activities"]) == (2, 2)
    # Olga's device and the one added to the seeded authority's account, with their phones.
    assert (deleted["devices"], deleted["app_installations"]) == (2, 2)
    assert deleted["password_links"] == 1 and deleted["lockouts_lifted"] == 1
    for kind in ("sso_sessions", "service_tickets", "captchas", "device_enrolments", "mails"):
        assert deleted[kind] >= 1, kind
    assert _seeded(portal) == seeded
    for model in (AccountGroup, MobileDevice, Installation, PasswordLink, Captcha):
        assert portal.count(model) == 0, model.__name__
    assert portal.count(Account, Account.email == OLD) == 0
    assert portal.count(Operator, Operator.name == "Old Company SA") == 0
    assert (
        portal.count(
            OperatorActivity,
            OperatorActivity.section_code == "RFL",
            OperatorActivity.operator_id == portal.operator_id("PAT"),
        )
        == 0
    )
    failures = select(Account.failed_sign_ins).where(Account.email == "fr007@autorite.example")
    assert portal.scalar(failures) == 0
    # What was made in the last 30 days stays.
    assert portal.count(Account, Account.email == NEW) == 1
    assert [role.status for role in portal.roles_of(NEW)] == ["requested"]
    assert portal.count(Mail) == recent_mails
    assert portal.count(SsoSession) >= 1 and portal.count(ServiceTicket) >= 1
    assert answer["older_than_days"] == 30


def test_the_seeded_data_stays_whatever_its_age(portal):
    seeded = _seeded(portal)
    answer = _purge(portal, older_than_days=0)
    assert _seeded(portal) == seeded
    assert set(answer["deleted"].values()) == {0}


def test_a_purge_right_after_changes_nothing(portal):
    _leave_a_trace_of_every_kind(portal)
    _advance_days(portal, 31)
    _purge(portal, older_than_days=30)
    assert set(_purge(portal, older_than_days=30)["deleted"].values()) == {0}


def test_recent_data_keeps_the_older_data_it_hangs_on(portal):
    """Marie's company is old; Paul asked for it yesterday and Marie, its administrator,
    validated him: the company stays while Paul's role does, with its activity, and goes
    after it."""
    portal.create_account("marie@example.com", "Marie", "Dupont")
    portal.sign_in("marie@example.com", PASSWORD)
    company = _company(portal, "marie@example.com", "Vergers Dupont SRL")
    _advance_days(portal, 31)
    paul = portal.user("paul@example.com", "Paul", "Martin")
    assert paul.request_authorisation("Vergers Dupont SRL", "AR").status_code == 302
    marie = portal.sign_in("marie@example.com", PASSWORD)
    paul_role = portal.role_id("paul@example.com", "Vergers Dupont SRL")
    assert marie.decide_role(paul_role, "validate").status_code == 302

    deleted = _purge(portal, older_than_days=30)["deleted"]

    assert (deleted["roles"], deleted["activities"], deleted["operators"]) == (1, 0, 0)
    assert portal.count(Operator, Operator.id == company) == 1
    assert len(portal.activities(company)) == 1
    kept = portal.role(paul_role)
    assert (kept.status, kept.decided_by_id) == ("valid", None)
    # Marie's TRACES NT user went with her last role; her account, used yesterday, stays.
    assert portal.count(TracesUser, TracesUser.email == "marie@example.com") == 0
    assert portal.count(Account, Account.email == "marie@example.com") == 1

    _advance_days(portal, 31)
    deleted = _purge(portal, older_than_days=30)["deleted"]
    assert (deleted["roles"], deleted["activities"], deleted["operators"]) == (1, 1, 1)
    assert deleted["accounts"] == 2
    assert portal.count(Operator, Operator.id == company) == 0


def test_a_device_used_since_stays_with_its_account(portal):
    """Olga's account and a seeded authority's device are 31 days old, but both devices gave
    a one-time password yesterday: nothing of theirs goes."""
    portal.create_account(OLD)
    for email in (OLD, "fr007@autorite.example"):
        _control(portal, "POST", f"users/{email}/devices", {"pin": "2580"})
    _advance_days(portal, 31)
    with portal.app.app_context():
        yesterday = clock.now() - timedelta(days=1)
        db.session.execute(update(MobileDevice).values(last_code_at=yesterday))
        db.session.commit()

    deleted = _purge(portal, older_than_days=30)["deleted"]

    assert (deleted["accounts"], deleted["devices"]) == (0, 0)
    assert portal.count(MobileDevice) == 2
    _advance_days(portal, 30)
    deleted = _purge(portal, older_than_days=30)["deleted"]
    assert (deleted["accounts"], deleted["devices"]) == (1, 2)


def test_what_is_made_at_the_seeds_instant_is_no_seeded_data(portal):
    """A clock set to the seed's instant makes records like any other: they go in turn."""
    _set_clock(portal, SEEDED_AT.isoformat())
    portal.create_account(OLD)
    _advance_days(portal, 31)
    assert _purge(portal, older_than_days=30)["deleted"]["accounts"] == 1
    assert portal.count(Account, Account.email == OLD) == 0


def test_a_reset_gives_the_seeded_records_their_ids_back(portal):
    seeded_users = select(TracesUser.id).order_by(TracesUser.id)
    before = [row.id for row in portal.rows(seeded_users)]
    portal.user(NEW, "Nina", "New")
    portal.reset()
    assert [row.id for row in portal.rows(seeded_users)] == before


def test_a_purged_users_session_opens_nobody_elses(portal):
    olga = portal.user(OLD, "Olga", "Old")
    olga_id = portal.scalar(select(TracesUser.id).where(TracesUser.email == OLD))
    _advance_days(portal, 2)
    _purge(portal, older_than_days=1)
    portal.user(NEW, "Nina", "New")
    assert portal.scalar(select(TracesUser.id).where(TracesUser.email == NEW)) != olga_id
    answer = olga.get("/profile")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")


# -- The control API ---------------------------------------------------------------------


def test_the_purge_answers_what_it_deleted_of_each_kind(portal):
    answer = _purge(portal, older_than_days=7)
    assert set(answer["deleted"]) >= {
        "accounts",
        "devices",
        "sso_sessions",
        "service_tickets",
        "password_links",
        "lockouts_lifted",
        "traces_users",
        "roles",
        "operators",
        "activities",
        "mails",
    }
    with portal.app.app_context():
        expected = clock.now() - timedelta(days=7)
    assert abs(datetime.fromisoformat(answer["older_than"][:-1]) - expected) < timedelta(seconds=5)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("older_than_days=1", "application/x-www-form-urlencoded"),
        ('{"older_than_days": 1', "application/json"),
        ("1", "text/plain"),
    ],
)
def test_a_body_that_is_no_json_object_is_refused(portal, body, content_type):
    """The control header lets any body in: a typo in it must not purge with the default."""
    portal.create_account(OLD)
    _backdate(portal, OLD, 100)
    response = portal.control.post(
        "/__admin/purge",
        data=body,
        content_type=content_type,
        headers={"X-Mock-Portal-Control": "1"},
    )
    assert response.status_code == 400
    assert response.json["reason"] == "Send a JSON object as the request body."
    assert portal.count(Account, Account.email == OLD) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"older_than_days": -1}, "older_than_days must be a number from 0 to 36500."),
        ({"older_than_days": "ten"}, "older_than_days must be a number from 0 to 36500."),
        ({"older_than_days": True}, "older_than_days must be a number from 0 to 36500."),
        ({"older_than_days": 1e9}, "older_than_days must be a number from 0 to 36500."),
        (
            {"older_than_days": None},
            "Give older_than_days, or start the portal with --retain-days.",
        ),
        ({}, "Give older_than_days, or start the portal with --retain-days."),
        ([30], "Send a JSON object as the request body."),
    ],
)
def test_a_bad_purge_is_refused_with_a_reason(portal, body, reason):
    portal.create_account(OLD)
    _backdate(portal, OLD, 100)
    response = portal.control.post("/__admin/purge", json=body)
    assert response.status_code == 400
    assert response.json["reason"] == reason
    assert portal.count(Account, Account.email == OLD) == 1


def test_without_a_body_the_purge_takes_the_portals_retention(make_app):
    portal = Portal(make_app(RETAIN_DAYS=3))
    answer = portal.control.post("/__admin/purge", headers={"X-Mock-Portal-Control": "1"})
    assert answer.status_code == 200, answer.json
    assert answer.json["older_than_days"] == 3


def test_the_purge_is_not_a_page_of_the_portal_without_the_control_api(make_app):
    portal = Portal(make_app(ADMIN_API=False))
    assert portal.control.post("/__admin/purge", json={"older_than_days": 1}).status_code == 404


# -- Once a day --------------------------------------------------------------------------


def _set_clock(portal: Portal, moment: str) -> None:
    """Stop the clock at ``moment`` exactly (stopped first: a running clock moves on)."""
    _control(portal, "POST", "clock", {"freeze": True})
    _control(portal, "POST", "clock", {"now": moment})


def _backdate(portal: Portal, email: str, days: int) -> None:
    with portal.app.app_context():
        account = db.session.scalar(select(Account).where(Account.email == email))
        account.created_at -= timedelta(days=days)
        db.session.commit()


def _look(portal: Portal) -> None:
    """A page, answered and closed as a server closes it: then the portal looks."""
    answer = portal.control.get("/mailbox/")
    assert answer.status_code == 200
    answer.close()


def test_the_daily_purge_runs_once_a_day(make_app):
    portal = Portal(make_app(RETAIN_DAYS=1, PURGE_CHECK_SECONDS=0))
    _set_clock(portal, "2030-03-01T08:00:00Z")
    _look(portal)  # the day's purge
    portal.create_account(OLD)
    _backdate(portal, OLD, 5)
    _look(portal)
    assert portal.count(Account, Account.email == OLD) == 1  # today's purge is done
    _set_clock(portal, "2030-03-01T23:59:00Z")
    _look(portal)
    assert portal.count(Account, Account.email == OLD) == 1
    _set_clock(portal, "2030-03-02T00:01:00Z")
    _look(portal)
    assert portal.count(Account, Account.email == OLD) == 0
    days = portal.rows(select(PurgeRun.day).order_by(PurgeRun.day))
    assert [str(row.day) for row in days][-2:] == ["2030-03-01", "2030-03-02"]


def test_the_daily_purge_waits_until_the_answer_has_gone(make_app):
    portal = Portal(make_app(RETAIN_DAYS=1, PURGE_CHECK_SECONDS=0))
    portal.create_account(OLD)
    _backdate(portal, OLD, 5)
    answer = portal.control.get("/mailbox/")
    assert answer.status_code == 200
    assert portal.count(PurgeRun) == 0 and portal.count(Account, Account.email == OLD) == 1
    answer.close()
    assert portal.count(PurgeRun) == 1 and portal.count(Account, Account.email == OLD) == 0


def test_a_failed_daily_purge_gives_the_day_back(make_app, monkeypatch):
    portal = Portal(make_app(RETAIN_DAYS=1, PURGE_CHECK_SECONDS=0))
    portal.create_account(OLD)
    _backdate(portal, OLD, 5)
    purge = retention.purge

    def fails_once(older_than):
        monkeypatch.setattr(retention, "purge", purge)
        raise OperationalError("DELETE FROM account", {}, Exception("database is locked"))

    monkeypatch.setattr(retention, "purge", fails_once)
    _look(portal)
    assert portal.count(PurgeRun) == 0 and portal.count(Account, Account.email == OLD) == 1
    _look(portal)
    assert portal.count(PurgeRun) == 1 and portal.count(Account, Account.email == OLD) == 0


def test_without_retention_nothing_is_purged(make_app):
    portal = Portal(make_app(PURGE_CHECK_SECONDS=0))
    portal.create_account(OLD)
    _backdate(portal, OLD, 5000)
    _look(portal)
    assert portal.count(Account, Account.email == OLD) == 1
    assert portal.count(PurgeRun) == 0


def test_each_worker_looks_only_now_and_then(make_app):
    portal = Portal(make_app(RETAIN_DAYS=1, PURGE_CHECK_SECONDS=3600))
    _look(portal)
    portal.create_account(OLD)
    _backdate(portal, OLD, 5)
    _advance_days(portal, 2)
    _look(portal)
    # A new day, but this worker looked less than an hour ago.
    assert portal.count(Account, Account.email == OLD) == 1


def test_of_two_instances_on_one_database_only_one_purges_a_day(databases, tmp_path, monkeypatch):
    url = databases.new()
    first, second = (
        create_app(portal_config(url, tmp_path / name, RETAIN_DAYS=1)) for name in "ab"
    )
    try:
        with first.app_context():
            assert retention.daily_purge(1) is not None
        with second.app_context():
            assert retention.daily_purge(1) is None
            # Both looked at the same moment: the second records the day too late.
            monkeypatch.setattr(db.session, "get", lambda *args, **kwargs: None)
            assert retention.daily_purge(1) is None
    finally:
        for app in (first, second):
            with app.app_context():
                db.engine.dispose()


# -- The mailbox's limit -----------------------------------------------------------------


def test_the_mailbox_keeps_the_newest_mail(make_app):
    app = make_app(MAILBOX_MAX=5)
    with app.app_context():
        for number in range(8):
            send_mail("zoe@example.com", f"Mail {number}", "Hello")
        kept = db.session.scalars(select(Mail.subject).order_by(Mail.id)).all()
    assert kept == [f"Mail {number}" for number in range(3, 8)]


def test_a_mailbox_without_a_limit_keeps_everything(make_app):
    app = make_app(MAILBOX_MAX=0)
    with app.app_context():
        for number in range(8):
            send_mail("zoe@example.com", f"Mail {number}", "Hello")
        assert db.session.scalar(select(func.count()).select_from(Mail)) == 8


# -- Options -----------------------------------------------------------------------------


def test_the_options_become_settings():
    args = cli.parse_args(["--retain-days", "30", "--mailbox-max", "500"])
    assert cli.portal_config(args) == {"RETAIN_DAYS": 30, "MAILBOX_MAX": 500}
    assert cli.portal_config(cli.parse_args([])) == {}


@pytest.mark.parametrize(
    "argv",
    [
        ["--retain-days", "0"],
        ["--retain-days", "-3"],
        ["--retain-days", "a week"],
        ["--mailbox-max", "-1"],
        ["--mailbox-max", "1e4"],
    ],
)
def test_bad_options_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.parse_args(argv)
    assert exit_.value.code == 2
    assert "a whole number from" in capsys.readouterr().err


def test_the_classroom_hands_them_to_its_workers(tmp_path):
    args = classroom.parse_args(["--retain-days", "90", "--mailbox-max", "2000"])
    environment = classroom._environment(args, "postgresql://x/y", "http://127.0.0.1:8000", "i")
    assert environment["MOCK_PORTAL_RETAIN_DAYS"] == "90"
    assert environment["MOCK_PORTAL_MAILBOX_MAX"] == "2000"


@pytest.mark.parametrize(("value", "read"), [("", None), ("45", 45), (" 7 ", 7)])
def test_the_environment_variables_are_read(monkeypatch, value, read):
    monkeypatch.setenv("MOCK_PORTAL_RETAIN_DAYS", value)
    assert whole_number("MOCK_PORTAL_RETAIN_DAYS", None) == read


def test_a_bad_environment_variable_stops_the_start(monkeypatch):
    monkeypatch.setenv("MOCK_PORTAL_MAILBOX_MAX", "lots")
    with pytest.raises(ValueError, match=r"\$MOCK_PORTAL_MAILBOX_MAX must be a whole number"):
        whole_number("MOCK_PORTAL_MAILBOX_MAX", 10_000)


def test_every_seeded_row_carries_the_seeds_mark(portal):
    """What tells seeded rows from made ones: a change of the seed that broke it fails here."""
    assert portal.count(Account) == portal.count(*SEEDED["accounts"])
    assert portal.count(TracesUser) == portal.count(*SEEDED["traces_users"])
    assert portal.count(Role) == portal.count(*SEEDED["roles"])
    assert portal.count(Operator) == portal.count(*SEEDED["operators"])
    assert portal.count(OperatorActivity) == portal.count(*SEEDED["activities"])
    portal.user(NEW, "Nina", "New").request_authorisation(ABIAN, "BE")
    assert portal.count(Account, Account.seeded.is_(False)) == 1
    assert portal.count(Role, Role.seeded.is_(False)) == 1
