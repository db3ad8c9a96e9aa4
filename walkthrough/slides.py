"""The guide as slides (python-pptx), for trainers who present it in a room.

The same view as the documents: a title slide with the guide's lead, a slide per chapter
(a feature: its name, its description and its scenarios), then a slide per numbered step
with its picture, its sentences and its boxed notes. The speaker notes repeat the step's
whole text, so that a presenter can read it out while the audience looks at the picture.

The deck is 16:9 (13.333 x 7.5 in). Text boxes are sized by an estimate of their lines,
and their type made smaller until they fit: PowerPoint and LibreOffice would each shrink
overflowing text their own way (or not at all), so the deck decides once, the same for
every viewer.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.serialized import _ZipPkgWriter
from pptx.util import Emu, Inches, Pt

from .deck_parts import PartCatalogue
from .model import Guide
from .packages import reproducible_members
from .view import Voice, build_view, labels_for, pictures_by_name

# 16:9 at PowerPoint's own size; the default template is 4:3 (10 in wide).
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)
TEMPLATE_WIDTH = Emu(9144000)
MARGIN = Inches(0.35)
# Step slides: the title across the top, the picture on the left (a 1280x800 screenshot
# fills its width), the sentences and notes in a column on the right.
TITLE_TOP, TITLE_HEIGHT = Inches(0.2), Inches(0.8)
BODY_TOP = Inches(1.1)
BODY_HEIGHT = SLIDE_HEIGHT - BODY_TOP - MARGIN
PICTURE_WIDTH = Inches(9.0)
GUTTER = Inches(0.25)
PANEL_LEFT = MARGIN + PICTURE_WIDTH + GUTTER
PANEL_WIDTH = SLIDE_WIDTH - PANEL_LEFT - MARGIN
FULL_WIDTH = SLIDE_WIDTH - 2 * MARGIN
# python-pptx's default text insets: 0.1 in left and right, 0.05 in top and bottom.
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)
NOTE_GAP = Inches(0.15)
# Type sizes tried in turn until a slide's text fits.
PANEL_SIZES = (20, 18, 16, 14, 13, 12, 11, 10, 9)
FULL_SIZES = (28, 24, 20, *PANEL_SIZES[1:])
# Average advance of a character, in ems, a little generous: Calibri's is about 0.45, but
# LibreOffice shows the theme's Calibri in DejaVu Sans where it has neither Calibri nor
# Carlito (0.51 on the guide's sentences, 0.58 in bold), so that text must fit too.
CHAR_EM = 0.6
LINE_SPACING = 1.2

GUIDE_BLUE = RGBColor(0x00, 0x44, 0x94)
STEP_BLUE = RGBColor(0x14, 0x5A, 0xFF)
DARK = RGBColor(0x1F, 0x1F, 0x1F)
GREY = RGBColor(0x59, 0x59, 0x59)
NOTE_FILL = RGBColor(0xFF, 0xF4, 0xE5)
NOTE_LINE = RGBColor(0xE0, 0x9A, 0x3E)
PICTURE_LINE = RGBColor(0xBF, 0xBF, 0xBF)

AUTHOR = "TRACES NT BDD toolkit"
# When a guide has no frozen moment, a fixed date keeps the deck the same every run.
NO_MOMENT = datetime(2000, 1, 1)

LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5


def render_pptx(guide: Guide, voice: Voice) -> bytes:
    """The guide as a .pptx file's bytes, the same bytes for the same guide."""
    view = build_view(guide, voice, inline_images=False)
    pictures = pictures_by_name(guide)
    labels = view["labels"]
    deck = _new_deck()
    _title_slide(deck, view["guide"]["title"], labels_for(guide.language)["lead"])
    for feature in view["features"]:
        _chapter_slide(deck, feature)
        for scenario in feature["scenarios"]:
            heading = f"{scenario['index']}. {scenario['title']}"
            for step in scenario["steps"]:
                _step_slide(deck, heading, step, pictures, labels)
    _core_properties(deck, guide)
    buffer = io.BytesIO()
    with reproducible_members(_ZipPkgWriter):
        deck.save(buffer)
    return buffer.getvalue()


# -- The deck ------------------------------------------------------------------------------


