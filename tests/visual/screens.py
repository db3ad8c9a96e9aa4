"""The guide's screens for the visual and accessibility checks, and their baselines.

``python -m tests.visual.screens`` (``./dev baselines``) writes the French and English
walkthroughs and makes their pictures the new baselines in ``tests/visual/baselines``:
run it after a change to the screens that is meant, and commit the pictures with it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from process_check import stop_group
from tests.suite_runs import once_per_run

ROOT = Path(__file__).resolve().parents[2]
BASELINES = Path(__file__).with_name("baselines")
# Regions of a picture that may legitimately differ from its baseline, by picture:
# "fr/01-02.png" = [[x, y, width, height], ...] in the picture's pixels.
MASKS = Path(__file__).with_name("masks.toml")
LANGUAGES = ("fr", "en")


class GuideRunFailed(RuntimeError):
    """A walkthrough run that wrote no guide."""


@dataclass(frozen=True)
class Guides:
    """A run's guides, a folder per language, and what the run printed."""

    folders: dict[str, Path]
    stdout: str
    returncode: int

    def keep(self, folder: Path) -> None:
        (folder / "stdout.txt").write_text(self.stdout, encoding="utf-8")
        (folder / "returncode").write_text(str(self.returncode), encoding="utf-8")

    @classmethod
    def kept(cls, folder: Path) -> Guides:
        return cls(
            {language: folder / language for language in LANGUAGES},
            (folder / "stdout.txt").read_text(encoding="utf-8"),
            int((folder / "returncode").read_text(encoding="utf-8")),
        )


def write_guides(folder: Path) -> Guides:
    """The walkthrough of each language, its screens checked by axe-core: one run for both
    (``--lang fr,en``), whose two workers replay the two languages' scenarios side by side."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "walkthrough",
            "--lang",
            ",".join(LANGUAGES),
            "--formats",
            "json,md",
            "--jobs",
            "2",
            "--check-accessibility",
            "--output",
            str(folder),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=900)
    finally:
        stop_group(process)  # still running after a timeout, and its browsers
    written = {}
    for language in LANGUAGES:
        manifest = folder / language / "guide.json"
        # Exit code 1 with the manifests: the guides were written, some screen is
        # inaccessible (the accessibility test says which).
        if process.returncode not in (0, 1) or not manifest.is_file():
            raise GuideRunFailed(f"the {language} walkthrough failed:\n{stdout}\n{stderr}")
        written[language] = folder / language
    return Guides(written, stdout, process.returncode)


def guides_of_the_run(config, tmp_path_factory) -> Guides:
    """Both guides, written once for the whole test run: the visual checks and the
    walkthrough's tests of ``--lang fr,en`` read the same run, whichever worker asks first
    (``tests.suite_runs.once_per_run``)."""

    def make(folder: Path) -> None:
        write_guides(folder).keep(folder)

    return Guides.kept(once_per_run(config, tmp_path_factory, "guides", make))


def masks() -> dict[str, list[tuple[int, int, int, int]]]:
    """The masked regions of each picture, by ``language/name``."""
    if not MASKS.is_file():
        return {}
    data = tomllib.loads(MASKS.read_text(encoding="utf-8"))
    return {name: [tuple(box) for box in boxes] for name, boxes in data.get("masks", {}).items()}


def update_baselines() -> int:
    """Replace every baseline with the pictures of a fresh run; the count written."""
    with tempfile.TemporaryDirectory() as folder:
        written = write_guides(Path(folder)).folders
        count = 0
        for language, output in written.items():
            target = BASELINES / language
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for picture in sorted((output / "images").glob("*.png")):
                shutil.copy2(picture, target / picture.name)
                count += 1
    return count


if __name__ == "__main__":
    print(f"{update_baselines()} baseline picture(s) written to {BASELINES.relative_to(ROOT)}")
