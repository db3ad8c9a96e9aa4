"""The guide's requirements: the catalogue, the scenarios' @req tags, and the coverage page
read from the last results."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from steps import guide_coverage
from steps.guide_coverage import Results, coverage, render, scenarios
from steps.requirements import Catalogue, catalogue, pytest_bdd_apply_tag
from steps.suite_index import ROOT


def test_every_requirement_tag_names_a_requirement_of_the_catalogue():
    known = set(catalogue().ids)
    tagged = {r for scenario in scenarios() for r in scenario.requirements}
    assert tagged, "no scenario names a requirement"
    assert tagged <= known, f"unknown requirements: {sorted(tagged - known)}"


def test_a_tag_becomes_the_req_marker_and_an_unknown_id_stops_the_collection():
    def scenario() -> None: ...

    assert pytest_bdd_apply_tag("req:REG-8", scenario) is True
    [mark] = scenario.pytestmark
    assert (mark.name, mark.kwargs) == ("req", {"id": "REG-8"})
    assert pytest_bdd_apply_tag("guide", scenario) is None  # pytest-bdd's own way
    with pytest.raises(pytest.UsageError, match=r"@req:REG-80: no requirement 'REG-80'"):
        pytest_bdd_apply_tag("req:REG-80", scenario)


def test_a_catalogue_with_a_twice_listed_id_or_an_unknown_part_is_refused(tmp_path):
    path = tmp_path / "requirements.toml"
    part = '[[part]]\nid = "I"\ntitle = "I"\n'
    entry = '[[requirement]]\nid = "A-1"\npart = "{part}"\nsource = "guide"\nstatement = "s"\n'
    path.write_text(part + entry.format(part="I") * 2, encoding="utf-8")
    with pytest.raises(ValueError, match="A-1 is listed twice"):
        Catalogue.load(path)
    path.write_text(part + entry.format(part="IV"), encoding="utf-8")
    with pytest.raises(ValueError, match="A-1 is in part 'IV', not listed"):
        Catalogue.load(path)


def test_each_scenario_is_found_at_the_test_pytest_collects_for_it():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "steps"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    tests = {line.split("[")[0] for line in collected if "::" in line}
    missing = [s.test for s in scenarios() if s.test not in tests]
    assert not missing, missing


def _junit(path: Path, cases: list[tuple[str, str, str]]) -> Path:
    """A JUnit file as pytest writes it: (module, test name, outcome)."""
    body = {
        "passed": "",
        "failed": '<failure message="AssertionError">…</failure>',
        "skipped": '<skipped message="no portal"/>',
    }
    rows = "".join(
        f'<testcase classname="{module}" name="{name}" time="1.0">{body[outcome]}</testcase>'
        for module, name, outcome in cases
    )
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">{rows}'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    return path


def _test_name(uri: str, line: int) -> tuple[str, str]:
    [scenario] = [s for s in scenarios() if (s.uri, s.line) == (uri, line)]
    module, name = scenario.test.split("::")
    return module.removesuffix(".py").replace("/", "."), name


def _scenario_line(uri: str, title_start: str) -> int:
    [scenario] = [s for s in scenarios() if s.uri == uri and s.name.startswith(title_start)]
    return scenario.line


def test_results_from_junit_decide_each_requirement_and_the_page_lists_the_uncovered_first(
    tmp_path,
):
    lost = _scenario_line("features/04_connexion.feature", "Après un mot de passe perdu")
    once = _scenario_line("features/03_lien_mot_de_passe.feature", "Le lien ne sert")
    form = _scenario_line("features/02_inscription_erreurs.feature", "Le formulaire")
    module, outline = _test_name("features/02_inscription_erreurs.feature", form)
    junit = _junit(
        tmp_path / "junit.xml",
        [
            (*_test_name("features/04_connexion.feature", lost), "passed"),
            (*_test_name("features/03_lien_mot_de_passe.feature", once), "failed"),
            # An outline passes only when every example passes.
            (module, f"{outline}[prénom vide]", "passed"),
            (module, f"{outline}[code erroné]", "failed"),
        ],
    )
    results = Results()
    results.read(junit)
    report = coverage(catalogue(), scenarios(), results)
    status = {c.requirement.id: c.status for c in report.requirements}
    assert status["SIGN-4"] == "passed"
    assert status["REG-9"] == "failed"
    assert status["REG-4"] == "failed"  # only the outline covers it
    assert status["MOB-1"] == "not run"

    page = BeautifulSoup(render(report), "html.parser")
    sections = page.find_all("section")
    assert sections[0].h2.get_text() == "Not covered by any scenario"
    uncovered = [
        row["data-requirement"]
        for row in sections[0].find_all("tr", attrs={"data-requirement": True})
    ]
    assert uncovered == [c.requirement.id for c in report.uncovered]
    row = page.find("tr", attrs={"data-requirement": "REG-9", "data-status": "failed"})
    assert "Le lien ne sert qu'une seule fois" in row.get_text()
    assert page.find(id="failing").get_text() == str(report.count("failed"))
    assert page.find(id="figure").get_text() == report.figure


def test_results_from_cucumber_messages(tmp_path):
    """A messages stream as Cucumber writes it: documents, pickles, test cases, step results."""
    line = _scenario_line("features/04_connexion.feature", "Un mot de passe erroné")
    envelopes = [
        {
            "gherkinDocument": {
                "uri": "features/04_connexion.feature",
                "feature": {"children": [{"scenario": {"id": "s1", "location": {"line": line}}}]},
            }
        },
        {"pickle": {"id": "p1", "uri": "features/04_connexion.feature", "astNodeIds": ["s1"]}},
        {"testCase": {"id": "c1", "pickleId": "p1"}},
        {"testCaseStarted": {"id": "a1", "testCaseId": "c1"}},
        {"testStepFinished": {"testCaseStartedId": "a1", "testStepResult": {"status": "PASSED"}}},
        {"testStepFinished": {"testCaseStartedId": "a1", "testStepResult": {"status": "FAILED"}}},
        {"testStepFinished": {"testCaseStartedId": "a1", "testStepResult": {"status": "SKIPPED"}}},
    ]
    path = tmp_path / "messages.ndjson"
    path.write_text("\n".join(json.dumps(e) for e in envelopes) + "\n", encoding="utf-8")
    results = Results()
    results.read(path)
    [wrong_password] = [s for s in scenarios() if s.line == line and "04_" in s.uri]
    assert results.status(wrong_password) == "failed"


def test_the_command_writes_the_page_and_refuses_a_file_that_is_no_result(tmp_path, capsys):
    output = tmp_path / "coverage.html"
    assert guide_coverage.main(["--output", str(output)]) == 0
    assert "Guide coverage: " in capsys.readouterr().out
    assert "<h1>The operators' guide: requirements and their scenarios</h1>" in output.read_text()
    junk = tmp_path / "junk.xml"
    junk.write_text("not xml", encoding="utf-8")
    with pytest.raises(SystemExit):
        guide_coverage.main(["--results", str(junk), "--output", str(output)])
    assert "is neither a JUnit XML nor a Cucumber Messages file" in capsys.readouterr().err


def test_the_readme_carries_the_current_figure():
    figure = coverage(catalogue(), scenarios()).figure
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"\d+ of \d+ requirements covered \(\d+%\)", readme)
    assert stated == [figure], f"README says {stated}; the catalogue and the features say {figure}"
