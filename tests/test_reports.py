"""The reports of a parallel run are as complete as a serial run's.

One selection (the scenarios of two features, which pass, and one that fails on purpose)
runs twice in pytest subprocesses, side by side: serially, and under ``-n 2`` with every
report. The Cucumber JSON of both must agree but for durations; the parallel run's JUnit
XML, HTML report and Allure results must carry what the README promises. Both runs write
Cucumber Messages too, which ``tests/test_messages.py`` reads from the same runs.
"""

from __future__ import annotations

import base64
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

from .suite_runs import ROOT, once_per_run, outcome, passed_count, run_suites

SELECTION = [
    "steps/test_05_environnements.py",
    "steps/test_10_deconnexion.py",
    "steps/checks/failing_scenarios.py",
]
PASSING_FEATURES = ["features/05_environnements.feature", "features/10_deconnexion.feature"]
FAILING_STEP = 'Alors l\'environnement "Formation" est affiché en haut à droite'
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def passing_scenarios() -> int:
    """How many scenarios of the selection pass: every one of its passing features'."""
    features = get_features([str(ROOT / uri) for uri in PASSING_FEATURES])
    return sum(len(feature.scenarios) for feature in features)


def report_runs(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the two runs' reports: run once for the whole test run, whichever
    worker asks first, for every report's tests (these and tests/test_messages.py)."""
    return once_per_run(config, tmp_path_factory, "reports", _run_selection)


@pytest.fixture(scope="module")
def runs(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report_runs(pytestconfig, tmp_path_factory)


def _run_selection(reports: Path) -> Path:
    serial, parallel = run_suites(
        (
            *SELECTION,
            f"--cucumberjson={reports / 'serial.json'}",
            f"--cucumber-messages={reports / 'serial.ndjson'}",
        ),
        (
            *SELECTION,
            "-n",
            "2",
            f"--cucumberjson={reports / 'parallel.json'}",
            f"--cucumber-messages={reports / 'parallel.ndjson'}",
            f"--junitxml={reports / 'junit.xml'}",
            f"--html={reports / 'report.html'}",
            "--self-contained-html",
            f"--alluredir={reports / 'allure'}",
        ),
    )
    for run in (serial, parallel):
        # Exit code 1: tests failed, and only the deliberate one.
        assert run.returncode == 1, outcome(run)
        assert "1 failed" in run.stdout and passed_count(run) == passing_scenarios(), outcome(run)
    return reports


def _without_durations(report: list[dict]) -> list[dict]:
    for feature in report:
        for element in feature["elements"]:
            for step in element["steps"]:
                assert isinstance(step["result"]["duration"], int)
                step["result"]["duration"] = 0
                # The traceback names the worker's paths and timings; its first line must agree.
                if "error_message" in step["result"]:
                    step["result"]["error_message"] = step["result"]["error_message"][:80]
                for embedding in step.get("embeddings", []):
                    embedding["data"] = "…"
    return report


def _cucumber(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_parallel_cucumber_json_is_the_serial_one(runs):
    serial, parallel = _cucumber(runs / "serial.json"), _cucumber(runs / "parallel.json")
    uris = [feature["uri"] for feature in parallel]
    assert uris == [
        "features/05_environnements.feature",
        "features/10_deconnexion.feature",
        "steps/checks/deliberate_failure.feature",
    ]
    assert _without_durations(parallel) == _without_durations(serial)


def test_cucumber_steps_carry_status_duration_and_the_failure(runs):
    report = _cucumber(runs / "parallel.json")
    statuses = {
        feature["uri"]: [step["result"]["status"] for step in feature["elements"][0]["steps"]]
        for feature in report
    }
    assert set(statuses["features/05_environnements.feature"]) == {"passed"}
    assert statuses["steps/checks/deliberate_failure.feature"] == [
        "passed",
        "passed",
        "failed",
        "skipped",
    ]
    passed = [
        step
        for feature in report
        for element in feature["elements"]
        for step in element["steps"]
        if step["result"]["status"] == "passed"
    ]
    assert all(step["result"]["duration"] > 0 for step in passed)
    [failing] = [
        step for step in report[-1]["elements"][0]["steps"] if step["result"]["status"] == "failed"
    ]
    assert f"{failing['keyword']}{failing['name']}" == FAILING_STEP
    assert "Formation" in failing["result"]["error_message"]
    [screenshot] = failing["embeddings"]
    assert screenshot["mime_type"] == "image/png"
    assert base64.b64decode(screenshot["data"]).startswith(PNG_SIGNATURE)
    feature_tags = [tag["name"] for tag in report[0]["tags"]]
    assert feature_tags == ["@connexion", "@sso"]


def test_parallel_junit_keeps_the_failing_step_properties(runs):
    tree = ET.parse(runs / "junit.xml")
    [failed] = [case for case in tree.iter("testcase") if case.find("failure") is not None]
    properties = {p.get("name"): p.get("value") for p in failed.iter("property")}
    assert properties["failing_step"] == FAILING_STEP
    assert properties["failing_url"].endswith("/tracesnt/")
    assert properties["failing_title"]


def _steps_photographed(runs: Path) -> dict[str, list[str]]:
    """By scenario name, the steps that ran once the browser had a page: all but the first,
    a Given made through the control API."""
    return {
        element["name"]: [
            f"{step['keyword']}{step['name']}"
            for step in element["steps"]
            if step["result"]["status"] in {"passed", "failed"}
        ][1:]
        for feature in _cucumber(runs / "parallel.json")
        for element in feature["elements"]
    }


def html_report_tests(path: Path) -> list[dict]:
    # pytest-html keeps its results as JSON in an attribute of the page.
    blob = re.search(r'data-jsonblob="([^"]*)"', path.read_text(encoding="utf-8")).group(1)
    return [run for runs in json.loads(html.unescape(blob))["tests"].values() for run in runs]


def test_parallel_html_report_keeps_a_screenshot_per_step(runs):
    expected = _steps_photographed(runs)
    photographed = sorted(
        [extra["name"] for extra in test["extras"] if extra["format_type"] == "image"]
        for test in html_report_tests(runs / "report.html")
    )
    failing = expected[next(name for name in expected if "attendu" in name)]
    # The failing step is photographed by the failure, not after it.
    expected_lists = [
        [*steps[:-1], f"FAILED: {steps[-1]}"] if steps is failing else steps
        for steps in expected.values()
    ]
    assert photographed == sorted(expected_lists)


def test_parallel_allure_results_have_steps_with_screenshots(runs):
    results = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (runs / "allure").glob("*-result.json")
    ]
    # Allure calls a failed assertion "failed", any other exception "broken".
    statuses = sorted(result["status"] for result in results)
    assert statuses == ["failed", *["passed"] * passing_scenarios()]
    expected = _steps_photographed(runs)
    for result in results:
        photographed = [step for step in result["steps"] if step.get("attachments")]
        assert [step["name"] for step in photographed] == expected[result["name"]]
        for step in photographed:
            assert step["attachments"][0]["type"] == "image/jpg"
            assert (runs / "allure" / step["attachments"][0]["source"]).stat().st_size > 1000
