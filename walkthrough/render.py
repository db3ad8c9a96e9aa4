"""The guide as a self-contained HTML page, as Markdown with its pictures, and as a JSON
manifest (what a later ``--compare`` reads). The HTML is also what the PDF prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from .model import Guide, Highlight
from .redact import Redactor
from .view import IMAGES_DIR, Voice, build_view, image_name, templates


def render_html(guide: Guide, voice: Voice, shown: Callable[[bytes], bytes] | None = None) -> str:
    """One self-contained page: CSS inline, pictures as data URIs (or what ``shown`` puts
    in a picture's place), a linked contents."""
    view = build_view(guide, voice, inline_images=True, shown=shown)
    return templates(autoescape=True).get_template("guide.html.j2").render(view)


def render_markdown(guide: Guide, voice: Voice) -> str:
    """Markdown for a wiki; the pictures are files in ``images/`` beside it."""
    view = build_view(guide, voice, inline_images=False)
    text = templates(autoescape=False).get_template("guide.md.j2").render(view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_json(guide: Guide, voice: Voice) -> str:
    """A manifest of the guide for other tools (and for ``--compare``): the Gherkin captions
    with their step definitions, the sentences printed, pictures, marks and masks."""
    redactor = voice.redactor
    scenarios = []
    for scenario in guide.scenarios:
        steps = []
        for step in scenario.steps:
            said = voice.step(step)
            entry = {
                "number": step.number,
                "captions": [
                    {"keyword": c.keyword, "text": redactor.caption(c), "definition": c.definition}
                    for c in step.captions
                ],
                "text": [caption["text"] for caption in said["captions"]],
                "notes": [note["key"] for note in said["notes_before"] + said["notes_after"]],
                "image": None,
            }
            if step.picture is not None:
                width, height = step.picture.size
                entry.update(
                    image=image_name(scenario, step),
                    shot_by=step.shot_by,
                    width=width,
                    height=height,
                    highlights=[_highlight(h, redactor) for h in step.picture.highlights],
                    masked=[box.as_dict() for box in step.picture.masked],
                )
            if step.violations is not None:
                entry["accessibility"] = step.violations
            steps.append(entry)
        scenarios.append(
            {
                "index": scenario.index,
                "title": redactor.text(scenario.title),
                "feature": {
                    "file": scenario.feature.filename,
                    "name": redactor.text(scenario.feature.name),
                },
                "steps": steps,
            }
        )
    manifest = {
        "title": redactor.text(guide.title),
        "language": guide.language,
        "moment": guide.moment,
        "voice": guide.voice,
        "numbered_steps": guide.step_count,
        "scenarios": scenarios,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _highlight(mark: Highlight, redactor: Redactor) -> dict:
    entry = {"kind": mark.kind, "element": mark.element.as_dict(), "shape": mark.shape.as_dict()}
    if mark.value is not None:
        entry["value"] = redactor.text(mark.value)
    return entry


def write_images(guide: Guide, out_dir: Path) -> list[Path]:
    """Write each picture as ``images/SS-NN.png``; pictures of an earlier run are removed."""
    images = out_dir / IMAGES_DIR
    images.mkdir(parents=True, exist_ok=True)
    for stale in images.glob("[0-9][0-9]*-[0-9][0-9]*.png"):
        stale.unlink()
    written = []
    for scenario in guide.scenarios:
        for step in scenario.steps:
            if step.picture is not None:
                path = out_dir / image_name(scenario, step)
                path.write_bytes(step.picture.png)
                written.append(path)
    return written
