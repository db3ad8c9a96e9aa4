"""Who may connect to the portal's own PostgreSQL cluster (``mock_portal.postgres``): over
TCP, only with its password; through its socket, only the server's account and the one
that made the cluster, whom the kernel vouches for. Checked on the tests' session cluster."""

from __future__ import annotations

import os
import subprocess

import psycopg
import pytest

from mock_portal.postgres import DATABASE_USER, SERVER_USER, server_programs

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def cluster(database_backend, postgresql_server):
    if postgresql_server.cluster is None:
        pytest.skip(
            "the tests run on a server given with --postgresql-url, not a cluster of theirs"
        )
    return postgresql_server.cluster


def _through_socket(cluster) -> psycopg.Connection:
    """A connection through the cluster's socket, without a password."""
    return psycopg.connect(
        host=str(cluster.data), port=cluster.settings.port, user=DATABASE_USER, dbname="postgres"
    )


def _psql_as(account: str, cluster) -> subprocess.CompletedProcess:
    """``SELECT 1`` through the cluster's socket by ``psql`` run as ``account``, without a
    password (no ``.psqlrc``; its messages in English)."""
    environment = {k: v for k, v in os.environ.items() if k != "LANGUAGE"} | {"LC_ALL": "C"}
    return subprocess.run(
        [
            *("runuser", "-u", account, "--", server_programs() / "psql", "-X", "--no-password"),
            *("-h", cluster.data, "-p", str(cluster.settings.port), "-U", DATABASE_USER),
            *("-d", "postgres", "-tAc", "SELECT 1"),
        ],
        capture_output=True,
        text=True,
        cwd="/",
        env=environment,
        timeout=30,
    )


def test_the_socket_lets_this_account_in_without_a_password(cluster):
    with _through_socket(cluster) as connection:
        assert connection.execute("SELECT current_user").fetchone() == (DATABASE_USER,)


def test_the_socket_trusts_only_the_accounts_of_its_map(cluster):
    with _through_socket(cluster) as connection:
        rules = connection.execute(
            "SELECT type, auth_method, options FROM pg_hba_file_rules WHERE error IS NULL"
        ).fetchall()
    assert {(kind, method) for kind, method, _ in rules} == {
        ("local", "peer"),
        ("host", "scram-sha-256"),
    }
    assert all(options == ["map=portal"] for kind, _, options in rules if kind == "local")


@pytest.mark.parametrize("password", [None, "not-the-password"])
def test_over_tcp_the_password_is_asked(cluster, password):
    def connect(password):
        return psycopg.connect(
            host="127.0.0.1",
            port=cluster.settings.port,
            user=DATABASE_USER,
            dbname="postgres",
            password=password,
            connect_timeout=10,
        )

    # Refused, in whatever language the server speaks (its messages follow its locale)...
    with pytest.raises(psycopg.OperationalError):
        connect(password)
    # ...where the password itself lets the same connection in.
    with connect(cluster.settings.password) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)


@pytest.mark.skipif(os.geteuid() != 0, reason="acting as other accounts takes root")
def test_no_other_account_reaches_the_socket(cluster):
    # The server's own account gets in: the command itself works...
    admitted = _psql_as(SERVER_USER, cluster)
    assert (admitted.returncode, admitted.stdout.strip()) == (0, "1"), admitted.stderr
    # ...and another account cannot even reach the socket in the server's folder.
    refused = _psql_as("nobody", cluster)
    assert refused.returncode != 0
    assert "Permission denied" in refused.stderr