def _new_deck() -> Presentation:
    """A 16:9 deck whose master and layouts are widened to match, so that a slide a
    trainer adds by hand is laid out like the others."""
    deck = Presentation()
    PartCatalogue.install(deck.part.package)
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    master = deck.slide_master
    for shapes in (master.shapes, *(layout.placeholders for layout in master.slide_layouts)):
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left = Emu(shape.left * SLIDE_WIDTH // TEMPLATE_WIDTH)
                shape.width = Emu(shape.width * SLIDE_WIDTH // TEMPLATE_WIDTH)
    return deck


def _core_properties(deck: Presentation, guide: Guide) -> None:
    """Dated by the guide's frozen moment, so that the same run gives the same deck."""
    properties = deck.core_properties
    properties.title = guide.title
    properties.language = guide.language
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = ""
    moment = NO_MOMENT
    if guide.moment:
        moment = datetime.fromisoformat(guide.moment.replace("Z", "+00:00")).replace(tzinfo=None)
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1


# -- Slides --------------------------------------------------------------------------------


def _title_slide(deck: Presentation, title: str, lead: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[LAYOUT_TITLE])
    heading, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(heading, Inches(1.0), Inches(1.5), SLIDE_WIDTH - Inches(2.0), Inches(1.6))
    _set_text(heading.text_frame, [[(title, True, GUIDE_BLUE)]], 40, PP_ALIGN.CENTER)
    _place(subtitle, Inches(1.5), Inches(3.4), SLIDE_WIDTH - Inches(3.0), Inches(2.6))
    _set_text(subtitle.text_frame, [[(lead, False, GREY)]], 20, PP_ALIGN.CENTER)
    _speaker_notes(slide, [title, lead])


def _chapter_slide(deck: Presentation, feature: dict) -> None:
    """The feature's name, its description, and the scenarios it holds."""
    slide = deck.slides.add_slide(deck.slide_layouts[LAYOUT_TITLE_ONLY])
    title = slide.shapes.title
    _place(title, MARGIN, Inches(0.5), FULL_WIDTH, Inches(1.4))
    size = _fitting_size([feature["name"]], FULL_WIDTH, Inches(1.4), (36, 32, 28, 24))
    _set_text(title.text_frame, [[(feature["name"], True, GUIDE_BLUE)]], size, PP_ALIGN.LEFT)
    scenarios = [f"{s['index']}. {s['title']}" for s in feature["scenarios"]]
    lines = [[(p, False, DARK)] for p in feature["paragraphs"]]
    lines += [[(s, True, GREY)] for s in scenarios]
    top = Inches(2.1)
    height = SLIDE_HEIGHT - top - MARGIN
    size = _fitting_size([*feature["paragraphs"], *scenarios], FULL_WIDTH, height, FULL_SIZES)
    box = slide.shapes.add_textbox(MARGIN, top, FULL_WIDTH, height)
    _set_text(box.text_frame, lines, size, PP_ALIGN.LEFT, space_after=size // 2)
    _speaker_notes(slide, [feature["name"], *feature["paragraphs"], *scenarios])


def _step_slide(
    deck: Presentation, heading: str, step: dict, pictures: dict[str, bytes], labels: dict
) -> None:
    """The picture on the left, the sentences and notes on the right; a step without a
    picture has its text across the slide."""
    slide = deck.slides.add_slide(deck.slide_layouts[LAYOUT_TITLE_ONLY])
    label = f"{labels['step']} {step['label']}"
    title = slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, FULL_WIDTH, TITLE_HEIGHT)
    size = _fitting_size([f"{label}  {heading}"], FULL_WIDTH, TITLE_HEIGHT, (24, 20, 18, 16))
    _set_text(title.text_frame, [[(label, True, STEP_BLUE), (f"  {heading}", False, DARK)]], size)
    image = step["image"]
    if image is not None:
        box = (MARGIN, BODY_TOP, PICTURE_WIDTH, BODY_HEIGHT)
        left, top, width, height = fit(image["width"], image["height"], box)
        picture = slide.shapes.add_picture(
            io.BytesIO(pictures[image["path"]]), left, top, width, height
        )
        # What a screen reader says of the picture: the sentence of the step that took it.
        picture._element.nvPicPr.cNvPr.set("descr", image["alt"])
        picture.line.color.rgb = PICTURE_LINE
        picture.line.width = Pt(0.75)
        # The text starts level with the picture's top edge.
        column = (PANEL_LEFT, top, PANEL_WIDTH, BODY_TOP + BODY_HEIGHT - top)
        _text_column(slide, step, labels["colon"], column, PANEL_SIZES)
    else:
        column = (MARGIN, BODY_TOP, FULL_WIDTH, BODY_HEIGHT)
        _text_column(slide, step, labels["colon"], column, FULL_SIZES)
    _speaker_notes(slide, [label, *step_text(step, labels["colon"])])


def fit(width: int, height: int, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Left, top, width and height of a ``width``x``height`` picture scaled to fit ``box``
    (left, top, width, height) keeping its proportions, centred in it."""
    box_left, box_top, box_width, box_height = box
    scale = min(box_width / width, box_height / height)
    fitted_width, fitted_height = round(width * scale), round(height * scale)
    return (
        box_left + (box_width - fitted_width) // 2,
        box_top + (box_height - fitted_height) // 2,
        fitted_width,
        fitted_height,
    )


def step_text(step: dict, colon: str) -> list[str]:
    """A step's whole text, paragraph by paragraph: notes before, sentences, notes after."""
    return [
        *(_note_line(note, colon) for note in step["notes_before"]),
        *(_sentence(caption) for caption in step["captions"]),
        *(_note_line(note, colon) for note in step["notes_after"]),
    ]


def _sentence(caption: dict) -> str:
    return f"{caption['keyword']} {caption['text']}" if caption["keyword"] else caption["text"]


def _note_line(note: dict, colon: str) -> str:
    return f"{note['title']}{colon}{note['text']}"


def _text_column(
    slide, step: dict, colon: str, column: tuple[int, int, int, int], sizes: tuple[int, ...]
) -> None:
    """The notes before, the sentences, the notes after, stacked from the top of
    ``column`` (left, top, width, height), in the largest type with which they all fit."""
    left, top, width, column_height = column
    blocks = [("note", note) for note in step["notes_before"]]
    if step["captions"]:
        blocks.append(("sentences", step["captions"]))
    blocks += [("note", note) for note in step["notes_after"]]
    size = sizes[-1]
    for size in sizes:
        heights = [_block_height(kind, content, colon, width, size) for kind, content in blocks]
        if sum(heights) + NOTE_GAP * (len(blocks) - 1) <= column_height:
            break
    for (kind, content), height in zip(blocks, heights, strict=True):
        if kind == "note":
            _note_box(slide, content, colon, (left, top, width, height), size)
        else:
            box = slide.shapes.add_textbox(left, top, width, height)
            lines = [_caption_runs(caption) for caption in content]
            _set_text(box.text_frame, lines, size, space_after=size // 3)
        top += height + NOTE_GAP


def _caption_runs(caption: dict) -> list[tuple[str, bool, RGBColor]]:
    """A sentence, its Gherkin keyword (in the scenarios' voice) in bold."""
    if caption["keyword"]:
        return [(f"{caption['keyword']} ", True, DARK), (caption["text"], False, DARK)]
    return [(caption["text"], False, DARK)]


def _block_height(kind: str, content, colon: str, width: int, size: int) -> int:
    if kind == "note":
        # A note's type is a size smaller than the sentences', its box a little padded.
        return _text_height([_note_line(content, colon)], width - 2 * INSET_X, size - 2) + Emu(
            2 * INSET_Y
        )
    texts = [_sentence(caption) for caption in content]
    return _text_height(texts, width, size, space_after=size // 3)


def _note_box(slide, note: dict, colon: str, box: tuple[int, int, int, int], size: int) -> None:
    """A boxed note, as in the documents: a shaded rectangle, its title in bold."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box)
    shape.fill.solid()
    shape.fill.fore_color.rgb = NOTE_FILL
    shape.line.color.rgb = NOTE_LINE
    shape.line.width = Pt(1)
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = INSET_X * 2
    frame.margin_top = frame.margin_bottom = INSET_Y * 2
    frame.vertical_anchor = MSO_ANCHOR.TOP
    runs = [(f"{note['title']}{colon}", True, DARK), (note["text"], False, DARK)]
    _set_text(frame, [runs], size - 2)


# -- Text ----------------------------------------------------------------------------------


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _set_text(
    frame,
    paragraphs: list[list[tuple[str, bool, RGBColor]]],
    size: int,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    space_after: int = 0,
) -> None:
    """``paragraphs`` (each a list of runs: text, bold, colour) in ``size`` points, the
    frame neither growing nor shrinking them: the sizes were chosen to fit."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        if space_after and index < len(paragraphs) - 1:
            paragraph.space_after = Pt(space_after)
        for text, bold, colour in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour


def _speaker_notes(slide, paragraphs: Iterable[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(paragraphs)


def _lines(text: str, width: int, size: int) -> int:
    """Lines ``text`` takes in a box ``width`` EMU wide (insets apart) in ``size`` points,
    wrapping at spaces as a text frame does."""
    per_line = max(1, int((width - 2 * INSET_X) / Pt(size * CHAR_EM)))
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) if used == 0 else used + 1 + len(word)
        if needed <= per_line:
            used = needed
        else:
            lines += 1 + (len(word) - 1) // per_line
            used = (len(word) - 1) % per_line + 1
    return lines


def _text_height(texts: list[str], width: int, size: int, space_after: int = 0) -> int:
    """The height in EMU of ``texts`` as paragraphs of a text box ``width`` EMU wide."""
    lines = sum(_lines(text, width, size) for text in texts)
    spacing = Pt(space_after) * max(0, len(texts) - 1)
    return Emu(math.ceil(lines * Pt(size) * LINE_SPACING + spacing + 2 * INSET_Y))


def _fitting_size(texts: list[str], width: int, height: int, sizes: Iterable[int]) -> int:
    """The largest of ``sizes`` in which ``texts`` fit a box ``width`` x ``height`` EMU."""
    size = 0
    for size in sizes:
        if _text_height(texts, width, size, space_after=size // 2) <= height:
            return size
    return size
