"""``./dev scale``'s year of CI (``benchmarks/scale.py``): the rows it fills are ones the portal
serves, as the portal would hold them (no more mail than its mailbox keeps, no uid that a
registration could draw), and who is told of a request is the same whoever is asked."""

import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from benchmarks.scale import FILL_PASSWORD, PURGE_DAYS, fill, print_purge
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db
from mock_portal.mailbox import send_mail
from mock_portal.models import Mail
from mock_portal.traces.models import Role, TracesUser
from mock_portal.traces.roles import may_decide, reviewers_of

RUNS = 60
# Below the mail of RUNS runs (more than one mail each).
MAILBOX_MAX = 25
NOW = datetime(2025, 6, 1, 12, 0)


@pytest.fixture
def filled(app):
    with app.app_context(), db.engine.begin() as connection:
        counts = fill(connection, RUNS, seed=7)
    return counts


def test_a_year_of_runs_fills_every_table_it_names(app, filled):
    assert filled["account"] == filled["traces_user"] == filled["role"] == RUNS
    assert filled["service_ticket"] == 2 * RUNS
    assert 0 < filled["pending role"] < RUNS
    assert filled["mail"] > RUNS
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Account)) >= RUNS
        pending = db.session.scalar(
            select(func.count()).select_from(Role).where(Role.status == "requested")
        )
        assert pending >= filled["pending role"]


def test_a_filled_trainee_signs_in_and_the_authority_sees_the_requests(app, client, portal, filled):
    with app.app_context():
        email = db.session.scalar(
            select(Account.email).where(Account.email.like("ci-%")).order_by(Account.id)
        )
    assert portal.sign_in(email, FILL_PASSWORD).status_code == 200
    client.get("/cas/logout")
    ticket = portal.ticket(email="beafsca04@autorite.example", password="Autorite!2024")
    assert client.get(f"/tracesnt/login?ticket={ticket}").status_code == 302
    requests = client.get("/tracesnt/role-requests")
    assert requests.status_code == 200
    assert "ci-" in requests.get_data(as_text=True)


def test_reviewers_of_a_request_are_those_who_may_decide_on_it(app, filled):
    with app.app_context():
        roles = db.session.scalars(select(Role).order_by(Role.id)).all()
        users = db.session.scalars(select(TracesUser)).all()
        for role in roles:
            expected = [user for user in users if may_decide(user, role)]
            assert reviewers_of(role) == sorted(expected, key=lambda user: user.id), role.id


def _mails(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(Mail.recipient, Mail.subject, Mail.sent_at).order_by(Mail.id)
        ).all()


def test_the_fill_keeps_the_newest_mail_a_capped_mailbox_keeps(make_app):
    capped, uncapped = make_app(MAILBOX_MAX=MAILBOX_MAX), make_app(MAILBOX_MAX=0)
    counts = {}
    for app in (capped, uncapped):
        with app.app_context(), db.engine.begin() as connection:
            counts[app] = fill(
                connection, RUNS, seed=7, now=NOW, mailbox_max=app.config["MAILBOX_MAX"]
            )
    every_mail = _mails(uncapped)
    assert counts[uncapped]["mail"] == len(every_mail) > MAILBOX_MAX
    assert [sent_at for *_, sent_at in every_mail] == sorted(sent_at for *_, sent_at in every_mail)
    kept = _mails(capped)
    assert kept == every_mail[-MAILBOX_MAX:]
    assert counts[capped]["mail"] == MAILBOX_MAX
    assert counts[capped]["mail beyond the cap"] == len(every_mail) - MAILBOX_MAX
    # The first live mail pushes the oldest one out, not the year's overflow.
    with capped.app_context():
        send_mail("trainee@example.org", "EU Login: set your password", "Dear trainee")
    after = _mails(capped)
    assert after[:-1] == kept[1:]
    assert after[-1][:2] == ("trainee@example.org", "EU Login: set your password")


def test_the_filled_uids_look_like_eu_logins_and_none_is_one_a_registration_draws(app, filled):
    with app.app_context():
        uids = db.session.scalars(select(Account.uid).where(Account.email.like("ci-%"))).all()
        users = set(db.session.scalars(select(TracesUser.uid)))
    assert len(set(uids)) == RUNS
    # EU Login's look: "n0" and seven hex digits; a registration draws "n00" and six at random.
    assert all(re.fullmatch(r"n0[0-9a-f]{7}", uid) for uid in uids), uids[:3]
    assert not any(uid.startswith("n00") for uid in uids), uids[:3]
    assert set(uids) <= users


def test_the_purge_after_the_load_is_printed_from_the_control_apis_answer(client, filled, capsys):
    answer = client.post("/__admin/purge", json={"older_than_days": PURGE_DAYS})
    assert answer.status_code == 200
    print_purge(answer.json, 1.25)
    heading, rows = capsys.readouterr().out.splitlines()
    deleted = sum(answer.json["deleted"].values())
    # Most of a year is older than a month.
    assert deleted > RUNS
    assert heading == (
        f"purge (POST /__admin/purge, older than {PURGE_DAYS} days): {deleted} rows in 1.2 s"
    )
    for kind, count in answer.json["deleted"].items():
        assert (f"{kind} {count}" in rows) == (count > 0), (kind, rows)
