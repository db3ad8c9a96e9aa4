"""The change report between two editions, on editions written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from walkthrough.compare import EditionError, compare, difference, write_report


def _edition(folder: Path, steps: list[tuple[str, str, str | None]]) -> Path:
    """A guide of one scenario: (definition, text, picture colour or None) per step."""
    (folder / "images").mkdir(parents=True)
    manifest_steps = []
    for number, (definition, text, colour) in enumerate(steps, start=1):
        image = None
        if colour is not None:
            image = f"images/01-{number:02d}.png"
            picture = Image.new("RGB", (200, 100), "white")
            ImageDraw.Draw(picture).rectangle((10, 10, 60, 30), fill=colour)
            picture.save(folder / image)
        manifest_steps.append(
            {
                "number": number,
                "captions": [{"keyword": "Et", "text": text, "definition": definition}],
                "text": [text],
                "image": image,
            }
        )
    manifest = {"scenarios": [{"index": 1, "title": "S", "steps": manifest_steps}]}
    (folder / "guide.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_added_removed_reworded_and_repictured_steps(tmp_path):
    old = _edition(
        tmp_path / "old",
        [("m:a", "Ouvrez.", "black"), ("m:b", "Cliquez.", "black"), ("m:c", "Voyez.", "black")],
    )
    new = _edition(
        tmp_path / "new",
        [("m:a", "Ouvrez la page.", "black"), ("m:c", "Voyez.", "red"), ("m:d", "Fermez.", None)],
    )
    report = compare(old, new)
    assert report.changed_steps == ["1.1 reworded", "1.2 removed", "1.2 picture", "1.3 added"]
    [picture] = report.of_kind("picture")
    assert picture.changed_pixels == 51 * 21
    html = write_report(report, tmp_path / "changes.html").read_text(encoding="utf-8")
    assert "<del>Ouvrez.</del>" in html and "<ins>Ouvrez la page.</ins>" in html


def test_a_difference_below_the_threshold_or_under_a_mask_is_no_change():
    old = Image.new("RGB", (100, 100), "white")
    new = old.copy()
    new.putpixel((5, 5), (0, 0, 0))  # one pixel: noise, not a change
    assert not difference(old, new).significant
    ImageDraw.Draw(new).rectangle((20, 20, 60, 60), fill="black")
    assert difference(old, new).significant
    assert difference(old, new).box == (5, 5, 61, 61)
    assert not difference(old, new, masks=[(0, 0, 70, 70)]).significant


def test_a_change_of_colour_alone_is_a_change():
    """The header's blue turned a brighter blue: luminance moves by a few levels only, the
    blue channel by 52, so it is found; anti-aliasing's shades (every channel within the
    tolerance) are not."""
    old = Image.new("RGB", (200, 100), "white")
    ImageDraw.Draw(old).rectangle((0, 0, 199, 30), fill=(0x00, 0x44, 0x94))
    bluer = old.copy()
    ImageDraw.Draw(bluer).rectangle((0, 0, 199, 30), fill=(0x00, 0x44, 0xC8))
    luminance = abs(0.114 * (0xC8 - 0x94))
    assert luminance < 24  # what the brightness-only comparison looked at
    found = difference(old, bluer)
    assert found.significant and found.box == (0, 0, 200, 31)
    shaded = old.copy()
    ImageDraw.Draw(shaded).rectangle((0, 0, 199, 30), fill=(0x10, 0x54, 0xA4))
    assert not difference(old, shaded).significant


def test_a_folder_without_a_manifest_is_told(tmp_path):
    with pytest.raises(EditionError, match=r"holds no guide\.json"):
        compare(tmp_path, tmp_path)
