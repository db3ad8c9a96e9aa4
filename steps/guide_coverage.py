"""``./dev coverage-of-guide``: which of the guide's requirements the scenarios cover, and how
they fared in the last run.

Like Serenity's requirements view: each requirement of ``features/requirements.toml`` with the
scenarios tagged ``@req:ID`` (a feature's tags count for each of its scenarios) and their last
results, read from a JUnit XML file (``--junitxml``) or a Cucumber Messages file
(``--cucumber-messages``); the requirements no scenario covers come first. Writes one HTML
page and prints the figure the README carries.

    ./dev coverage-of-guide --results reports/junit.xml --output reports/guide-coverage.html
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pytest_bdd.scenario import get_python_name_generator

from steps import suite_index
from steps.requirements import Catalogue, Part, Requirement, catalogue, requirement_of
from steps.suite_index import ROOT

TEMPLATES = Path(__file__).with_name("templates")
# The worst status of a scenario's runs (an outline runs once per example) is its status.
SEVERITY = ["passed", "skipped", "not run", "failed"]


@dataclass(frozen=True)
class ScenarioRef:
    """A scenario of a feature file, where pytest runs it, and the requirements it names."""

    uri: str
    line: int
    name: str
    language: str
    test: str  # the pytest node id of its test function, without an example's parameters
    requirements: tuple[str, ...]


def _module(feature_path: Path) -> str:
    # Every feature has its test module steps/test_<feature>.py (./dev doctor checks it).
    return f"steps/test_{feature_path.stem}.py"


def scenarios(paths: list[Path] | None = None) -> list[ScenarioRef]:
    """Every scenario of the features, with the requirements its own and its feature's tags name."""
    found = []
    for feature in suite_index.load_features(
        paths or suite_index.feature_files(suite_index.FEATURES)
    ):
        path = Path(feature.filename)
        taken: set[str] = set()
        for template in feature.scenarios.values():
            # Named as pytest-bdd's scenarios() names them: test_x, then test_x_1 for a twin name.
            generator = get_python_name_generator(template.name)
            test_name = next(generator)
            while test_name in taken:
                test_name = next(generator)
            taken.add(test_name)
            tags = sorted(feature.tags | template.tags)
            found.append(
                ScenarioRef(
                    uri=path.relative_to(ROOT).as_posix(),
                    line=template.line_number,
                    name=template.name,
                    language=feature.language,
                    test=f"{_module(path)}::{test_name}",
                    requirements=tuple(r for tag in tags if (r := requirement_of(tag))),
                )
            )
    return found


# -- Results ---------------------------------------------------------------------------------


def _worst(statuses: list[str]) -> str:
    return max(statuses, key=SEVERITY.index) if statuses else "not run"


def junit_results(path: Path) -> dict[str, str]:
    """Status by test node id (parameters dropped: an outline's examples make one status)."""
    statuses: dict[str, list[str]] = defaultdict(list)
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").replace(".", "/") + ".py"
        test = f"{module}::{case.get('name', '').split('[')[0]}"
        if case.find("failure") is not None or case.find("error") is not None:
            status = "failed"
        elif case.find("skipped") is not None:
            status = "skipped"
        else:
            status = "passed"
        statuses[test].append(status)
    return {test: _worst(found) for test, found in statuses.items()}


_MESSAGE_STATUS = {"PASSED": "passed", "SKIPPED": "skipped", "PENDING": "skipped"}


def messages_results(path: Path) -> dict[tuple[str, int], str]:
    """Status by (feature uri, scenario line), read from a Cucumber Messages stream."""
    scenario_lines: dict[str, int] = {}
    pickles: dict[str, tuple[str, int]] = {}
    test_cases: dict[str, str] = {}
    started: dict[str, str] = {}
    steps: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        envelope = json.loads(line)
        if document := envelope.get("gherkinDocument"):
            for child in (document.get("feature") or {}).get("children", []):
                if scenario := child.get("scenario"):
                    scenario_lines[scenario["id"]] = scenario["location"]["line"]
        elif pickle := envelope.get("pickle"):
            pickles[pickle["id"]] = (pickle["uri"], pickle["astNodeIds"][0])
        elif test_case := envelope.get("testCase"):
            test_cases[test_case["id"]] = test_case["pickleId"]
        elif case_started := envelope.get("testCaseStarted"):
            started[case_started["id"]] = case_started["testCaseId"]
        elif step_finished := envelope.get("testStepFinished"):
            status = step_finished["testStepResult"]["status"]
            steps[step_finished["testCaseStartedId"]].append(_MESSAGE_STATUS.get(status, "failed"))
    by_scenario: dict[tuple[str, int], list[str]] = defaultdict(list)
    for attempt, test_case_id in started.items():
        uri, node = pickles[test_cases[test_case_id]]
        statuses = steps.get(attempt, [])
        # A scenario passes when no step failed and not every step was skipped.
        if "failed" in statuses:
            status = "failed"
        elif statuses and set(statuses) == {"skipped"}:
            status = "skipped"
        else:
            status = "passed"
        by_scenario[(uri, scenario_lines[node])].append(status)
    return {key: _worst(found) for key, found in by_scenario.items()}


