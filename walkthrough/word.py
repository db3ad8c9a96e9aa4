"""The guide as a Word document (python-docx), for trainers who edit it by hand.

The same view as the HTML and the PDF: the cover with its contents, then each numbered
step on a page of its own, its sentences, its boxed notes and its picture.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.phys_pkg import _ZipPkgWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.image import ImagePart
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .model import Guide
from .packages import remembered_digests, reproducible_members
from .view import Voice, build_view, pictures_by_name

# A4 landscape, as the PDF; the picture leaves room for the sentences and a note or two.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.2)
PICTURE_HEIGHT = Cm(13.0)
NOTE_FILL = "FFF4E5"
STEP_BLUE = RGBColor(0x14, 0x5A, 0xFF)


def render_docx(guide: Guide, voice: Voice) -> bytes:
    """The guide as a .docx file's bytes, the same bytes for the same guide."""
    with reproducible_members(_ZipPkgWriter), remembered_digests(ImagePart):
        return _document(guide, voice)


def _document(guide: Guide, voice: Voice) -> bytes:
    view = build_view(guide, voice, inline_images=False)
    pictures = pictures_by_name(guide)
    document = Document()
    _page_setup(document, guide)
    document.add_heading(view["guide"]["title"], level=0)
    document.add_paragraph(view["labels"]["lead"])
    document.add_heading(view["labels"]["contents"], level=1)
    for feature in view["features"]:
        document.add_paragraph(feature["name"], style="List Number").runs[0].bold = True
        for scenario in feature["scenarios"]:
            line = f"{scenario['index']}. {scenario['title']} ({scenario['count']})"
            document.add_paragraph(line, style="List Bullet 2")
    for feature in view["features"]:
        for scenario in feature["scenarios"]:
            for position, step in enumerate(scenario["steps"]):
                first = _blocks_so_far(document)
                if position == 0:
                    if scenario["first_of_feature"]:
                        document.add_heading(feature["name"], level=1)
                        for paragraph in feature["paragraphs"]:
                            document.add_paragraph(paragraph)
                    document.add_heading(f"{scenario['index']}. {scenario['title']}", level=2)
                _step(document, step, pictures, view["labels"]["colon"])
                _begin_a_page(document, first)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document: Document, guide: Guide) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = guide.title
    properties.language = guide.language
    # Dated by the guide's frozen moment, so that the same run gives the same document.
    moment = datetime.fromisoformat(guide.moment.replace("Z", "+00:00")) if guide.moment else None
    if moment is not None:
        properties.created = properties.modified = moment.replace(tzinfo=None)
    properties.revision = 1


def _blocks_so_far(document: Document) -> int:
    """The body's paragraphs and tables, before the section properties that close it; a
    paragraph without a run closing the previous step (a note's spacer) is dropped first."""
    body = document.element.body
    last = body[-2] if len(body) > 1 else None
    if last is not None and last.tag == qn("w:p") and last.find(qn("w:r")) is None:
        body.remove(last)
    return len(body) - 1


def _begin_a_page(document: Document, first: int) -> None:
    """The step from block ``first`` on begins a page: its first paragraph breaks the page
    before it, or, when a note's table opens the step, an empty paragraph put before it.

    Not a paragraph holding a page break: on a page the step before filled to the last
    line, that paragraph falls onto the next page and breaks it again, leaving it blank.
    """
    body = document.element.body
    block = body[first]
    if block.tag != qn("w:p"):
        block.addprevious(OxmlElement("w:p"))
        block = body[first]
    Paragraph(block, document).paragraph_format.page_break_before = True


def _step(document: Document, step: dict, pictures: dict[str, bytes], colon: str) -> None:
    for note in step["notes_before"]:
        _note(document, note, colon)
    for index, caption in enumerate(step["captions"]):
        paragraph = document.add_paragraph()
        if index == 0:
            number = paragraph.add_run(f"{step['label']}  ")
            number.bold = True
            number.font.color.rgb = STEP_BLUE
        if caption["keyword"]:
            paragraph.add_run(f"{caption['keyword']} ").bold = True
        paragraph.add_run(caption["text"])
    if not step["captions"]:
        document.add_paragraph().add_run(step["label"]).bold = True
    image = step["image"]
    if image is not None:
        document.add_picture(io.BytesIO(pictures[image["path"]]), height=PICTURE_HEIGHT)
        _alt_text(document, image["alt"])
    for note in step["notes_after"]:
        _note(document, note, colon)


def _note(document: Document, note: dict, colon: str) -> None:
    """A boxed note: a one-cell table with a border and a light fill."""
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), NOTE_FILL)
    cell._tc.get_or_add_tcPr().append(shading)
    paragraph = cell.paragraphs[0]
    paragraph.add_run(f"{note['title']}{colon}").bold = True
    paragraph.add_run(note["text"])
    document.add_paragraph()


def _alt_text(document: Document, text: str) -> None:
    """The picture's description, for screen readers (Word's «Alt Text»)."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", text)
