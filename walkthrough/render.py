"""Writing a guide in every medium: self-contained HTML, Markdown with its images, a PDF, a
JSON manifest, Word, slides, a captioned video, and the interactive simulation with its SCORM
package (the media themselves are in ``word``, ``slides``, ``video`` and ``simulation``).

The PDF is the HTML printed by Chromium: the first page holds the title and the table
of contents, then each numbered step has a page of its own, so a guide of N numbered
steps prints on exactly 1 + N pages.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Guide, Highlight
from .phrases import Catalogue
from .redact import Redactor
from .simulation import PACKAGE, SIMULATION, render_simulation, scorm_package
from .slides import render_pptx
from .video import render_video
from .view import IMAGES_DIR, Voice, build_view, image_name, templates
from .word import render_docx

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FORMATS = ("html", "md", "pdf", "docx", "json", "pptx", "mp4", "simulation")
# The manifest (json) is what a later run's --compare reads, with the pictures.
DEFAULT_FORMATS = FORMATS


class LeakError(RuntimeError):
    """A secret reached a rendered guide; nothing is written."""


@dataclass
class Written:
    """The files of a rendered guide, and how long each format took."""

    paths: dict[str, Path]
    seconds: dict[str, float]
    pdf_pages: int | None = None
    # Step definitions without a phrase in the guide's language (their Gherkin stood in).
    missing_phrases: frozenset[str] = frozenset()

    @property
    def main(self) -> Path:
        """The file to open first: HTML, else Markdown, else PDF, else JSON."""
        for fmt in FORMATS:
            if fmt in self.paths:
                return self.paths[fmt]
        raise ValueError("no format was written")


def render_html(guide: Guide, voice: Voice) -> str:
    """One self-contained page: CSS inline, pictures as data URIs, a linked contents."""
    view = build_view(guide, voice, inline_images=True)
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


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written by Chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _pdf_date(moment: str) -> bytes:
    digits = re.sub(r"\D", "", moment)[:14].ljust(14, "0")
    return f"D:{digits}+00'00'".encode()


def _print(browser: Browser, html: str) -> bytes:
    page = browser.new_page()
    try:
        page.set_content(html, wait_until="load")
        return page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


def print_pdf(html: str, moment: str, browser: Browser | None = None) -> bytes:
    """The HTML printed by Chromium (``browser``, or one launched for it), dated ``moment``.

    Chromium dates its PDFs with the current time; the date is replaced by one of the same
    length, so that the cross-reference offsets still hold.
    """
    if browser is not None:
        pdf = _print(browser, html)
    else:
        from playwright.sync_api import sync_playwright

        from pages.browser import launch_options

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(**launch_options())
            try:
                pdf = _print(launched, html)
            finally:
                launched.close()
    date = _pdf_date(moment)
    return re.sub(
        rb"/(CreationDate|ModDate) \(D:\d{14}[+-Z]\d\d'\d\d'\)",
        lambda m: b"/" + m.group(1) + b" (" + date + b")",
        pdf,
    )


def _check_no_leak(redactor: Redactor, outputs: Iterable[tuple[str, str]]) -> None:
    for name, text in outputs:
        if leaked := redactor.leaks(text):
            raise LeakError(
                f"{len(leaked)} secret(s) would appear in the {name} guide; nothing was written."
            )


def render(
    guide: Guide,
    out_dir: Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    browser: Browser | None = None,
    catalogue: Catalogue | None = None,
) -> Written:
    """Write ``guide`` in ``formats`` under ``out_dir``; ``Written.seconds`` times each one.

    The PDF is printed with ``browser`` if given, else with a Chromium launched for it.
    Captions read as ``catalogue``'s phrases (the built-in one by default).
    """
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    redactor = Redactor(guide.secrets, guide.weak_secrets)
    voice = Voice(guide, redactor, catalogue or Catalogue.load())
    renderers = {
        "html": render_html,
        "md": render_markdown,
        "json": render_json,
        "simulation": render_simulation,
    }
    seconds: dict[str, float] = {}
    texts: dict[str, str] = {}
    for fmt, renderer in renderers.items():
        if fmt in formats or (fmt == "html" and "pdf" in formats):
            started = time.perf_counter()
            texts[fmt] = renderer(guide, voice)
            seconds[fmt] = time.perf_counter() - started
    # Every text is checked before any file is written.
    _check_no_leak(redactor, texts.items())
    binaries: dict[str, tuple[str, bytes]] = {}
    for fmt, filename, renderer in (
        ("docx", "guide.docx", render_docx),
        ("pptx", "guide.pptx", render_pptx),
    ):
        if fmt in formats:
            started = time.perf_counter()
            binaries[fmt] = (filename, renderer(guide, voice))
            seconds[fmt] = time.perf_counter() - started

    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt, filename in (
        ("html", "guide.html"),
        ("md", "guide.md"),
        ("json", "guide.json"),
        ("simulation", SIMULATION),
    ):
        if fmt in formats:
            paths[fmt] = out_dir / filename
            paths[fmt].write_text(texts[fmt], encoding="utf-8")
    for fmt, (filename, content) in binaries.items():
        paths[fmt] = out_dir / filename
        paths[fmt].write_bytes(content)
    if "simulation" in formats:
        started = time.perf_counter()
        paths["scorm"] = out_dir / PACKAGE
        paths["scorm"].write_bytes(scorm_package(texts["simulation"], guide.title, guide.language))
        seconds["scorm"] = time.perf_counter() - started
    if "md" in formats or "json" in formats:
        started = time.perf_counter()
        write_images(guide, out_dir)
        seconds["images"] = time.perf_counter() - started
    if "mp4" in formats:
        started = time.perf_counter()
        video = render_video(guide, voice, out_dir)
        paths["mp4"], paths["vtt"] = video["mp4"], video["vtt"]
        seconds["mp4"] = time.perf_counter() - started
    pages = None
    if "pdf" in formats:
        started = time.perf_counter()
        pdf = print_pdf(texts["html"], guide.moment, browser)
        paths["pdf"] = out_dir / "guide.pdf"
        paths["pdf"].write_bytes(pdf)
        pages = pdf_page_count(pdf)
        seconds["pdf"] = time.perf_counter() - started
    return Written(
        paths=paths, seconds=seconds, pdf_pages=pages, missing_phrases=frozenset(voice.missing)
    )
