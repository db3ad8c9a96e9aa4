"""The classroom portal: gunicorn workers on PostgreSQL, all state in the database, so that two
instances on one database act as one portal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from mock_portal.testing import serve_classroom

from .html_page import Page
from .support import TICKET, http_sign_in, runs, ticket_from

PASSWORD = "Tr4ces-Mock!"

# Two workers of two threads: enough to show several processes, light on a 2-core machine.
SMALL = ("--workers", "2", "--threads", "2")


def classroom(folder, *options, environment=None):
    return serve_classroom(folder, *SMALL, *options, environment=environment)


def _ignores_sigint_soon(pid: int, timeout: float = 30) -> bool:
    """Whether ``pid`` ignores SIGINT within ``timeout`` (its ``SigIgn`` mask in /proc)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            ignored = next(line for line in status if line.startswith("SigIgn:"))
        if int(ignored.split()[1], 16) & (1 << (signal.SIGINT - 1)):
            return True
        time.sleep(0.05)
    return False


def test_the_classroom_serves_with_gunicorn_workers_on_its_own_postgresql(tmp_path, cluster_folder):
    with classroom(tmp_path, "--instance", str(tmp_path), "--cluster", str(cluster_folder)) as c:
        workers = c.wait_for_workers(2)
        assert len(workers) == 2
        # A worker leaves Ctrl-C to its master (mock_portal/gunicorn_config.py): its own quit
        # handler would exit within a tenth of a second. The hook runs once the worker has
        # loaded the portal: a SIGINT sent before, as soon as the process exists, meets
        # gunicorn's own handler instead, which is not what this checks.
        assert _ignores_sigint_soon(workers[0]), "a worker did not leave SIGINT to its master"
        os.kill(workers[0], signal.SIGINT)
        time.sleep(1)
        assert runs(workers[0]), "a worker stopped on SIGINT, which its master handles"
        output = c.output()
        assert "Database:        postgresql+psycopg://traces:***@127.0.0.1:" in output
        assert "Control API:     off" in output
        assert (cluster_folder / "data" / "postmaster.pid").exists()
        # Shared use by default: the mailbox says it shows a browser's own mail only.
        mailbox = requests.get(c.url("/mailbox/"), timeout=10).text
        assert "only the mail of the accounts registered or signed in from this browser" in mailbox
        assert requests.get(c.url("/__admin/"), timeout=10).status_code == 404
        assert requests.get(c.url("/tracesnt/login"), headers={"Host": "evil"}).status_code == 400
        process = c.process
    assert process.returncode == 0, c.output()
    # Ctrl-C (SIGINT to the whole group) stopped each worker once, none killed at the end of
    # the grace period.
    assert "was sent SIGKILL" not in c.output(), c.output()
    # Stopping the portal stopped its database too.
    assert not (cluster_folder / "data" / "postmaster.pid").exists()


def test_the_classroom_refuses_the_control_api_on_the_network(tmp_path, cluster_folder):
    done = subprocess.run(
        [sys.executable, "-m", "mock_portal.classroom", "--host", "0.0.0.0", "--admin"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "--dangerously-expose-admin" in done.stderr


@pytest.fixture(scope="module")
def shared_database(postgresql_server):
    """One PostgreSQL database for two portals."""
    import uuid

    name = f"shared_{uuid.uuid4().hex[:12]}"
    yield postgresql_server.create(name)
    postgresql_server.drop(name)


@pytest.fixture(scope="module")
def two_portals(tmp_path_factory, shared_database):
    """Two gunicorn instances, on two ports, on one database, with one secret key; the
    module's tests share them (each its own accounts), as a classroom's trainees do."""
    key = {"MOCK_PORTAL_SECRET_KEY": "k" * 48}
    first_folder = tmp_path_factory.mktemp("first")
    second_folder = tmp_path_factory.mktemp("second")
    options = ("--db", shared_database, "--admin")
    with (
        classroom(
            first_folder, *options, "--instance", str(first_folder), environment=key
        ) as first,
        classroom(
            second_folder, *options, "--instance", str(second_folder), environment=key
        ) as second,
    ):
        yield first, second


def test_two_instances_on_one_database_act_as_one_portal(two_portals):
    first, second = two_portals
    created = requests.post(
        first.url("/__admin/users"),
        json={
            "email": "zoe@example.com",
            "first_name": "Zoé",
            "last_name": "Ardant",
            "password": PASSWORD,
        },
        timeout=10,
    )
    assert created.status_code == 201
    service = first.url("/tracesnt/login")
    # Signed in through one...
    signed_in = http_sign_in(first.base_url, "zoe@example.com", PASSWORD, service)
    ticket = ticket_from(signed_in.headers["Location"])
    assert TICKET.match(ticket)
    # ...the ticket validates through the other.
    answer = requests.get(
        second.url("/cas/serviceValidate"), params={"ticket": ticket, "service": service}
    )
    assert "<cas:user>" in answer.text and "authenticationSuccess" in answer.text
    # Spent there, it is spent everywhere.
    again = requests.get(
        first.url("/cas/serviceValidate"), params={"ticket": ticket, "service": service}
    )
    assert "INVALID_TICKET" in again.text


def test_two_instances_share_the_clock_the_captcha_and_the_sso_session(two_portals):
    first, second = two_portals
    before = requests.get(second.url("/__admin/clock"), timeout=10).json()["offset_seconds"]
    moved = requests.post(first.url("/__admin/clock"), json={"advance_minutes": 91}, timeout=10)
    assert moved.status_code == 200
    clock = requests.get(second.url("/__admin/clock"), timeout=10).json()
    assert clock["offset_seconds"] == pytest.approx(before + 91 * 60, abs=2)
    # A registration form drawn by one instance, sent to the other: its captcha is known there.
    browser = requests.Session()
    form = Page(browser.get(first.url("/cas/eim/external/register.cgi"), timeout=10).text)
    code = form.find(data_testid="captcha-code").text
    sent = browser.post(
        second.url("/cas/eim/external/register.cgi"),
        data={
            "csrf_token": form.csrf_token(),
            "first_name": "Marie",
            "last_name": "Dupont",
            "email": "marie@example.com",
            "email_confirmation": "marie@example.com",
            "mail_language": "fr",
            "captcha": code,
            "privacy": "y",
            "action": "register",
        },
        timeout=10,
    )
    assert sent.status_code == 200, sent.text[:2000]
    mails = requests.get(first.url("/__admin/mails"), params={"to": "marie@example.com"}).json()
    assert len(mails["mails"]) == 1
    # Signed in to EU Login through one, a browser enters the other's TRACES NT unasked.
    requests.post(
        first.url("/__admin/users"),
        json={
            "email": "zoe@example.com",
            "first_name": "Zoé",
            "last_name": "Ardant",
            "password": PASSWORD,
        },
        timeout=10,
    )
    http_sign_in(first.base_url, "zoe@example.com", PASSWORD, first.url("/tracesnt/login"), browser)
    again = browser.get(
        second.url("/cas/login"),
        params={"service": second.url("/tracesnt/login")},
        allow_redirects=False,
        timeout=10,
    )
    assert again.status_code == 302
    assert TICKET.match(ticket_from(again.headers["Location"]))
