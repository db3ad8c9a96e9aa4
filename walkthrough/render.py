"""Writing a guide: self-contained HTML, Markdown with its images, a PDF, a JSON manifest.

The PDF is the HTML printed by Chromium: the first page holds the title and the table
of contents, then each numbered step has a page of its own, so a guide of N numbered
steps prints on exactly 1 + N pages.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import Caption, Guide, GuideStep, ScenarioGuide
from .phrases import Catalogue, Phrase
from .redact import Redactor

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FORMATS = ("html", "md", "pdf", "docx", "json")
# The manifest (json) is what a later run's --compare reads, with the pictures.
DEFAULT_FORMATS = ("html", "md", "pdf", "docx", "json")
IMAGES_DIR = "images"
# A longer table of contents is set in two columns to stay on the PDF's first page.
LONG_CONTENTS = 14

LABELS = {
    "fr": {
        "title": "TRACES NT : guide pas à pas",
        "title_today": "TRACES NT : guide pas à pas, avec l'application EU Login Mobile App",
        "contents": "Sommaire",
        "step": "Étape",
        "colon": "\u202f: ",
        "steps": ("{n} étape", "{n} étapes"),
        "lead": "Ce guide est produit à partir des scénarios de test de TRACES NT. Chaque étape "
        "montre l'écran : le bouton sur lequel cliquer est entouré en bleu, les champs à "
        "compléter sont encadrés. Les mots de passe et les codes de sécurité sont masqués.",
    },
    "en": {
        "title": "TRACES NT: step-by-step guide",
        "title_today": "TRACES NT: step-by-step guide, with the EU Login Mobile App",
        "contents": "Contents",
        "step": "Step",
        "colon": ": ",
        "steps": ("{n} step", "{n} steps"),
        "lead": "This guide is made from the TRACES NT test scenarios. Each step shows the "
        "screen: the button to click is circled in blue and the fields to fill in are "
        "outlined. Passwords and security codes are masked.",
    },
}


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
        for fmt in ("html", "md", "pdf", "docx", "json"):
            if fmt in self.paths:
                return self.paths[fmt]
        raise ValueError("no format was written")


def labels_for(language: str) -> dict:
    """The guide's own words in ``language`` (English for any other language)."""
    return LABELS.get(language, LABELS["en"])


def image_name(scenario: ScenarioGuide, step: GuideStep) -> str:
    """``images/01-03.png``: scenario 1, numbered step 3."""
    return f"{IMAGES_DIR}/{scenario.index:02d}-{step.number:02d}.png"


def paragraphs(description: str) -> list[str]:
    """A Gherkin description as paragraphs: lines joined, blank lines separating."""
    blocks = re.split(r"\n\s*\n", description.strip())
    return [
        " ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()
    ]


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown (no emphasis, link or HTML)."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))


class Voice:
    """How captions read: the guide's phrases (``guide``), or the Gherkin (``gherkin``).

    Remembers the step definitions that had no phrase: their Gherkin stands in.
    """

    def __init__(self, guide: Guide, redactor: Redactor, catalogue: Catalogue | None):
        self.language = guide.language
        self.edition = guide.edition
        self.redactor = redactor
        self.catalogue = catalogue if guide.voice == "guide" else None
        self.missing: set[str] = set()

    def sentence(self, caption: Caption) -> tuple[str, Phrase | None]:
        """What the guide prints for ``caption`` ("" for nothing), and its phrase."""
        if self.catalogue is None:
            return self.redactor.caption(caption), None
        phrase = self.catalogue.phrase(caption.definition, self.language, self.edition)
        if phrase is None or not phrase.fields() <= {name for name, _ in caption.values}:
            self.missing.add(caption.definition or caption.text)
            return self.redactor.caption(caption), None
        values = self.redactor.values(caption.values)
        return self.redactor.text(phrase.template.format_map(values)), phrase

    def step(self, step: GuideStep) -> dict:
        """A numbered step's sentences (with keywords in Gherkin), and its boxed notes."""
        captions, before, after, alt = [], [], [], ""
        for index, caption in enumerate(step.captions):
            text, phrase = self.sentence(caption)
            keyword = caption.keyword if self.catalogue is None else ""
            if text:
                captions.append({"keyword": keyword, "text": text})
            if index == step.shot_by:
                # The picture is described by the step that took it (its Gherkin if silent).
                alt = text or self.redactor.caption(caption)
            if phrase is not None:
                before += [n for n in phrase.notes_before if n not in before]
                after += [n for n in phrase.notes_after if n not in after]
        return {
            "captions": captions,
            "alt": alt,
            "notes_before": [self._note(key) for key in before],
            "notes_after": [self._note(key) for key in after],
        }

    def _note(self, key: str) -> dict:
        note = self.catalogue.note(key, self.language)
        return {"key": key, "title": note.title, "text": self.redactor.text(note.text)}