@dataclass
class Results:
    """The last results, from any number of JUnit and messages files (later files win)."""

    by_test: dict[str, str] = field(default_factory=dict)
    by_place: dict[tuple[str, int], str] = field(default_factory=dict)
    sources: list[Path] = field(default_factory=list)

    def read(self, path: Path) -> None:
        if path.suffix == ".xml":
            self.by_test |= junit_results(path)
        else:
            self.by_place |= messages_results(path)
        self.sources.append(path)

    def status(self, scenario: ScenarioRef) -> str:
        return self.by_place.get(
            (scenario.uri, scenario.line), self.by_test.get(scenario.test, "not run")
        )


# -- Coverage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Covered:
    requirement: Requirement
    scenarios: tuple[tuple[ScenarioRef, str], ...]  # each with its last status

    @property
    def status(self) -> str:
        if not self.scenarios:
            return "uncovered"
        return _worst([status for _, status in self.scenarios])


@dataclass(frozen=True)
class Coverage:
    parts: tuple[tuple[Part, tuple[Covered, ...]], ...]
    sources: tuple[Path, ...]

    @property
    def requirements(self) -> list[Covered]:
        return [covered for _, entries in self.parts for covered in entries]

    @property
    def uncovered(self) -> list[Covered]:
        return [covered for covered in self.requirements if not covered.scenarios]

    def count(self, status: str) -> int:
        return sum(covered.status == status for covered in self.requirements)

    @property
    def figure(self) -> str:
        """The sentence the README carries."""
        total = len(self.requirements)
        covered = total - len(self.uncovered)
        return f"{covered} of {total} requirements covered ({covered * 100 // total}%)"


def coverage(
    catalogue: Catalogue, scenarios: list[ScenarioRef], results: Results | None = None
) -> Coverage:
    results = results or Results()
    by_requirement: dict[str, list[ScenarioRef]] = defaultdict(list)
    for scenario in scenarios:
        for requirement in scenario.requirements:
            by_requirement[requirement].append(scenario)
    parts = tuple(
        (
            part,
            tuple(
                Covered(r, tuple((s, results.status(s)) for s in by_requirement[r.id]))
                for r in catalogue.in_part(part)
            ),
        )
        for part in catalogue.parts
    )
    return Coverage(parts, tuple(results.sources))


def render(report: Coverage) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), trim_blocks=True
    )
    return environment.get_template("guide_coverage.html.j2").render(report=report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./dev coverage-of-guide",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--results",
        type=Path,
        action="append",
        default=[],
        help="a JUnit XML (.xml) or Cucumber Messages (.ndjson) file of the last run; repeatable",
    )
    parser.add_argument("--output", type=Path, default=Path("reports/guide-coverage.html"))
    args = parser.parse_args(argv)
    results = Results()
    for path in args.results:
        if not path.is_file():
            parser.error(f"no such results file: {path}")
        try:
            results.read(path)
        except (ET.ParseError, json.JSONDecodeError, KeyError) as exc:
            parser.error(f"{path} is neither a JUnit XML nor a Cucumber Messages file: {exc}")
    report = coverage(catalogue(), scenarios(), results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(report), encoding="utf-8")
    print(f"Guide coverage: {report.figure}; written to {args.output}")
    for covered in report.uncovered:
        print(f"  not covered: {covered.requirement.id} {covered.requirement.statement}")
    if results.sources:
        print(
            f"  last results: {report.count('passed')} passing, {report.count('failed')} failing, "
            f"{report.count('not run')} not run"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
