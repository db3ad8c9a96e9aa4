"""Developing a picture: the marks drawn on its screenshots, the phone's screen set beside the
computer's, the PNG written.

The marks are drawn with Pillow, at four times the scale then reduced, for smooth edges, on
the screenshot rather than on the page, so that one screenshot gives both the marked picture
and the plain one that the simulation's test mode shows. The command develops each picture
when its scenario is shipped, while the workers replay the next ones; a picture that a later
click of the same step replaced is never developed.
"""

from __future__ import annotations

import io
import math

import png
from PIL import Image, ImageDraw

from .model import Guide, Highlight, Picture, Shot

HIGHLIGHT_COLOUR = "#145aff"  # rgb(20, 90, 255): no colour of the portal's own style sheet
TARGET_BORDER, FIELD_BORDER = 4, 3
FIELD_RADIUS = 6
# Around the computer's and the phone's screens, side by side.
BACKDROP = (217, 222, 229)
# Marks are drawn at this many times the picture's scale, then reduced: smooth edges.
_SUPERSAMPLE = 4


def develop_guide(guide: Guide) -> None:
    """Develop every picture of ``guide`` not developed yet."""
    for scenario in guide.scenarios:
        develop_scenario(scenario.steps)


def develop_scenario(steps) -> None:
    """Develop the pictures of a scenario's numbered steps."""
    for step in steps:
        if step.picture is not None:
            develop(step.picture)


def develop(picture: Picture) -> None:
    """Draw the marks of ``picture``'s screenshots, set them on its canvas, write its PNG
    (and the plain one, when it is made of several screenshots)."""
    exposure = picture.exposure
    if exposure is None:
        return
    if len(exposure.shots) == 1:
        [shot] = exposure.shots
        picture.png = encode_png(_marked(shot)) if shot.marks else shot.png
        picture.plain = shot.png
    else:
        marked = Image.new("RGB", exposure.size, BACKDROP)
        plain = Image.new("RGB", exposure.size, BACKDROP)
        for shot in exposure.shots:
            image = Image.open(io.BytesIO(shot.png)).convert("RGB")
            plain.paste(image, (shot.left, shot.top))
            marked.paste(_marked(shot, image) if shot.marks else image, (shot.left, shot.top))
        picture.png, picture.plain = encode_png(marked), encode_png(plain)
    picture.exposure = None


def encode_png(image: Image.Image) -> bytes:
    """``image`` (RGB or RGBA) as PNG: its rows unfiltered, deflated at zlib's fastest level.

    Pillow filters each row adaptively, trying five filters a row: on a portal's flat
    screens that costs more than the deflating and makes the file larger, not smaller (on the
    French guide's pictures, 14 ms and 71 kB a picture where unfiltered rows take 6 ms and
    66 kB), and a reader unfilters them for longer too (4.5 ms against 2.2). The same pixels.
    """
    width, height = image.size
    if image.mode not in ("RGB", "RGBA"):
        raise ValueError(f"a picture is RGB or RGBA, not {image.mode}")
    pixels = memoryview(image.tobytes())
    stride = width * len(image.mode)
    rows = (pixels[top : top + stride] for top in range(0, height * stride, stride))
    writer = png.Writer(
        width, height, greyscale=False, alpha=image.mode == "RGBA", bitdepth=8, compression=1
    )
    out = io.BytesIO()
    writer.write_packed(out, rows)
    return out.getvalue()


def _marked(shot: Shot, image: Image.Image | None = None) -> Image.Image:
    """The shot with its marks drawn (their boxes in the page's coordinates), as a new image."""
    if image is None:
        image = Image.open(io.BytesIO(shot.png))
    image = image.convert("RGB")
    for mark in shot.marks:
        mask, where = _mark_mask(mark, shot.origin)
        _paint(image, mask, where)
    return image


def _mark_mask(mark: Highlight, origin: tuple[float, float]) -> tuple[Image.Image, tuple[int, int]]:
    """How much of the mark covers each pixel of its box (a mask of the box's size), and where
    the box goes on the picture.

    Drawn as the browser would draw a ``border`` of the mark's width inside its box: a
    circle for the target, a rectangle with rounded corners for a field. Only the coverage
    is drawn and reduced, a byte a pixel: the colour is laid on the picture through it, so the
    picture stays RGB, and the mark's edge keeps its exact colour (a reduced RGBA layer's
    premultiplied colours drift where it is nearly transparent)."""
    x, y = mark.shape.x - origin[0], mark.shape.y - origin[1]
    left, top = math.floor(x), math.floor(y)
    width = math.ceil(x + mark.shape.width) - left
    height = math.ceil(y + mark.shape.height) - top
    scale = _SUPERSAMPLE
    mask = Image.new("L", (width * scale, height * scale), 0)
    box = (
        (x - left) * scale,
        (y - top) * scale,
        (x - left + mark.shape.width) * scale - 1,
        (y - top + mark.shape.height) * scale - 1,
    )
    draw = ImageDraw.Draw(mask)
    if mark.kind == "target":
        draw.ellipse(box, outline=255, width=TARGET_BORDER * scale)
    else:
        draw.rounded_rectangle(
            box, radius=FIELD_RADIUS * scale, outline=255, width=FIELD_BORDER * scale
        )
    return mask.resize((width, height), Image.Resampling.LANCZOS), (left, top)


def _paint(image: Image.Image, mask: Image.Image, where: tuple[int, int]) -> None:
    """The mark's colour laid on the picture through its mask; of a mark reaching past the
    picture's edge, Pillow paints the part inside."""
    left, top = where
    image.paste(HIGHLIGHT_COLOUR, (left, top, left + mask.width, top + mask.height), mask)
