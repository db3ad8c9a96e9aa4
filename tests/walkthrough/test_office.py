"""The guide's Word document and slides, opened for real by LibreOffice and printed to PDF.

python-docx and python-pptx read back what they wrote; LibreOffice is the reader a
trainer's office suite is, so a file it cannot lay out fails here. ``./dev test``
installs it (Debian's ``libreoffice-writer-nogui`` and ``libreoffice-impress-nogui``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pypdf import PdfReader

from tests.walkthrough.test_slides import (
    WITH_NOTE_BEFORE,
    sample_guide,
    sample_voice,
    view_steps,
)
from walkthrough.model import Caption
from walkthrough.slides import render_pptx
from walkthrough.word import render_docx


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: ./dev test installs it, or run "
            "apt-get install libreoffice-writer-nogui libreoffice-impress-nogui"
        )
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample guide's deck and Word document, and their PDFs: one LibreOffice start
    converts both."""
    folder = tmp_path_factory.mktemp("office")
    guide = sample_guide()
    (folder / "slides.pptx").write_bytes(render_pptx(guide, sample_voice(guide)))
    (folder / "guide.docx").write_bytes(render_docx(guide, sample_voice(guide)))
    subprocess.run(
        [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            str(folder / "slides.pptx"),
            str(folder / "guide.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {
        "pptx": folder / "slides.pptx",
        "slides": folder / "pdf" / "slides.pdf",
        "guide": folder / "pdf" / "guide.pdf",
    }


def test_libreoffice_prints_every_slide(printed):
    slides = len(Presentation(io.BytesIO(printed["pptx"].read_bytes())).slides)
    assert len(PdfReader(printed["slides"]).pages) == slides


def test_libreoffice_prints_the_cover_then_each_step_on_a_page_of_its_own(printed):
    # A blank page between two steps would count one page more: the step 1.2 before it,
    # with its picture and two notes, fills its page to the last line.
    labels = [step["label"] for step in view_steps(sample_guide())]
    pages = [page.extract_text() for page in PdfReader(printed["guide"]).pages]
    assert len(pages) == 1 + len(labels)
    assert "Sommaire" in pages[0]
    for label, page in zip(labels, pages[1:], strict=True):
        assert f"{label}  " in page, f"step {label} is not on its own page: {page[:200]!r}"


def test_each_step_begins_a_page_even_when_a_note_opens_it():
    guide = sample_guide()
    opened_by_a_note = guide.scenarios[1].steps[1]  # 2.2, not the first of its scenario
    first = opened_by_a_note.captions[0]
    opened_by_a_note.captions[0] = Caption(first.keyword, first.text, definition=WITH_NOTE_BEFORE)
    body = Document(io.BytesIO(render_docx(guide, sample_voice(guide)))).element.body
    beginnings = [
        block
        for block in body
        if block.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    ]
    assert len(beginnings) == guide.step_count
    assert body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']") == []
    # The note's table cannot break the page itself: an empty paragraph before it does.
    assert [block for block in beginnings if block.find(qn("w:r")) is None] == [
        block for block in beginnings if block.getnext().tag == qn("w:tbl")
    ]
    assert any(block.getnext().tag == qn("w:tbl") for block in beginnings)
