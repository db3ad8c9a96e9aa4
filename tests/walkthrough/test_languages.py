"""Both guides in one run: ``python -m walkthrough --lang fr,en`` replays the French and the
English scenarios of the first chapter with its workers side by side, and writes each guide
in a folder of its own, as a run of one language does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from process_check import stop_group

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ("01_inscription", "01_registration_en")


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    output = tmp_path_factory.mktemp("both")
    command = [
        *(sys.executable, "-m", "walkthrough", "--lang", "fr,en", "--features", *CHAPTER),
        *("--formats", "json,md", "--jobs", "2", "--output", str(output)),
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=300)
    finally:
        stop_group(process)  # still running after a timeout, and its workers' browsers
    run = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    return run, output


def _manifest(output: Path, language: str) -> dict:
    return json.loads((output / language / "guide.json").read_text(encoding="utf-8"))


def test_each_guide_is_written_in_its_own_folder(both):
    run, output = both
    for language in ("fr", "en"):
        manifest = _manifest(output, language)
        assert manifest["language"] == language
        [scenario] = manifest["scenarios"]
        assert scenario["feature"]["file"].endswith(f"{CHAPTER[language == 'en']}.feature")
        pictures = [step["image"] for step in scenario["steps"] if step["image"]]
        assert pictures and all((output / language / name).is_file() for name in pictures)
    guides = [line for line in run.stdout.splitlines() if line.startswith("Guide: ")]
    assert guides == [
        f"Guide: {output / 'fr' / 'guide.md'}",
        f"Guide: {output / 'en' / 'guide.md'}",
    ]


def test_the_twins_tell_the_same_steps(both):
    _, output = both
    french, english = (_manifest(output, language) for language in ("fr", "en"))
    definitions = [
        [
            [caption["definition"] for caption in step["captions"]]
            for step in guide["scenarios"][0]["steps"]
        ]
        for guide in (french, english)
    ]
    assert definitions[0] == definitions[1]


def test_the_workers_share_the_scenarios_of_both_guides(both):
    run, _ = both
    assert "[scenario 1/1, fr] " in run.stdout and "[scenario 1/1, en] " in run.stdout
    assert run.stdout.count("replayed in") == 2 and "by 2 worker(s)" in run.stdout
