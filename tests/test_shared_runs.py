"""The suite beyond its own portal: parallel runs sharing one gunicorn mock, another portal
through a target profile, remote browsers, and CI shards.

Each test runs the acceptance suite in a pytest subprocess, on a few short scenarios.
"""

from __future__ import annotations

import re
import uuid

import pytest

from mock_portal.eulogin.accounts import create_activated_account
from mock_portal.postgres import free_port
from mock_portal.testing import serve_classroom, serve_portal

from .browser_server import browser_server as running_browser_server
from .suite_runs import collected_count, outcome, passed_count, run_suite, run_suites

# Scenarios that make accounts, age their password links by moving the shared clock, read
# their own mail in a shared mailbox, and request roles that an authority lists among
# everybody's: one of each is enough, as each job runs them all.
SHARED_SELECTION = [
    "steps/test_03_lien_mot_de_passe.py::test_le_lien_est_encore_valable_après_89_minutes",
    "steps/test_03_lien_mot_de_passe.py::"
    "test_audelà_de_90_minutes_le_lien_a_expiré_et_un_nouveau_lien_fonctionne",
    "steps/test_12_deux_operateurs.py::"
    "test_lopérateur_demande_un_second_rôle_opérateur_pour_une_autre_société",
    "steps/test_08_validation_role.py::test_seule_lautorité_du_pays_de_lopérateur_reçoit_la_demande",
]


@pytest.fixture
def classroom_database(postgresql_server):
    """A database of the session's PostgreSQL server for the classroom (its own cluster is
    tests/test_classroom.py's to check)."""
    name = f"shared_{uuid.uuid4().hex[:12]}"
    yield postgresql_server.create(name)
    postgresql_server.drop(name)


def test_parallel_runs_share_one_gunicorn_mock_without_resetting_it(tmp_path, classroom_database):
    options = ("--workers", "2", "--threads", "4", "--admin", "--db", classroom_database)
    with serve_classroom(tmp_path, *options, "--instance", str(tmp_path)) as shared:
        # Two CI jobs, one after the other, on the portal the first one left as it was.
        for job in ("first", "second"):
            run = run_suite(*SHARED_SELECTION, "-n", "2", "--base-url", shared.base_url)
            assert run.returncode == 0, f"{job} job: {outcome(run)}"
            assert passed_count(run) == len(SHARED_SELECTION), outcome(run)
            assert f"portal: {shared.base_url}" in run.stdout


PROFILE = """\
name = "mock without its control API"

[portal]
base_url = "{base}"
eu_login = "{base}/cas"

[portal.environments]
production = "{base}/tracesnt"
training = "{base}/training/tracesnt"
acceptance = "{base}/acceptance/tracesnt"

[run]
tags = "(connexion or deconnexion or role) and not inscription"

[accounts.operator]
first_name = "Camille"
last_name = "Durand"
email_env = "TEST_OPERATOR_EMAIL"
password_env = "TEST_OPERATOR_PASSWORD"
"""


def test_a_target_profile_runs_the_features_on_a_portal_without_control_api(tmp_path):
    with serve_portal(tmp_path / "portal", {"ADMIN_API": False}) as other:
        # Registered beforehand, as a real environment's test accounts are.
        with other.app.app_context():
            create_activated_account(
                email="camille.durand@example.org",
                first_name="Camille",
                last_name="Durand",
                password="Pr0fil-Cible!2024",
                mail_language="fr",
            )
        profile = tmp_path / "target.toml"
        profile.write_text(PROFILE.format(base=other.base_url), encoding="utf-8")
        run = run_suite(
            "steps",
            "--target",
            str(profile),
            env={
                "TEST_OPERATOR_EMAIL": "camille.durand@example.org",
                "TEST_OPERATOR_PASSWORD": "Pr0fil-Cible!2024",
            },
        )
    assert run.returncode == 0, outcome(run)
    assert "target: mock without its control API" in run.stdout
    assert (
        f"control API: none at {other.base_url}/__admin/ - scenarios tagged @controle are "
        "deselected" in run.stdout
    )
    # Sign-in, wrong password, unknown address, SSO, sign-out and single logout, four role
    # screens in French and one in English: all that leaves nothing on the account.
    assert passed_count(run) == 11, outcome(run)
    assert re.search(r"\d+ deselected", run.stdout), outcome(run)


def test_a_target_profile_names_the_missing_secret(tmp_path):
    profile = tmp_path / "target.toml"
    profile.write_text(PROFILE.format(base="http://127.0.0.1:9"), encoding="utf-8")
    run = run_suite("steps", "--collect-only", "-q", "--target", str(profile))
    assert run.returncode == 4, outcome(run)
    assert "the environment variable TEST_OPERATOR_EMAIL (email) is not set" in run.stderr


@pytest.fixture
def browser_server():
    """A local Playwright browser server, as a browser host of a pool runs it; at its
    teardown, nothing of it (the Node server, a browser) may be left running."""
    with running_browser_server() as server:
        yield server.url


def test_scenarios_run_in_a_remote_browser(browser_server):
    selection = ["steps/test_05_environnements.py", "steps/test_10_deconnexion.py"]
    # And the server is what they ran in: with none there, they cannot run.
    closed = f"ws://127.0.0.1:{free_port()}/"
    run, refused = run_suites(
        (*selection, "--browser-server", browser_server),
        (*selection, "--browser-server", closed),
    )
    assert run.returncode == 0, outcome(run)
    assert passed_count(run) == collected_count(*selection) >= 2
    assert f"browsers: remote, 1 server(s): {browser_server}" in run.stdout
    assert refused.returncode == 1, outcome(refused)
    assert "connect" in refused.stdout.lower(), outcome(refused)


def _collected(*args: str) -> list[str]:
    run = run_suite("steps", "--collect-only", "-q", *args)
    assert run.returncode == 0, outcome(run)
    return [line for line in run.stdout.splitlines() if "::" in line]


def test_four_shards_run_every_scenario_exactly_once():
    everything = _collected()
    shards = [_collected("--splits", "4", "--group", str(group)) for group in range(1, 5)]
    assert all(shards), "a shard is empty"
    together = [test for shard in shards for test in shard]
    assert sorted(together) == sorted(everything)
    assert len(set(together)) == len(together)
