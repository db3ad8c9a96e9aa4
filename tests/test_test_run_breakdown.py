"""benchmarks/test_run.py: each test of a run's JUnit XML counted in its part of the suite."""

from __future__ import annotations

from pathlib import Path

from benchmarks.test_run import breakdown, junit_of

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="steps.test_01_inscription" name="test_un_operateur" time="2.5"/>
<testcase classname="tests.visual.test_guide_screens" name="test_each_screen[fr/01-01.png]" time="60"/>
<testcase classname="tests.walkthrough.test_video" name="test_video" time="1.5"/>
<testcase classname="tests.test_shared_runs" name="test_parallel_runs" time="40"/>
<testcase classname="tests.test_registration" name="test_register[sqlite]" time="0.25"/>
<testcase classname="tests.traces.test_properties" name="test_no_input[postgresql-search]" time="0.5"/>
<testcase classname="tests.traces.test_properties" name="test_no_input[sqlite-search]" time="0.25"/>
<testcase classname="tests.test_cli" name="test_help" time="1"/>
</testsuite></testsuites>
"""


def test_each_test_counts_in_its_part(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    parts = {label: (count, seconds) for label, count, seconds in breakdown(junit)}
    assert parts == {
        "browser scenarios (steps/)": (1, 2.5),
        "visual: the guide's screens": (1, 60.0),
        "walkthrough": (1, 1.5),
        "runs of the suite inside the suite": (1, 40.0),
        "Flask tests on SQLite": (2, 0.5),
        "Flask tests on PostgreSQL": (1, 0.5),
        "other tests (CLI, CAS clients, classroom, tools)": (1, 1.0),
    }


def test_the_runs_own_junit_xml_is_read_and_kept():
    # The breakdown reads the file pytest writes: the last --junitxml given wins.
    options = ["-n", "2", "--junitxml=first.xml", "--junitxml=reports/run.xml"]
    assert junit_of(options) == (Path("reports/run.xml"), True)
    made, kept = junit_of(["-n", "2"])
    assert made.name == "junit.xml" and made.parent.is_dir() and not kept
    made.parent.rmdir()
