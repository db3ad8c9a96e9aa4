"""Developing a picture: its marks drawn in their colour, with smooth edges, only where they
are; its PNG the same pixels, rows left unfiltered, the same bytes each time."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageColor, ImageDraw

from walkthrough.marks import HIGHLIGHT_COLOUR, develop, encode_png
from walkthrough.model import Box, Exposure, Highlight, Picture, Shot
from walkthrough.standins import png_rows


def _screen(mode: str = "RGB") -> Image.Image:
    """A portal's screen as the walkthrough photographs it: flat colours, a frame, text."""
    image = Image.new(mode, (320, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 319, 39), fill=(0, 51, 153))
    draw.rounded_rectangle((20, 60, 300, 90), radius=6, outline=(20, 90, 255), width=3)
    draw.text((28, 68), "Demandes d'autorisation", fill="black")
    return image


def _noise(mode: str) -> Image.Image:
    return Image.frombytes(mode, (97, 61), os.urandom(97 * 61 * len(mode)))


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks.append((kind, data))
        at += 12 + length
    return chunks


@pytest.mark.parametrize("picture", [_screen(), _screen("RGBA"), _noise("RGB"), _noise("RGBA")])
def test_a_picture_reads_back_pixel_for_pixel(picture):
    read = Image.open(io.BytesIO(encode_png(picture)))
    assert (read.mode, read.size) == (picture.mode, picture.size)
    assert read.tobytes() == picture.tobytes()


def test_its_rows_are_deflated_unfiltered():
    picture = _screen()
    chunks = _chunks(encode_png(picture))
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    rows = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride = 1 + picture.width * 3
    assert len(rows) == picture.height * stride
    # The filter byte of every row: 0, "None".
    assert set(rows[::stride]) == {0}


def test_the_same_picture_gives_the_same_bytes():
    assert encode_png(_screen()) == encode_png(_screen())


@pytest.mark.parametrize("mode", ["L", "P", "RGBX"])
def test_other_modes_are_refused(mode):
    with pytest.raises(ValueError, match=f"not {mode}"):
        encode_png(_screen().convert(mode))


BACKGROUND = (250, 250, 250)
BLUE = ImageColor.getrgb(HIGHLIGHT_COLOUR)


def _developed(*marks: Highlight, origin=(0.0, 0.0)) -> tuple[Image.Image, Picture]:
    screen = encode_png(Image.new("RGB", (200, 120), BACKGROUND))
    shot = Shot(screen, marks=marks, origin=origin)
    picture = Picture(png=b"", highlights=list(marks), exposure=Exposure((shot,), (200, 120)))
    develop(picture)
    return Image.open(io.BytesIO(picture.png)), picture


def _mark(kind: str, x: float, y: float, width: float, height: float) -> Highlight:
    return Highlight(kind, Box(x, y, width, height), Box(x, y, width, height))


def test_a_field_is_outlined_in_the_marks_colour_and_nothing_else_changes():
    image, picture = _developed(_mark("field", 40.25, 30.5, 100, 40))
    assert image.mode == "RGB"
    # The middle of its left border, 3 px wide from x = 40.25: all colour.
    assert image.getpixel((41, 50)) == BLUE
    # Inside the outline and well outside it: the screen as it was.
    assert image.getpixel((90, 50)) == image.getpixel((5, 5)) == BACKGROUND
    # Its edge, partly covered: between the screen and the colour, channel by channel.
    edge = image.getpixel((40, 50))
    assert edge not in (BLUE, BACKGROUND)
    assert all(min(b, s) <= e <= max(b, s) for e, b, s in zip(edge, BLUE, BACKGROUND, strict=True))
    # The plain picture keeps the screen without its marks.
    assert [colour for _, colour in Image.open(io.BytesIO(picture.plain)).getcolors()] == [
        BACKGROUND
    ]


def test_the_target_is_circled_and_where_the_page_starts_is_taken_into_account():
    circled, _ = _developed(_mark("target", 50, 20, 80, 80))
    moved, _ = _developed(_mark("target", 60, 30, 80, 80), origin=(10.0, 10.0))
    assert circled.tobytes() == moved.tobytes()
    # Its top, the middle of its left side, and its centre left untouched.
    assert circled.getpixel((90, 22)) == circled.getpixel((52, 60)) == BLUE
    assert circled.getpixel((90, 60)) == BACKGROUND


def test_a_mark_past_the_edge_is_drawn_as_far_as_the_picture_goes():
    marks = (
        _mark("field", -20, 100, 100, 40),  # past the left and the bottom
        _mark("field", 150, -10, 100, 40),  # past the top and the right
        _mark("target", 400, 400, 50, 50),  # wholly outside
    )
    image, _ = _developed(*marks)
    assert image.size == (200, 120)
    assert image.getpixel((60, 101)) == image.getpixel((151, 20)) == BLUE
    assert image.getpixel((180, 10)) == image.getpixel((100, 60)) == BACKGROUND


def test_the_phone_beside_the_computer_each_with_its_marks():
    computer = encode_png(Image.new("RGB", (120, 80), BACKGROUND))
    phone = encode_png(Image.new("RGB", (40, 80), BACKGROUND))
    shots = (
        Shot(computer, marks=(_mark("field", 10, 10, 60, 20),)),
        Shot(phone, left=140, top=10, marks=(_mark("target", 5, 5, 30, 30),)),
    )
    picture = Picture(png=b"", exposure=Exposure(shots, (200, 100)))
    develop(picture)
    marked = Image.open(io.BytesIO(picture.png))
    plain = Image.open(io.BytesIO(picture.plain))
    # The computer's field, and the phone's target in the phone's place.
    assert marked.getpixel((11, 20)) == marked.getpixel((160, 17)) == BLUE
    assert plain.getpixel((11, 20)) == plain.getpixel((160, 17)) == BACKGROUND
    assert BLUE not in {colour for _, colour in plain.getcolors()}
    assert picture.exposure is None


def test_a_picture_too_long_for_one_chunk_is_carried_into_the_pdf_as_it_is():
    tall = Image.new("RGB", (1280, 1200), BACKGROUND)
    ImageDraw.Draw(tall).rectangle((100, 900, 600, 1100), outline=BLUE, width=3)
    png = encode_png(tall)
    assert [kind for kind, _ in _chunks(png)].count(b"IDAT") > 1
    rows = png_rows(png)
    assert rows is not None and (rows.width, rows.height) == tall.size
    assert len(zlib.decompress(rows.data)) == 1200 * (1 + 1280 * 3)
