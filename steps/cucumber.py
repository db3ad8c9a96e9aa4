"""The Cucumber JSON report (``--cucumberjson``), complete under pytest-xdist.

pytest-bdd's own writer reads scenario data that stays on the worker, so under ``-n`` it
writes ``[]``. Here each process records its scenarios from pytest-bdd's hooks, the record
travels with the test report (pytest-xdist sends a report's attributes to the
controller), and the process that writes the file, the controller or a serial run, builds
it from the reports alone. Serial and parallel runs of one selection give the same file
but for durations. A failing step carries its error and a screenshot of the page.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
import traceback
from pathlib import Path

import pytest
from playwright.sync_api import Error
from pytest_bdd.parser import Feature, Scenario, Step

from steps.reporting import scenario_page

_RECORD = pytest.StashKey[dict]()
_STARTED = pytest.StashKey[float]()
REPORT_ATTRIBUTE = "cucumber_scenario"
_SCREENSHOT_TIMEOUT_MS = 5_000


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def _tags(tags: set[str], line: int) -> list[dict]:
    return [{"name": f"@{tag}", "line": line} for tag in sorted(tags)]


def _feature(feature: Feature, root: Path) -> dict:
    return {
        "keyword": feature.keyword,
        # From the project's root, as Cucumber writes it, wherever the feature file lives.
        "uri": Path(os.path.relpath(feature.filename, root)).as_posix(),
        "name": feature.name or feature.rel_filename,
        "id": _slug(feature.name or feature.rel_filename),
        "line": feature.line_number,
        "description": feature.description,
        "language": feature.language,
        "tags": _tags(feature.tags, max(feature.line_number - 1, 1)),
    }


def _step(step: Step) -> dict:
    return {
        "keyword": f"{step.keyword.strip()} ",
        "name": step.name,
        "line": step.line_number,
        "match": {"location": ""},
        # Until it runs: a step after a failing one stays skipped.
        "result": {"status": "skipped", "duration": 0},
    }


def _on(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "cucumber_json_path", None))


def _current_step(request: pytest.FixtureRequest, step: Step) -> dict | None:
    record = request.node.stash.get(_RECORD, None)
    if record is None:
        return None
    return next(
        (s for s in record["element"]["steps"] if s["line"] == step.line_number),
        None,
    )


def _finish(request: pytest.FixtureRequest, step: Step, status: str) -> dict | None:
    entry = _current_step(request, step)
    if entry is not None:
        elapsed = time.perf_counter() - request.node.stash.get(_STARTED, time.perf_counter())
        entry["result"] = {"status": status, "duration": int(elapsed * 1e9)}
    return entry


def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    if not _on(request.config):
        return
    request.node.stash[_RECORD] = {
        "feature": _feature(feature, request.config.rootpath),
        "element": {
            "keyword": scenario.keyword,
            "id": f"{_slug(feature.name or feature.rel_filename)};{_slug(request.node.name)}",
            "name": scenario.name,
            "line": scenario.line_number,
            "description": scenario.description,
            "tags": _tags(scenario.tags, max(scenario.line_number - 1, 1)),
            "type": "scenario",
            "steps": [_step(step) for step in scenario.steps],
        },
    }


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    if _on(request.config):
        request.node.stash[_STARTED] = time.perf_counter()


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    if _on(request.config):
        _finish(request, step, "passed")


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step, exception: Exception) -> None:
    if not _on(request.config):
        return
    entry = _finish(request, step, "failed")
    if entry is None:
        return
    entry["result"]["error_message"] = "".join(traceback.format_exception(exception)).strip()
    page = scenario_page(request)
    if page is not None:
        try:
            image = page.screenshot(type="png", timeout=_SCREENSHOT_TIMEOUT_MS)
        except Error:
            return
        entry["embeddings"] = [
            {"mime_type": "image/png", "data": base64.b64encode(image).decode(), "name": "screen"}
        ]


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, step: Step) -> None:
    if _on(request.config) and (entry := _current_step(request, step)) is not None:
        entry["result"] = {"status": "undefined", "duration": 0}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Send the scenario's record with its report (to the controller, under xdist)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and _RECORD in item.stash:
        setattr(report, REPORT_ATTRIBUTE, item.stash[_RECORD])


class CucumberJsonReport:
    """Gathers the scenarios of every report, and writes them as one Cucumber JSON file."""

    def __init__(self, path: str):
        self.path = Path(path).expanduser().resolve()
        self.features: dict[str, dict] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = getattr(report, REPORT_ATTRIBUTE, None)
        if report.when != "call" or record is None:
            return
        feature = self.features.setdefault(
            record["feature"]["uri"], {**record["feature"], "elements": []}
        )
        feature["elements"].append(record["element"])

    def features_in_order(self) -> list[dict]:
        """Features by file, scenarios by line: the same order whatever ran them."""
        ordered = []
        for uri in sorted(self.features):
            feature = self.features[uri]
            elements = sorted(feature["elements"], key=lambda e: (e["line"], e["id"]))
            ordered.append({**feature, "elements": elements})
        return ordered

    def pytest_sessionfinish(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            json.dumps(self.features_in_order(), indent=2, ensure_ascii=False), encoding="utf-8"
        )

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.write_sep("-", f"Cucumber JSON report: {self.path}")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    path = getattr(config.option, "cucumber_json_path", None)
    if not path or hasattr(config, "workerinput"):
        return
    # Replace pytest-bdd's writer, which sees no scenario under xdist.
    bdd_writer = getattr(config, "_bddcucumberjson", None)
    if bdd_writer is not None:
        config.pluginmanager.unregister(bdd_writer)
        del config._bddcucumberjson
    config.pluginmanager.register(CucumberJsonReport(path), "traces-cucumber-json")
