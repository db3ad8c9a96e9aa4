"""The seeded state kept in a PostgreSQL database and copied back at each reset
(``mock_portal.postgresql_snapshot``): what only a database shared by processes and versions
of the mock can show. The resets' rows, ids and clock are checked on both backends in
``test_admin_api.py``."""

import logging
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from mock_portal import postgresql_snapshot
from mock_portal.extensions import db

from .conftest import PortalActions
from .test_admin_api import _every_row

pytestmark = pytest.mark.postgresql_only
# Each instance's creations and resets, side by side (a longer run: the logbook's forty seconds
# of 453 resets and 2,388 creations, benchmarks/README.md).
ROUNDS = 3


@pytest.fixture
def database(databases) -> str:
    """An empty database, which the first portal started on it seeds."""
    return databases.new(seeded=False)


def _reset(app) -> None:
    assert app.test_client().post("/__admin/reset", json={}).status_code == 200


def _stamp(app) -> str:
    """What the copy kept in the database says it was made with."""
    with app.app_context():
        return db.session.scalar(
            text(f"SELECT rows->>'stamp' FROM {postgresql_snapshot._kept()} WHERE name = :about"),
            {"about": postgresql_snapshot._ABOUT},
        )


def test_the_copy_outlives_the_portal_that_made_it(make_app, database, seedings):
    first = make_app(SQLALCHEMY_DATABASE_URI=database)
    seeded = _every_row(first)
    # Another process, later, on the same database: it finds the data and seeds nothing.
    later = make_app(SQLALCHEMY_DATABASE_URI=database)
    PortalActions(later, later.test_client()).create_account(email="zoe@example.com")
    _reset(later)
    assert _every_row(later) == seeded
    assert seedings == []


def test_a_copy_made_by_other_code_is_seeded_again_then_replaced(
    make_app, database, seedings, monkeypatch
):
    app = make_app(SQLALCHEMY_DATABASE_URI=database)
    seeded = _every_row(app)
    # As a newer version of the mock, whose seed may differ with the same tables, finds it.
    monkeypatch.setattr(postgresql_snapshot, "code_digest", lambda: "another version")
    _reset(app)
    assert seedings == [1]
    assert "another version" in _stamp(app)
    _reset(app)
    assert seedings == [1]
    assert _every_row(app) == seeded


def test_a_server_that_refuses_the_schema_keeps_no_copy_and_seeds_again(
    make_app, database, seedings, monkeypatch, caplog
):
    # PostgreSQL refuses a schema named pg_..., as a server refuses a user without CREATE.
    monkeypatch.setattr(postgresql_snapshot, "SCHEMA", "pg_mock_portal_seed")
    monkeypatch.setattr(postgresql_snapshot, "_warned", False)
    with caplog.at_level(logging.WARNING, logger=postgresql_snapshot.__name__):
        app = make_app(SQLALCHEMY_DATABASE_URI=database)
        seeded = _every_row(app)
        for _ in range(2):
            PortalActions(app, app.test_client()).create_account(email="zoe@example.com")
            _reset(app)
            assert _every_row(app) == seeded
    assert seedings == [1, 1]
    [warning] = [r for r in caplog.records if r.name == postgresql_snapshot.__name__]
    assert "each reset seeds again" in warning.getMessage()


@pytest.mark.parametrize(
    "change",
    [
        """UPDATE {kept} SET rows = '[{{"id": "one"}}]' WHERE name = 'account'""",
        "DELETE FROM {kept} WHERE name = 'account'",
        "UPDATE {kept} SET rows = '[]' WHERE name = :about",
        "UPDATE {kept} SET rows = rows - 'sequences' WHERE name = :about",
    ],
    ids=["rows that do not fit", "a table missing", "nothing said of it", "no sequences"],
)
def test_a_copy_changed_by_hand_is_left_and_seeded_again(make_app, database, seedings, change):
    app = make_app(SQLALCHEMY_DATABASE_URI=database)
    seeded = _every_row(app)
    with app.app_context():
        db.session.execute(
            text(change.format(kept=postgresql_snapshot._kept())),
            {"about": postgresql_snapshot._ABOUT},
        )
        db.session.commit()
    PortalActions(app, app.test_client()).create_account(email="zoe@example.com")
    _reset(app)
    assert _every_row(app) == seeded
    assert seedings == [1]
    _reset(app)  # the copy was made again by that reset
    assert seedings == [1]
    assert _every_row(app) == seeded


