"""What changed between two editions of a guide: steps added, removed or reworded, and
pictures that differ, old and new side by side with the changed region marked.

An edition is a walkthrough output folder: its ``guide.json`` manifest and ``images/``.
Steps are matched scenario by scenario (by title) on the step definitions they ran, so a
reworded phrase shows as reworded, not as one step removed and another added.
"""

from __future__ import annotations

import base64
import difflib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from PIL import Image, ImageChops, ImageDraw

# A pixel differs when a channel moves by more than this (anti-aliasing stays below it).
PIXEL_TOLERANCE = 24
# A picture differs when more pixels than this differ (a changed word is a few hundred).
CHANGED_PIXELS = 40
MARK_COLOUR = (220, 20, 60)
REPORT = "changes.html"


class EditionError(ValueError):
    """A folder that holds no readable guide."""


@dataclass(frozen=True)
class Edition:
    """A written guide: its manifest and the folder of its pictures."""

    folder: Path
    manifest: dict

    @classmethod
    def read(cls, folder: Path) -> Edition:
        path = Path(folder) / "guide.json"
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise EditionError(
                f"{folder} holds no guide.json: write the edition with the json format "
                "(the default) to compare with it later."
            ) from None
        except (OSError, json.JSONDecodeError) as exc:
            raise EditionError(f"cannot read {path}: {exc}") from None
        return cls(Path(folder), manifest)

    def scenarios(self) -> dict[str, dict]:
        return {scenario["title"]: scenario for scenario in self.manifest.get("scenarios", [])}

    def picture(self, step: dict) -> Image.Image | None:
        if not step.get("image"):
            return None
        path = self.folder / step["image"]
        if not path.is_file():
            return None
        with Image.open(path) as image:
            return image.convert("RGB")


@dataclass(frozen=True)
class Difference:
    """How two pictures differ: the count of changed pixels and the box around them."""

    changed: int
    box: tuple[int, int, int, int] | None

    @property
    def significant(self) -> bool:
        return self.changed > CHANGED_PIXELS


def difference(old: Image.Image, new: Image.Image, masks=()) -> Difference:
    """Pixels that differ beyond the tolerance, outside ``masks`` (boxes x, y, w, h)."""
    if old.size != new.size:
        width, height = max(old.width, new.width), max(old.height, new.height)
        return Difference(width * height, (0, 0, width, height))
    # Each channel on its own: turned into brightness first, a header's blue that changes
    # shade moves the luminance by a few levels only and would pass unnoticed.
    red, green, blue = ImageChops.difference(old.convert("RGB"), new.convert("RGB")).split()
    delta = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    changed = delta.point(lambda value: 255 if value > PIXEL_TOLERANCE else 0)
    if masks:
        draw = ImageDraw.Draw(changed)
        for x, y, width, height in masks:
            draw.rectangle((x, y, x + width - 1, y + height - 1), fill=0)
    count = changed.histogram()[255]
    return Difference(count, changed.getbbox())


def marked(image: Image.Image, box: tuple[int, int, int, int] | None) -> Image.Image:
    """``image`` with the changed region outlined."""
    copy = image.convert("RGB")
    if box is not None:
        left, top, right, bottom = box
        ImageDraw.Draw(copy).rectangle(
            (max(left - 4, 0), max(top - 4, 0), right + 3, bottom + 3), outline=MARK_COLOUR, width=3
        )
    return copy


def side_by_side(old: Image.Image, new: Image.Image, box) -> Image.Image:
    """The old picture and the new one, next to each other, the change marked on both."""
    gap = 16
    canvas = Image.new("RGB", (old.width + gap + new.width, max(old.height, new.height)), "white")
    canvas.paste(marked(old, box), (0, 0))
    canvas.paste(marked(new, box), (old.width + gap, 0))
    return canvas


@dataclass
class StepChange:
    """One step of the change report."""

    scenario: str
    label: str
    kind: str  # added, removed, reworded, picture
    old_text: list[str] = field(default_factory=list)
    new_text: list[str] = field(default_factory=list)
    old_picture: str = ""  # data URIs of the marked pictures
    new_picture: str = ""
    changed_pixels: int = 0


@dataclass
class ChangeReport:
    """Everything that differs from the previous edition to the new one."""

    previous: Path
    current: Path
    changes: list[StepChange] = field(default_factory=list)
    unchanged: int = 0

    def of_kind(self, kind: str) -> list[StepChange]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def changed_steps(self) -> list[str]:
        """``scenario label`` of every changed step, in order (what the tests read)."""
        return [f"{change.label} {change.kind}" for change in self.changes]


def _key(step: dict) -> tuple:
    # Which step definitions ran it: wording aside, the same step.
    return tuple(caption.get("definition") or caption["text"] for caption in step["captions"])


