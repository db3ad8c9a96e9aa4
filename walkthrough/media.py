"""Writing a guide in every medium asked for: self-contained HTML, Markdown with its
pictures, a PDF, a JSON manifest, Word, slides, a captioned video, and the interactive
simulation with its SCORM package. Each medium is a renderer of its own (``render``,
``pdf``, ``word``, ``slides``, ``video``, ``simulation``); this module only runs them.

The texts (HTML, Markdown, JSON, the simulation) are rendered here first, checked for
secrets and written; the others then run side by side in a pool of processes, if the
command gives one: the PDF is Chromium's work, the video ffmpeg's, the documents Python's.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from .model import Guide
from .phrases import Catalogue
from .redact import Redactor
from .render import render_html, render_json, render_markdown, write_images
from .simulation import PACKAGE, SIMULATION, render_simulation
from .view import Voice, build_view, pictures_by_name

FORMATS = ("html", "md", "pdf", "docx", "json", "pptx", "mp4", "simulation")
# The manifest (json) is what a later run's --compare reads, with the pictures.
DEFAULT_FORMATS = FORMATS
# Written in another process when there is a pool: the longest first.
_SLOW = ("pdf", "mp4", "pptx", "docx", "scorm")


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


@dataclass
class Writing:
    """A guide being written: its texts are, the slower media may still be under way."""

    written: Written
    _futures: dict[str, Future] = field(default_factory=dict)
    _scratch: tempfile.TemporaryDirectory | None = None

    def result(self) -> Written:
        """The guide's files once every medium is written (an error in one is raised)."""
        try:
            for fmt, future in self._futures.items():
                self._add(fmt, future.result())
        finally:
            self._futures.clear()
            if self._scratch is not None:
                self._scratch.cleanup()
                self._scratch = None
        return self.written

    def _add(self, fmt: str, outcome: tuple[dict[str, Path], float, int | None]) -> None:
        paths, seconds, pages = outcome
        self.written.paths.update(paths)
        self.written.seconds[fmt] = seconds
        if pages is not None:
            self.written.pdf_pages = pages


def _check_no_leak(redactor: Redactor, outputs: Iterable[tuple[str, str]]) -> None:
    for name, text in outputs:
        if leaked := redactor.leaks(text):
            raise LeakError(
                f"{len(leaked)} secret(s) would appear in the {name} guide; nothing was written."
            )


def start_writing(
    guide: Guide,
    out_dir: Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    catalogue: Catalogue | None = None,
    pool: Executor | None = None,
) -> Writing:
    """Write ``guide``'s texts in ``formats`` under ``out_dir`` now, and start its other
    media in ``pool`` (or write them now, without one). Captions read as ``catalogue``'s
    phrases (the built-in one by default)."""
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    catalogue = catalogue or Catalogue.load()
    redactor = Redactor(guide.secrets, guide.weak_secrets)
    voice = Voice(guide, redactor, catalogue)
    build_view(guide, voice, inline_images=False)  # learns the steps without a phrase
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
    if "md" in formats or "json" in formats:
        started = time.perf_counter()
        write_images(guide, out_dir)
        seconds["images"] = time.perf_counter() - started
    writing = Writing(Written(paths, seconds, missing_phrases=frozenset(voice.missing)))

    slow = [fmt for fmt in _SLOW if fmt in formats or (fmt == "scorm" and "simulation" in formats)]
    if not slow:
        return writing
    html = paths.get("html")
    if "pdf" in formats and html is None:  # the PDF prints the HTML from a file
        writing._scratch = tempfile.TemporaryDirectory(prefix="walkthrough-print-")
        html = Path(writing._scratch.name) / "guide.html"
        html.write_text(texts["html"], encoding="utf-8")
    payload = pickle.dumps((guide, catalogue))
    for fmt in slow:
        task = (fmt, payload, out_dir, html, paths.get("simulation"))
        if pool is None:
            writing._add(fmt, write_medium(*task))
        else:
            writing._futures[fmt] = pool.submit(write_medium, *task)
    return writing


def render(
    guide: Guide,
    out_dir: Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    catalogue: Catalogue | None = None,
    pool: Executor | None = None,
) -> Written:
    """Write ``guide`` in ``formats`` under ``out_dir``; ``Written.seconds`` times each one."""
    return start_writing(guide, out_dir, formats, catalogue, pool).result()


def write_medium(
    fmt: str, payload: bytes, out_dir: Path, html: Path | None, simulation: Path | None
) -> tuple[dict[str, Path], float, int | None]:
    """Write one of the slower media (in a process of the pool): its files, the seconds it
    took, and for the PDF its page count. Each renderer is imported here, where it runs."""
    started = time.perf_counter()
    guide, catalogue = pickle.loads(payload)
    pages = None
    if fmt == "pdf":
        from .pdf import pdf_page_count

        pdf = print_guide(guide, catalogue, html)
        paths = {"pdf": out_dir / "guide.pdf"}
        paths["pdf"].write_bytes(pdf)
        pages = pdf_page_count(pdf)
    elif fmt == "scorm":
        from .simulation import scorm_package

        text = simulation.read_text(encoding="utf-8")
        paths = {"scorm": out_dir / PACKAGE}
        paths["scorm"].write_bytes(scorm_package(text, guide.title, guide.language))
    else:
        voice = Voice(guide, Redactor(guide.secrets, guide.weak_secrets), catalogue)
        if fmt == "mp4":
            from .video import render_video

            paths = render_video(guide, voice, out_dir)
        elif fmt == "docx":
            from .word import render_docx

            paths = {"docx": out_dir / "guide.docx"}
            paths["docx"].write_bytes(render_docx(guide, voice))
        else:
            from .slides import render_pptx

            paths = {"pptx": out_dir / "guide.pptx"}
            paths["pptx"].write_bytes(render_pptx(guide, voice))
    return paths, time.perf_counter() - started, pages


def print_guide(guide: Guide, catalogue: Catalogue, html: Path, browser=None) -> bytes:
    """The guide as a PDF: printed (by ``browser``, or a Chromium of its own) with a stand-in
    for each picture, the pictures then carried over as they are (``standins``); printed from
    ``html`` with its pictures when they cannot be."""
    from .pdf import print_pdf
    from .standins import StandIns

    pictures = list(pictures_by_name(guide).values())
    if pictures and (stand_ins := StandIns.of(pictures)) is not None:
        voice = Voice(guide, Redactor(guide.secrets, guide.weak_secrets), catalogue)
        with tempfile.TemporaryDirectory(prefix="walkthrough-print-") as scratch:
            page = Path(scratch) / "guide.html"
            page.write_text(render_html(guide, voice, shown=stand_ins.png), encoding="utf-8")
            if (pdf := stand_ins.carry_over(print_pdf(page, guide.moment, browser))) is not None:
                return pdf
        print(
            "warning: the PDF's pictures could not be carried over as they are: "
            "it is printed with its pictures, which takes longer",
            file=sys.stderr,
        )
    return print_pdf(html, guide.moment, browser)
