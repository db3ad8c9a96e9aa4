"""Merge the reports of CI shards: ``python -m steps.merge_reports SHARDS --output DIR``.

Under SHARDS (each shard's downloaded ``reports/`` folder, at any depth) it finds
``cucumber*.json``, ``junit*.xml``, Cucumber Messages (``*.ndjson``) and ``allure/`` folders,
and writes one ``cucumber.json``, one ``junit.xml``, one ``messages.ndjson`` and one
``allure/`` under DIR. The messages make one test run: each feature file, pickle and step
definition once (their ids are the same in every shard), every shard's test cases in the
order of the feature files, the run started when the first shard started, finished when the
last one finished, and successful if every shard was.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from steps.cucumber import CucumberJsonReport
from steps.messages import DuplicateTestCase, MessageStream


def merge_cucumber(files: list[Path], output: Path) -> int:
    """One Cucumber JSON of every feature and scenario; a feature split across shards is one."""
    merged = CucumberJsonReport(str(output))
    for path in files:
        for feature in json.loads(path.read_text(encoding="utf-8")):
            elements = feature.pop("elements", [])
            entry = merged.features.setdefault(feature["uri"], {**feature, "elements": []})
            entry["elements"].extend(elements)
    merged.pytest_sessionfinish()
    return sum(len(feature["elements"]) for feature in merged.features.values())


def merge_messages(files: list[Path], output: Path) -> int:
    """One stream of Cucumber Messages: one test run of every shard's test cases."""
    stream = MessageStream.read(files)
    stream.write(output)
    return len(stream.test_cases)


def merge_junit(files: list[Path], output: Path) -> int:
    """One JUnit XML whose suites are every shard's."""
    suites = ET.Element("testsuites")
    for path in files:
        root = ET.parse(path).getroot()
        suites.extend(root.iter("testsuite") if root.tag == "testsuites" else [root])
    for total in ("tests", "failures", "errors", "skipped"):
        suites.set(total, str(sum(int(s.get(total, 0)) for s in suites)))
    output.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(output, encoding="utf-8", xml_declaration=True)
    return int(suites.get("tests"))


def merge_allure(folders: list[Path], output: Path) -> int:
    """Every shard's Allure results in one folder (their file names are unique already)."""
    output.mkdir(parents=True, exist_ok=True)
    copied = 0
    for folder in folders:
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy2(path, output / path.name)
                copied += 1
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps.merge_reports", description=__doc__)
    parser.add_argument("shards", type=Path, help="folder holding the shards' reports")
    parser.add_argument("--output", type=Path, default=Path("reports"), help="default: reports")
    args = parser.parse_args(argv)
    if not args.shards.is_dir():
        parser.error(f"{args.shards} is not a folder")
    inside = args.output.resolve()

    def found(pattern: str) -> list[Path]:
        # Never the output's own files, when it lies under the shards' folder.
        return sorted(p for p in args.shards.rglob(pattern) if inside not in p.resolve().parents)

    cucumber, junit = found("cucumber*.json"), found("junit*.xml")
    messages = found("*.ndjson")
    allure = [p for p in found("allure") if p.is_dir()]
    if not (cucumber or junit or messages or allure):
        print(
            f"No cucumber*.json, junit*.xml or allure/ under {args.shards}, nor *.ndjson.",
            file=sys.stderr,
        )
        return 1
    status = 0
    if cucumber:
        count = merge_cucumber(cucumber, args.output / "cucumber.json")
        print(f"cucumber.json: {count} scenarios from {len(cucumber)} files")
    if messages:
        try:
            count = merge_messages(messages, args.output / "messages.ndjson")
            print(f"messages.ndjson: {count} test cases from {len(messages)} files")
        except DuplicateTestCase as exc:
            # Shards of one run share no scenario: two that ran one are not one run's shards.
            print(f"messages.ndjson not written: {exc}", file=sys.stderr)
            status = 1
    if junit:
        count = merge_junit(junit, args.output / "junit.xml")
        print(f"junit.xml: {count} tests from {len(junit)} files")
    if allure:
        count = merge_allure(allure, args.output / "allure")
        print(f"allure/: {count} files from {len(allure)} folders")
    return status


if __name__ == "__main__":
    sys.exit(main())