def _text(step: dict) -> list[str]:
    return step.get("text") or [f"{c['keyword']} {c['text']}" for c in step["captions"]]


def _label(scenario: dict, step: dict) -> str:
    return f"{scenario['index']}.{step['number']}"


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def compare(previous: Path, current: Path) -> ChangeReport:
    """The change report from the edition in ``previous`` to the one in ``current``."""
    old, new = Edition.read(previous), Edition.read(current)
    report = ChangeReport(Path(previous), Path(current))
    old_scenarios, new_scenarios = old.scenarios(), new.scenarios()
    for title, scenario in new_scenarios.items():
        before = old_scenarios.get(title)
        if before is None:
            for step in scenario["steps"]:
                report.changes.append(
                    StepChange(title, _label(scenario, step), "added", new_text=_text(step))
                )
            continue
        _compare_steps(report, old, new, before, scenario)
    for title, scenario in old_scenarios.items():
        if title not in new_scenarios:
            for step in scenario["steps"]:
                report.changes.append(
                    StepChange(title, _label(scenario, step), "removed", old_text=_text(step))
                )
    return report


def _compare_steps(
    report: ChangeReport, old: Edition, new: Edition, before: dict, after: dict
) -> None:
    title = after["title"]
    old_steps, new_steps = before["steps"], after["steps"]
    matcher = difflib.SequenceMatcher(
        a=[_key(s) for s in old_steps], b=[_key(s) for s in new_steps], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            for step in old_steps[i1:i2]:
                report.changes.append(
                    StepChange(title, _label(before, step), "removed", old_text=_text(step))
                )
            for step in new_steps[j1:j2]:
                report.changes.append(
                    StepChange(title, _label(after, step), "added", new_text=_text(step))
                )
            continue
        for was, now in zip(old_steps[i1:i2], new_steps[j1:j2], strict=True):
            label = _label(after, now)
            reworded = _text(was) != _text(now)
            if reworded:
                report.changes.append(StepChange(title, label, "reworded", _text(was), _text(now)))
            change = _picture_change(old, new, was, now)
            if change is None:
                report.unchanged += not reworded
                continue
            old_picture, new_picture, found = change
            report.changes.append(
                StepChange(
                    title,
                    label,
                    "picture",
                    _text(was),
                    _text(now),
                    old_picture,
                    new_picture,
                    found.changed,
                )
            )


def _picture_change(old: Edition, new: Edition, was: dict, now: dict):
    before, after = old.picture(was), new.picture(now)
    if before is None and after is None:
        return None
    if before is None or after is None:
        blank = Image.new("RGB", (after or before).size, "white")
        before, after = before or blank, after or blank
    found = difference(before, after)
    if not found.significant:
        return None
    return _data_uri(marked(before, found.box)), _data_uri(marked(after, found.box)), found


def write_report(report: ChangeReport, output: Path) -> Path:
    """The report as one self-contained HTML page at ``output``."""
    environment = Environment(
        loader=PackageLoader("walkthrough", "templates"), autoescape=select_autoescape(["html"])
    )
    html = environment.get_template("changes.html.j2").render(
        report=report,
        kinds=("added", "removed", "reworded", "picture"),
        counts={kind: len(report.of_kind(kind)) for kind in ("added", "removed", "reworded")},
        pictures=len(report.of_kind("picture")),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    return output


def main(argv: list[str] | None = None) -> int:
    """``python -m walkthrough.compare PREVIOUS CURRENT``: the report of two written guides."""
    import argparse
    import sys

    cli = argparse.ArgumentParser(
        prog="python -m walkthrough.compare",
        description="Write the change report (HTML) between two editions of the guide.",
    )
    cli.add_argument("previous", type=Path, help="the earlier edition's output folder")
    cli.add_argument("current", type=Path, help="the new edition's output folder")
    cli.add_argument("--output", type=Path, help=f"default: CURRENT/{REPORT}")
    args = cli.parse_args(argv)
    try:
        report = compare(args.previous, args.current)
    except EditionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    path = write_report(report, args.output or args.current / REPORT)
    print(summary(report))
    print(f"Changes: {path}")
    return 0


def summary(report: ChangeReport) -> str:
    """One line: how many steps were added, removed, reworded, re-pictured."""
    counts = {kind: len(report.of_kind(kind)) for kind in ("added", "removed", "reworded")}
    return (
        f"{counts['added']} step(s) added, {counts['removed']} removed, "
        f"{counts['reworded']} reworded, {len(report.of_kind('picture'))} picture(s) changed, "
        f"{report.unchanged} unchanged"
    )


if __name__ == "__main__":
    raise SystemExit(main())
