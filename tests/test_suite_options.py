"""The suite's own helpers: target profiles, portal layouts, browser-server pools, tokens."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pages.portal import PortalLayout
from steps.browser_server import server_for_worker, server_launch_options
from steps.merge_reports import main as merge_main
from steps.people import scenario_token
from steps.target import ProfileError, load_profile

EXAMPLE = Path(__file__).resolve().parents[1] / "targets" / "acceptance.example.toml"


def test_the_example_profile_reads_its_secrets_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRACES_OPERATOR_EMAIL", "camille.durand@example.org")
    monkeypatch.setenv("TRACES_OPERATOR_PASSWORD", "S3cret-Password!")
    profile = load_profile(EXAMPLE)
    assert profile.operator.email == "camille.durand@example.org"
    assert profile.operator.password == "S3cret-Password!"
    assert profile.operator.full_name == "Camille Durand"
    assert profile.layout.eu_login_url("/login") == "https://ecas.acceptance.ec.europa.eu/cas/login"
    assert (
        profile.layout.environment_url("acceptance", "/login")
        == "https://webgate.acceptance.ec.europa.eu/tracesnt/login"
    )
    assert profile.layout.mailbox is None
    assert "not inscription" in profile.tags


def test_a_missing_secret_is_named(monkeypatch):
    monkeypatch.delenv("TRACES_OPERATOR_EMAIL", raising=False)
    with pytest.raises(ProfileError, match="TRACES_OPERATOR_EMAIL"):
        load_profile(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = [", "is not valid TOML"),
        ("[portal]\nbase_url = 'http://x'\n", "needs base_url and eu_login"),
        (
            "[portal]\nbase_url = 'http://x'\neu_login = 'http://x/cas'\n"
            "[portal.environments]\nstaging = 'http://x'\n",
            "unknown: staging",
        ),
    ],
)
def test_a_bad_profile_says_what_is_wrong(tmp_path, text, message):
    profile = tmp_path / "target.toml"
    profile.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(profile)


def test_an_unreadable_profile_is_a_usage_error(tmp_path):
    with pytest.raises(ProfileError, match="Cannot read the target profile"):
        load_profile(tmp_path / "missing.toml")


def test_the_default_layout_is_the_mock_s_paths():
    layout = PortalLayout()
    assert layout.eu_login_url("/login") == "/cas/login"
    assert layout.environment_url("training", "/profile") == "/training/tracesnt/profile"
    with pytest.raises(ValueError, match="no TRACES NT environment 'staging'"):
        layout.environment_url("staging", "/")


def test_a_portal_without_mailbox_says_so():
    with pytest.raises(LookupError, match="no mailbox"):
        PortalLayout(mailbox=None).mailbox_url()


def test_workers_share_out_a_pool_of_browser_servers():
    pool = ["ws://a:1/", "ws://b:1/", "ws://c:1/"]
    chosen = [server_for_worker(pool, f"gw{n}") for n in range(6)]
    assert chosen == pool + pool
    assert server_for_worker(pool, "master") == "ws://a:1/"


def test_a_browser_server_gets_its_launch_options_in_its_own_spelling():
    options = server_launch_options({"executable_path": "/usr/bin/chromium", "headless": True})
    assert options == '{"executablePath": "/usr/bin/chromium", "headless": true}'


def test_scenario_tokens_differ_by_run_and_by_scenario():
    token = scenario_token("run-1", "steps/test_x.py::test_a")
    assert len(token) == 6 and token.isalnum() and token == token.lower()
    assert token == scenario_token("run-1", "steps/test_x.py::test_a")
    assert token != scenario_token("run-2", "steps/test_x.py::test_a")
    assert token != scenario_token("run-1", "steps/test_x.py::test_b")


def _cucumber_shard(folder: Path, uri: str, line: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    feature = {"uri": uri, "name": uri, "keyword": "Fonctionnalité", "tags": []}
    element = {"id": f"{uri};{line}", "line": line, "name": f"s{line}", "steps": []}
    (folder / "cucumber-1.json").write_text(json.dumps([{**feature, "elements": [element]}]))


def _junit_shard(folder: Path, name: str, failures: int) -> None:
    (folder / "junit-1.xml").write_text(
        f'<testsuites><testsuite name="pytest" tests="2" failures="{failures}" errors="0" '
        f'skipped="0"><testcase name="{name}a"/><testcase name="{name}b"/></testsuite>'
        "</testsuites>"
    )
    (folder / "allure").mkdir()
    (folder / "allure" / f"{name}-result.json").write_text("{}")


def test_shard_reports_merge_into_one_of_each(tmp_path):
    shards = tmp_path / "shards"
    # Two shards ran scenarios of one feature file, the second another file too.
    _cucumber_shard(shards / "reports-1", "features/a.feature", 20)
    _cucumber_shard(shards / "reports-2", "features/a.feature", 5)
    second = json.loads((shards / "reports-2" / "cucumber-1.json").read_text())
    second.append({**second[0], "uri": "features/b.feature"})
    (shards / "reports-2" / "cucumber-1.json").write_text(json.dumps(second))
    _junit_shard(shards / "reports-1", "x", failures=1)
    _junit_shard(shards / "reports-2", "y", failures=0)

    assert merge_main([str(shards), "--output", str(tmp_path / "out")]) == 0

    merged = json.loads((tmp_path / "out" / "cucumber.json").read_text())
    assert [feature["uri"] for feature in merged] == ["features/a.feature", "features/b.feature"]
    assert [element["line"] for element in merged[0]["elements"]] == [5, 20]
    junit = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    assert (junit.get("tests"), junit.get("failures")) == ("4", "1")
    assert len(list(junit.iter("testcase"))) == 4
    assert sorted(p.name for p in (tmp_path / "out" / "allure").iterdir()) == [
        "x-result.json",
        "y-result.json",
    ]


def test_merging_nothing_says_so(tmp_path, capsys):
    assert merge_main([str(tmp_path)]) == 1
    assert "No cucumber*.json, junit*.xml or allure/" in capsys.readouterr().err


def test_headless_runs_prefer_the_headless_shell_and_chromium_path_wins(tmp_path, monkeypatch):
    from pages.browser import find_chromium

    shell, chromium = tmp_path / "headless-shell", tmp_path / "chromium"
    for program in (shell, chromium):
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("CHROMIUM_HEADLESS_SHELL_PATH", str(shell))
    assert find_chromium(headless=True) == str(shell)
    assert find_chromium(headless=False) != str(shell)  # --headed: the whole browser
    monkeypatch.setenv("CHROMIUM_PATH", str(chromium))
    assert find_chromium(headless=True) == find_chromium(headless=False) == str(chromium)


class _Scenario:
    """Just enough of a scenario's request for ``shortcut``: its tags, options and portal."""

    def __init__(self, tags: set[str], through_screens: bool):
        self.node = self
        self.config = self
        self.tags, self.through_screens = tags, through_screens

    def get_closest_marker(self, name: str):
        return name if name in self.tags else None

    def getoption(self, name: str) -> bool:
        assert name == "givens_through_screens"
        return self.through_screens

    def getfixturevalue(self, name: str) -> str:
        return f"the {name} fixture"


@pytest.mark.parametrize(
    ("tags", "through_screens", "expected"),
    [
        (set(), False, "the portal fixture"),
        ({"guide"}, False, None),
        (set(), True, None),
    ],
)
def test_givens_take_the_control_api_unless_guide_or_asked_for_screens(
    monkeypatch, tags, through_screens, expected
):
    from steps import shortcuts, target

    monkeypatch.setattr(target, "has_control_api", lambda config: True)
    assert shortcuts.shortcut(_Scenario(tags, through_screens)) == expected
