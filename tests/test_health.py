"""``/__health``, what a load balancer asks; and a portal that outlives its database's
connections: dead ones are replaced, and only the request that held one fails."""

import shutil
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from mock_portal.extensions import db


def test_health_is_ok_while_the_database_answers(client):
    answer = client.get("/__health")
    assert answer.status_code == 200
    assert answer.json == {"status": "ok", "database": "reachable"}
    assert answer.headers["Cache-Control"] == "no-store"
    # Balancers call it every few seconds: no session is opened for them.
    assert "Set-Cookie" not in answer.headers
    assert client.head("/__health").status_code == 200
    assert client.post("/__health").status_code == 405


def test_health_answers_any_host_and_needs_no_control_api(make_app):
    client = make_app(ADMIN_API=False).test_client()
    # A balancer asks by the backend's address, which the portal's pages refuse.
    balancer = {"Host": "10.1.2.3:8000"}
    assert client.get("/tracesnt/login", headers=balancer).status_code == 400
    assert client.get("/__health", headers=balancer).status_code == 200
    assert client.get("/__admin/").status_code == 404


def _make_unreachable(app, database_backend, postgresql_server):
    """Take the app's database away: its file becomes a folder, or its server drops it."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        db.engine.dispose()
    if database_backend == "sqlite":
        path = Path(url.database)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        path.mkdir()  # SQLite cannot open a folder
        return lambda: shutil.rmtree(path)
    postgresql_server.drop(url.database)
    return lambda: None


def test_health_is_503_with_the_reason_when_the_database_is_gone(
    make_app, database_backend, request
):
    app = make_app()
    server = request.getfixturevalue("postgresql_server") if database_backend != "sqlite" else None
    cleanup = _make_unreachable(app, database_backend, server)
    try:
        client = app.test_client()
        answer = client.get("/__health")
        assert answer.status_code == 503
        assert answer.json["status"] == "unavailable"
        assert answer.json["database"] == "unreachable"
        assert "OperationalError" in answer.json["reason"]
        assert "Set-Cookie" not in answer.headers
        # The portal's pages say so with the error page, not a stack trace.
        page = client.get("/mailbox/")
        assert page.status_code == 503
        assert "Please try again in a moment" in page.get_data(as_text=True)
    finally:
        cleanup()


def test_a_signed_in_page_without_its_database_is_a_503_not_a_500(
    app, client, portal, database_backend, request
):
    portal.create_account()
    ticket = portal.ticket()
    assert client.get(f"/tracesnt/login?ticket={ticket}").status_code == 302
    server = request.getfixturevalue("postgresql_server") if database_backend != "sqlite" else None
    cleanup = _make_unreachable(app, database_backend, server)
    try:
        # The error page's frame (who is signed in) needs the database too.
        home = client.get("/tracesnt/", headers={"Accept-Language": "fr"})
        assert home.status_code == 503
        assert "Erreur 503" in home.get_data(as_text=True)
    finally:
        cleanup()


@pytest.fixture
def portal_on_postgresql(make_app, database_backend):
    assert database_backend == "postgresql"  # tests/backends.py: postgresql_only
    return make_app()


def _terminate_connections(app, postgresql_server) -> int:
    """What a restart of the server does to the portal's pooled connections."""
    name = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    server = make_url(postgresql_server.url("postgres")).set(drivername="postgresql")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as admin:
        terminated = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(terminated)


@pytest.mark.postgresql_only
def test_dead_connections_are_replaced_without_a_restart(portal_on_postgresql, postgresql_server):
    app = portal_on_postgresql
    client = app.test_client()
    assert client.get("/mailbox/").status_code == 200
    assert _terminate_connections(app, postgresql_server) >= 1
    # The pooled connection is dead: it is tested, replaced, and the request succeeds.
    assert client.get("/mailbox/").status_code == 200
    assert client.get("/__health").status_code == 200


@pytest.mark.postgresql_only
def test_a_request_whose_connection_dies_gets_the_error_page(portal_on_postgresql):
    app = portal_on_postgresql

    @app.get("/connection-dies")
    def connection_dies():
        db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return "unreachable"

    client = app.test_client()
    dying = client.get("/connection-dies")
    assert dying.status_code == 503
    assert "Please try again in a moment" in dying.get_data(as_text=True)
    # The next request on the same worker gets a new connection.
    assert client.get("/mailbox/").status_code == 200
    assert client.get("/__health").status_code == 200
