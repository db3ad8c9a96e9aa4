"""``./dev scale``'s year of CI (``benchmarks/scale.py``): the rows it fills are ones the portal
serves, and who is told of a request is the same whoever is asked."""

import pytest
from sqlalchemy import func, select

from benchmarks.scale import FILL_PASSWORD, fill
from mock_portal.eulogin.models import Account
from mock_portal.extensions import db
from mock_portal.traces.models import Role, TracesUser
from mock_portal.traces.roles import may_decide, reviewers_of

RUNS = 60


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
