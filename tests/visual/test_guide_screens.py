"""Every screen of the French and English guides: unchanged from its baseline, and free of
serious and critical accessibility violations (axe-core).

After a change to the screens that is meant, ``./dev baselines`` makes the new pictures
the baselines; a failing comparison leaves the old and new pictures, side by side with the
change outlined, next to the report (and in the HTML report with ``--html``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from pages.fonts import mismatches
from tests.visual.screens import BASELINES, LANGUAGES, guides_of_the_run, masks
from walkthrough.compare import difference, side_by_side

PICTURES = sorted(BASELINES.glob("*/*.png"))


@pytest.fixture(scope="module")
def guides(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    return guides_of_the_run(pytestconfig, tmp_path_factory).folders


def _attach(request: pytest.FixtureRequest, path: Path) -> None:
    html = request.config.pluginmanager.getplugin("html")
    if html is not None:
        request.getfixturevalue("extras").append(html.extras.png(str(path)))


@pytest.mark.parametrize("baseline", PICTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_screen_matches_its_baseline(
    guides: dict[str, Path], baseline: Path, request: pytest.FixtureRequest, tmp_path: Path
):
    language, name = baseline.parent.name, baseline.name
    current = guides[language] / "images" / name
    assert current.is_file(), f"the {language} guide has no picture {name} any more"
    with Image.open(baseline) as old, Image.open(current) as new:
        found = difference(old, new, masks().get(f"{language}/{name}", ()))
        if not found.significant:
            return
        diff = tmp_path / f"{language}-{name}"
        side_by_side(old.convert("RGB"), new.convert("RGB"), found.box).save(diff)
    _attach(request, diff)
    fonts = "".join(f" {sentence}." for sentence in mismatches())
    pytest.fail(
        f"{language}/{name} changed: {found.changed} pixels in {found.box}. Baseline and new "
        f"picture side by side: {diff}. If the change is meant, run ./dev baselines.{fonts}"
    )


def test_this_machine_draws_the_screens_in_the_baselines_fonts():
    # Otherwise every screen with a filled-in field differs by a pixel or two (pages/fonts.py).
    assert mismatches() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_has_a_baseline(guides: dict[str, Path], language: str):
    shown = {p.name for p in (guides[language] / "images").glob("*.png")}
    kept = {p.name for p in (BASELINES / language).glob("*.png")}
    assert shown, f"the {language} guide has no picture"
    assert shown == kept, (
        f"pictures without a baseline: {sorted(shown - kept)}; baselines of no picture: "
        f"{sorted(kept - shown)}. Run ./dev baselines and commit tests/visual/baselines."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_is_free_of_serious_accessibility_violations(
    guides: dict[str, Path], language: str
):
    manifest = json.loads((guides[language] / "guide.json").read_text(encoding="utf-8"))
    checked, found = 0, []
    for scenario in manifest["scenarios"]:
        for step in scenario["steps"]:
            if step["image"] is None:
                continue
            assert "accessibility" in step, f"{step['image']} was not checked"
            checked += 1
            found += [f"{step['image']}: {violation}" for violation in step["accessibility"]]
    assert checked > 30
    assert not found, "\n".join(found)
