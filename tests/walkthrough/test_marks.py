"""The developed pictures' PNG: the same pixels, rows left unfiltered, the same bytes each time."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from walkthrough.marks import encode_png


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
