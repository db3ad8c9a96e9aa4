"""The tests' PostgreSQL server: one maintenance connection makes and drops every database."""

import uuid

import pytest


def _made_and_dropped(server) -> None:
    name = f"t_{uuid.uuid4().hex[:16]}"
    server.create(name)
    server.drop(name)


@pytest.mark.postgresql_only
def test_databases_come_from_one_maintenance_connection(database_backend, postgresql_server):
    _made_and_dropped(postgresql_server)
    first = postgresql_server._maintenance.info.backend_pid
    _made_and_dropped(postgresql_server)
    assert postgresql_server._maintenance.info.backend_pid == first


@pytest.mark.postgresql_only
def test_a_maintenance_connection_the_server_closed_is_opened_again(
    database_backend, postgresql_server
):
    _made_and_dropped(postgresql_server)
    closed = postgresql_server._maintenance.info.backend_pid
    with postgresql_server._connect() as other:
        [(ended,)] = other.execute("SELECT pg_terminate_backend(%s)", (closed,)).fetchall()
    assert ended
    _made_and_dropped(postgresql_server)
    assert postgresql_server._maintenance.info.backend_pid != closed
