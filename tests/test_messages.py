"""Cucumber Messages (``--cucumber-messages``) hold every scenario, whoever ran it.

The selection of ``tests/test_reports.py`` (its serial and ``-n 2`` runs write messages too)
runs once more as two CI shards, merged by ``python -m steps.merge_reports``. Every stream
must validate against the messages' JSON schema shipped with ``@cucumber/messages``, hold a
test case per pickle with each scenario's status, its failure and screenshots, and be the same
stream however it ran but for timestamps and durations; Cucumber's own HTML formatter
(``@cucumber/html-formatter``) must show each scenario with its status.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import Page, expect
from pytest_bdd.feature import get_features

from steps.guide_coverage import Results, scenarios
from steps.merge_reports import main as merge_main

from .suite_runs import ROOT, outcome, run_suites
from .test_reports import (
    PASSING_FEATURES,
    SELECTION,
    html_report_tests,
    passing_scenarios,
    report_runs,
)

CUCUMBER = ROOT / "tests" / "clients" / "cucumber"
SCHEMA = CUCUMBER / "node_modules" / "@cucumber" / "messages" / "messages.schema.json"
HTML_FORMATTER = CUCUMBER / "cucumber-html-formatter.mjs"
FAILING_FEATURE = "steps/checks/deliberate_failure.feature"
FAILING_STEP = 'l\'environnement "Formation" est affiché en haut à droite'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# The most severe of its steps' statuses is a test case's, as Cucumber reckons it.
SEVERITY = ["PASSED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS", "FAILED"]
STREAMS = ["serial", "parallel", "merged"]


@pytest.fixture(scope="module")
def streams(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The serial and parallel runs' messages, and two shards' merged."""
    # The shards first: when tests/test_reports.py's worker is making the runs both modules
    # read, this worker runs its own meanwhile instead of waiting for them.
    shards = tmp_path_factory.mktemp("shards")
    passing, failing = run_suites(
        (*SELECTION[:2], f"--cucumber-messages={shards / '1' / 'messages-1.ndjson'}"),
        (*SELECTION[2:], f"--cucumber-messages={shards / '2' / 'messages-2.ndjson'}"),
    )
    assert passing.returncode == 0, outcome(passing)
    assert failing.returncode == 1, outcome(failing)
    merged = tmp_path_factory.mktemp("merged")
    merge = subprocess.run(
        [sys.executable, "-m", "steps.merge_reports", str(shards), "--output", str(merged)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert merge.returncode == 0, outcome(merge)
    assert "messages.ndjson: " in merge.stdout, outcome(merge)
    runs = report_runs(pytestconfig, tmp_path_factory)
    return {
        "serial": runs / "serial.ndjson",
        "parallel": runs / "parallel.ndjson",
        "merged": merged / "messages.ndjson",
        "html report": runs / "report.html",
    }


def _messages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _of_kind(messages: list[dict], kind: str) -> list[dict]:
    return [message[kind] for message in messages if kind in message]


def _expected_statuses() -> dict[str, str]:
    """Each scenario of the selection by name: those of the passing features pass."""
    statuses = {}
    for uri in [*PASSING_FEATURES, FAILING_FEATURE]:
        [feature] = get_features([str(ROOT / uri)])
        for name in feature.scenarios:
            statuses[name] = "FAILED" if uri == FAILING_FEATURE else "PASSED"
    return statuses


class Run:
    """A stream read as a report reader does: pickles, their test cases and step results."""

    def __init__(self, messages: list[dict]):
        self.messages = messages
        self.pickles = {p["id"]: p for p in _of_kind(messages, "pickle")}
        self.test_cases = {c["id"]: c for c in _of_kind(messages, "testCase")}
        self.started = {s["id"]: s["testCaseId"] for s in _of_kind(messages, "testCaseStarted")}
        self.results = {
            f["testStepId"]: f["testStepResult"] for f in _of_kind(messages, "testStepFinished")
        }
        self.attachments: dict[str, list[dict]] = {}
        for attachment in _of_kind(messages, "attachment"):
            self.attachments.setdefault(attachment["testStepId"], []).append(attachment)

    def steps(self, test_case: dict) -> list[tuple[str, dict, dict]]:
        """Each step of a test case: its text, the test step and its result."""
        pickle_steps = {s["id"]: s for s in self.pickles[test_case["pickleId"]]["steps"]}
        return [
            (pickle_steps[step["pickleStepId"]]["text"], step, self.results[step["id"]])
            for step in test_case["testSteps"]
        ]

    def statuses(self) -> dict[str, str]:
        return {
            self.pickles[case["pickleId"]]["name"]: max(
                (result["status"] for _, _, result in self.steps(case)), key=SEVERITY.index
            )
            for case in self.test_cases.values()
        }

    def failing_scenario(self) -> list[tuple[str, dict, dict]]:
        [failed] = [
            case
            for case in self.test_cases.values()
            if self.pickles[case["pickleId"]]["uri"] == FAILING_FEATURE
        ]
        return self.steps(failed)

    def step_texts(self) -> dict[str, str]:
        """The text of each test step, by its id."""
        return {
            step["id"]: text
            for case in self.test_cases.values()
            for text, step, _ in self.steps(case)
        }


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    assert SCHEMA.is_file(), f"{SCHEMA} is missing: ./dev setup installs tests/clients/cucumber"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_schema_checks_each_message_through_its_references(validator):
    # Envelope refers to TestStepFinished, which refers to TestStepResult and its statuses:
    # were a reference left unresolved, every message would pass.
    finished = {
        "testCaseStartedId": "1",
        "testStepId": "2",
        "timestamp": {"seconds": 0, "nanos": 0},
        "testStepResult": {"status": "BROKEN", "duration": {"seconds": 0, "nanos": 0}},
    }
    [error] = validator.iter_errors({"testStepFinished": finished})
    assert "BROKEN" in error.message
    finished["testStepResult"]["status"] = "PASSED"
    assert validator.is_valid({"testStepFinished": finished})


@pytest.mark.parametrize("name", STREAMS)
def test_every_message_is_valid(streams, validator, name):
    invalid = [
        (number, error.message[:200])
        for number, message in enumerate(_messages(streams[name]), 1)
        for error in validator.iter_errors(message)
    ]
    assert invalid == []


@pytest.mark.parametrize("name", STREAMS)
def test_every_pickle_has_its_test_case_and_every_scenario_its_status(streams, name):
    messages = _messages(streams[name])
    run = Run(messages)
    assert sorted(case["pickleId"] for case in run.test_cases.values()) == sorted(run.pickles)
    assert run.statuses() == _expected_statuses()
    assert len(run.statuses()) == passing_scenarios() + 1
    assert set(run.started.values()) == set(run.test_cases)
    definitions = {d["id"]: d for d in _of_kind(messages, "stepDefinition")}
    for case in run.test_cases.values():
        for text, step, _ in run.steps(case):
            # Every step, the skipped ones too, names the definition it matched.
            [definition] = step["stepDefinitionIds"]
            assert (ROOT / definitions[definition]["sourceReference"]["uri"]).is_file(), text
    [finished] = _of_kind(messages, "testRunFinished")
    assert finished["success"] is False
    [started] = _of_kind(messages, "testRunStarted")
    assert finished["testRunStartedId"] == started["id"]
    [meta] = _of_kind(messages, "meta")
    assert meta["implementation"]["name"] == "traces-nt-bdd"


@pytest.mark.parametrize(
    ("name", "image"), [("serial", PNG_SIGNATURE), ("parallel", JPEG_SIGNATURE)]
)
def test_the_failing_step_carries_its_error_and_screenshot(streams, name, image):
    run = Run(_messages(streams[name]))
    steps = run.failing_scenario()
    assert [result["status"] for _, _, result in steps] == ["PASSED", "PASSED", "FAILED", "SKIPPED"]
    text, step, result = steps[2]
    assert text == FAILING_STEP
    assert result["exception"]["type"] == "AssertionError"
    assert "Formation" in result["exception"]["message"]
    assert "sign_in_steps.py" in result["exception"]["stackTrace"]
    assert all(r["duration"]["seconds"] or r["duration"]["nanos"] for _, _, r in steps[:3])
    [screenshot] = run.attachments[step["id"]]
    assert screenshot["contentEncoding"] == "BASE64"
    assert base64.b64decode(screenshot["body"]).startswith(image)


def test_without_html_or_allure_the_failure_alone_is_photographed(streams):
    run = Run(_messages(streams["serial"]))
    photographed = [run.step_texts()[step] for step in run.attachments]
    assert photographed == [FAILING_STEP]


def test_with_html_each_step_carries_the_html_reports_own_screenshot(streams):
    """The parallel run takes screenshots for its HTML report: the messages carry the same
    photographs (not others taken again), each on the step the HTML report names."""
    shots = sorted(
        # A data: URL in the self-contained report, named "[FAILED: ]Keyword text".
        (
            extra["content"].split("base64,", 1)[-1],
            extra["name"].removeprefix("FAILED: ").split(" ", 1)[-1],
        )
        for test in html_report_tests(streams["html report"])
        for extra in test["extras"]
        if extra["format_type"] == "image"
    )
    run = Run(_messages(streams["parallel"]))
    texts = run.step_texts()
    carried = sorted(
        (attachment["body"], texts[step])
        for step, attachments in run.attachments.items()
        for attachment in attachments
    )
    assert carried == shots


def _comparable(value, key: str = ""):
    """A message without what differs between two runs of one selection: times, durations,
    the run's id, screenshots' bytes, and error messages past their first line."""
    if key in {"timestamp", "duration", "testRunStartedId", "stackTrace", "body"}:
        return None
    if key == "message" and isinstance(value, str):
        return value.splitlines()[0]
    if key == "testRunStarted":
        return {**value, "id": None, "timestamp": None}
    if isinstance(value, dict):
        return {k: _comparable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def _without_attachments(messages: list[dict]) -> list[dict]:
    return [message for message in messages if "attachment" not in message]


def test_serial_parallel_and_merged_shards_give_one_stream(streams):
    serial, parallel, merged = (_comparable(_messages(streams[name])) for name in STREAMS)
    assert merged == serial
    # The parallel run photographs every step for its HTML report; the rest is the same.
    assert _without_attachments(parallel) == _without_attachments(serial)


def test_shards_that_ran_the_same_scenario_do_not_merge(streams, tmp_path, capsys):
    for name in ("serial", "parallel"):
        (tmp_path / "shards" / name).mkdir(parents=True)
        shutil.copy(streams[name], tmp_path / "shards" / name / "messages.ndjson")
    assert merge_main([str(tmp_path / "shards"), "--output", str(tmp_path / "out")]) == 1
    assert "ran more than once" in capsys.readouterr().err
    assert not (tmp_path / "out" / "messages.ndjson").exists()


@pytest.fixture
def browser_context_args() -> dict:
    # A file on disk: no portal behind it.
    return {"viewport": {"width": 1280, "height": 900}}


def _render(stream: Path, html: Path) -> None:
    """Cucumber's HTML formatter, from the npm registry, as its runners use it."""
    node = shutil.which("node")
    assert node, "Node.js is missing: ./dev setup installs it"
    with stream.open("rb") as messages, html.open("wb") as out:
        subprocess.run([node, str(HTML_FORMATTER)], stdin=messages, stdout=out, check=True)


def _scenarios_shown(page: Page, report: Path, status: str) -> list[str]:
    """The scenarios the report lists when it shows one status alone, every feature opened."""
    hidden = [s.lower() for s in SEVERITY if s != status]
    page.goto(f"{report.as_uri()}?{'&'.join(f'hide={s}' for s in hidden)}")
    expect(page.get_by_role("heading", name="Scenarios")).to_be_visible()
    for feature in page.get_by_role("heading", level=3).get_by_role("button").all():
        if feature.get_attribute("aria-expanded") == "false":
            feature.click()
            expect(feature).to_have_attribute("aria-expanded", "true")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    # "Scénario: name", in the feature's language.
    return sorted(text.split(": ", 1)[1] for text in headings if ": " in text)


@pytest.mark.parametrize("name", ["parallel", "merged"])
def test_cucumbers_html_report_shows_each_scenario_with_its_status(
    streams, page: Page, tmp_path, name
):
    report = tmp_path / "cucumber.html"
    _render(streams[name], report)
    expected = _expected_statuses()
    for status in ("PASSED", "FAILED"):
        names = sorted(n for n, s in expected.items() if s == status)
        assert _scenarios_shown(page, report, status) == names


def test_the_guide_coverage_reads_the_same_results_from_junit_and_from_messages(streams):
    """./dev coverage-of-guide takes either file of one run: both must tell the same."""
    from_junit, from_messages = Results(), Results()
    from_junit.read(streams["parallel"].parent / "junit.xml")
    from_messages.read(streams["parallel"])
    ran = [scenario for scenario in scenarios() if scenario.uri in PASSING_FEATURES]
    assert len(ran) == passing_scenarios()
    told = [(from_junit.status(s), from_messages.status(s)) for s in ran]
    assert told == [("passed", "passed")] * len(ran)