@pytest.mark.parametrize("seeds", ["one seed", "two seeds"])
def test_resets_and_writes_from_two_instances_at_once_all_go_through(make_app, database, seeds):
    """Two processes on one database (the classroom's), each resetting while the other
    writes and resets: every request answers, none waits for a lock forever, none fails on
    a deadlock. With two seeds (two versions of the mock side by side), each reset seeds
    again and keeps its copy, in the other's way. An account the other's reset removed
    between its commit and its reading back is a 409."""
    instances = [make_app(SQLALCHEMY_DATABASE_URI=database) for _ in range(2)]
    if seeds == "two seeds":
        instances[1].config["FAKER_SEED"] += 1
    seeded = _every_row(instances[0])
    resets, creations, failures = [], [], []

    def work(app, number):
        client = app.test_client()
        try:
            for round_number in range(ROUNDS):
                email = f"trainee{number}.{round_number}@example.com"
                body = {"email": email, "password": "Tr4ces-Mock!", "first_name": "Zoé"}
                created = client.post("/__admin/users", json=body | {"last_name": "Ardant"})
                creations.append(created.status_code)
                resets.append(client.post("/__admin/reset", json={}).status_code)
        except Exception as error:  # reported below, with the answers
            failures.append(error)

    threads = [threading.Thread(target=work, args=(app, n)) for n, app in enumerate(instances)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert resets == [200] * 2 * ROUNDS
    assert set(creations) <= {201, 409} and 201 in creations, creations
    # No trainee's account in any copy kept meanwhile: each instance's resets give its seed.
    for number, app in reversed(list(enumerate(instances))):
        for _ in range(2):
            _reset(app)
            rows = _every_row(app)
            assert not [row for row in rows["account"] if "trainee" in str(row)]
            if number == 0:
                assert rows == seeded


def _waiting_for_a_lock(database: str) -> int:
    """How many of the database's sessions wait for a lock."""
    engine = create_engine(database, poolclass=NullPool)
    try:
        with engine.connect() as looking:
            return looking.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            )
    finally:
        engine.dispose()


def test_a_copy_holds_the_seeded_rows_alone_whatever_another_process_writes_meanwhile(
    make_app, database, monkeypatch
):
    """The copy is made in the seed's transaction: a trainee's account created by another
    process meanwhile waits for its end, and is never brought back by later resets."""
    app = make_app(SQLALCHEMY_DATABASE_URI=database)
    other = make_app(SQLALCHEMY_DATABASE_URI=database)
    app.config["FAKER_SEED"] += 1  # its next reset seeds again, and keeps what it seeded
    keep, created = postgresql_snapshot.keep, []

    def keep_while_another_process_writes(tables):
        body = {"email": "trainee@example.com", "password": "Tr4ces-Mock!", "first_name": "Zoé"}
        writer = threading.Thread(
            target=lambda: created.append(
                other.test_client().post("/__admin/users", json=body | {"last_name": "A"})
            )
        )
        writer.start()
        # Until the writer has written, or waits for this transaction's locks.
        deadline = time.monotonic() + 30
        while writer.is_alive() and not _waiting_for_a_lock(database):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        keep(tables)
        monkeypatch.setattr(postgresql_snapshot, "keep", keep)
        threads.append(writer)

    threads = []
    monkeypatch.setattr(postgresql_snapshot, "keep", keep_while_another_process_writes)
    _reset(app)
    [writer] = threads
    writer.join(timeout=30)
    assert [answer.status_code for answer in created] == [201]
    for _ in range(2):
        _reset(app)
        assert not [row for row in _every_row(app)["account"] if "trainee" in str(row)]