def build_view(guide: Guide, voice: Voice, inline_images: bool) -> dict:
    """What the templates show: redacted text, image names and (for HTML) image data."""
    redactor = voice.redactor
    labels = labels_for(guide.language)
    one, many = labels["steps"]
    features = []
    for feature, scenarios in guide.features():
        view_scenarios = []
        for position, scenario in enumerate(scenarios):
            steps = []
            for step in scenario.steps:
                said = voice.step(step)
                image = None
                if step.picture is not None:
                    width, height = step.picture.size
                    image = {
                        "path": image_name(scenario, step),
                        "width": width,
                        "height": height,
                        "alt": said["alt"],
                        "data": base64.b64encode(step.picture.png).decode()
                        if inline_images
                        else "",
                    }
                label = f"{scenario.index}.{step.number}"
                steps.append({"label": label, **said, "image": image})
            count = len(steps)
            view_scenarios.append(
                {
                    "index": scenario.index,
                    "title": redactor.text(scenario.title),
                    "first_of_feature": position == 0,
                    "count": (one if count == 1 else many).format(n=count),
                    "steps": steps,
                }
            )
        features.append(
            {
                "name": redactor.text(feature.name),
                "paragraphs": [redactor.text(p) for p in paragraphs(feature.description)],
                "scenarios": view_scenarios,
            }
        )
    return {
        "guide": {"title": redactor.text(guide.title), "language": guide.language},
        "labels": labels,
        "features": features,
        "long_contents": len(guide.scenarios) > LONG_CONTENTS,
    }


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("walkthrough", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]) if autoescape else False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env


def render_html(guide: Guide, voice: Voice) -> str:
    """One self-contained page: CSS inline, pictures as data URIs, a linked contents."""
    view = build_view(guide, voice, inline_images=True)
    return _environment(autoescape=True).get_template("guide.html.j2").render(view)


def render_markdown(guide: Guide, voice: Voice) -> str:
    """Markdown for a wiki; the pictures are files in ``images/`` beside it."""
    view = build_view(guide, voice, inline_images=False)
    text = _environment(autoescape=False).get_template("guide.md.j2").render(view)
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
                    highlights=[
                        {"kind": h.kind, "element": h.element.as_dict(), "shape": h.shape.as_dict()}
                        for h in step.picture.highlights
                    ],
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
    from .word import render_docx  # it builds on this module's view

    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    redactor = Redactor(guide.secrets, guide.weak_secrets)
    voice = Voice(guide, redactor, catalogue or Catalogue.load())
    renderers = {"html": render_html, "md": render_markdown, "json": render_json}
    seconds: dict[str, float] = {}
    texts: dict[str, str] = {}
    for fmt, renderer in renderers.items():
        if fmt in formats or (fmt == "html" and "pdf" in formats):
            started = time.perf_counter()
            texts[fmt] = renderer(guide, voice)
            seconds[fmt] = time.perf_counter() - started
    # Every text is checked before any file is written.
    _check_no_leak(redactor, texts.items())
    docx = None
    if "docx" in formats:
        started = time.perf_counter()
        docx = render_docx(guide, voice)
        seconds["docx"] = time.perf_counter() - started

    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt, filename in (("html", "guide.html"), ("md", "guide.md"), ("json", "guide.json")):
        if fmt in formats:
            paths[fmt] = out_dir / filename
            paths[fmt].write_text(texts[fmt], encoding="utf-8")
    if docx is not None:
        paths["docx"] = out_dir / "guide.docx"
        paths["docx"].write_bytes(docx)
    if "md" in formats or "json" in formats:
        started = time.perf_counter()
        write_images(guide, out_dir)
        seconds["images"] = time.perf_counter() - started
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
