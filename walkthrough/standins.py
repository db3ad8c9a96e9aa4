"""The PDF's pictures carried over as they are, never compressed again.

Chromium prints a picture into a PDF by decoding it and compressing every pixel again: for
the French guide's 98 pictures, some 2.3 of the PDF's 3.2 CPU-seconds. Yet a PNG's compressed
rows are what a PDF image holds already (FlateDecode with PNG predictors, ISO 32000-1,
7.4.4.4). So the guide is printed with a stand-in for each picture: a PNG of one colour, in
the picture's proportions reduced (1280x800: 8x5), which the page lays out and places
exactly as the picture (its box fits the picture's proportions). Then each stand-in's image
in the PDF takes the picture's own rows and size: the same pages, the same pixels.

A stand-in's colour says which picture it stands for; identical pictures share one, as
Chromium shares their image. The PDF is updated, not rewritten: Chromium's file, then the
pictures and a cross-reference stream (PDF 1.5, which the catalogue declares). Only an 8-bit
RGB PNG, not interlaced (what Chromium's screenshots and ``marks`` write), can be carried
over; for any other, ``StandIns.of`` gives None and the guide is printed with its pictures.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that have Chromium draw other pixels than a PNG's rows hold: a transparent colour, a
# colour profile, a gamma or chromaticities to convert from.
_CONVERTED = {b"tRNS", b"iCCP", b"gAMA", b"cHRM"}
# A colour per picture, 16 levels a channel (see _colour).
MAX_PICTURES = 16**3
# Images read through PNG predictors are PDF 1.2, a cross-reference stream 1.5.
_VERSION = (1, 5)


@dataclass(frozen=True)
class Rows:
    """An 8-bit RGB PNG's size and its compressed rows (its IDAT chunks, joined)."""

    width: int
    height: int
    data: bytes


def png_rows(png: bytes) -> Rows | None:
    """The compressed rows of an 8-bit RGB PNG, not interlaced, drawn as its rows say; None
    for any other PNG, or one cut short."""
    if not png.startswith(_SIGNATURE):
        return None
    header, parts, position = None, [], len(_SIGNATURE)
    while True:
        if position + 12 > len(png):
            return None  # no IEND
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        data = png[position + 8 : position + 8 + length]
        position += 12 + length
        if position > len(png) or kind in _CONVERTED or (kind == b"IHDR" and length != 13):
            return None
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            parts.append(data)
        elif kind == b"IEND":
            break
    if header is None or not parts:
        return None
    width, height, depth, colour_type, compression, filtering, interlace = header
    if (depth, colour_type, compression, filtering, interlace) != (8, 2, 0, 0, 0):
        return None
    return Rows(width, height, b"".join(parts))


def _colour(number: int) -> tuple[int, int, int]:
    # Three channels never equal, so that no stand-in is a grey a PDF could store as such.
    return (
        16 * (number & 15) + 4,
        16 * ((number >> 4) & 15) + 8,
        16 * ((number >> 8) & 15) + 12,
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _reduced(width: int, height: int) -> tuple[int, int]:
    """A stand-in's size: the picture's proportions, in whole pixels, at least 2 a side.
    (Blink tells an image of one pixel for a single colour, and may paint it as a box of
    that colour: this Chromium still prints it as an image, but nothing says the next one
    will.)"""
    divisor = math.gcd(width, height)
    width, height = width // divisor, height // divisor
    scale = 2 if min(width, height) == 1 else 1
    return width * scale, height * scale


class StandIns:
    """A stand-in PNG for each picture of a guide, and the PDF printed with them mended."""

    def __init__(self, rows: dict[bytes, Rows]):
        self._rows = rows
        self._number = {png: number for number, png in enumerate(rows)}
        self._idat: dict[tuple[int, int], bytes] = {}

    @classmethod
    def of(cls, pictures: Iterable[bytes]) -> StandIns | None:
        """Stand-ins for ``pictures`` (PNGs); None if one of them cannot be carried over."""
        rows = {}
        for png in dict.fromkeys(pictures):
            if (found := png_rows(png)) is None:
                return None
            rows[png] = found
        return cls(rows) if len(rows) <= MAX_PICTURES else None

    def png(self, picture: bytes) -> bytes:
        """The stand-in for ``picture``: one colour, its proportions, a 1-bit palette PNG."""
        rows = self._rows[picture]
        size = _reduced(rows.width, rows.height)
        if size not in self._idat:  # a palette's index 0 everywhere: one per size
            row = bytes(1 + (size[0] + 7) // 8)
            self._idat[size] = _chunk(b"IDAT", zlib.compress(row * size[1]))
        header = struct.pack(">IIBBBBB", *size, 1, 3, 0, 0, 0)
        return b"".join(
            [
                _SIGNATURE,
                _chunk(b"IHDR", header),
                _chunk(b"PLTE", bytes(_colour(self._number[picture]))),
                self._idat[size],
                _chunk(b"IEND", b""),
            ]
        )

    def carry_over(self, pdf: bytes) -> bytes | None:
        """``pdf``, printed with the stand-ins, with each one's image replaced by its
        picture's rows; None if a stand-in is not found as Skia writes an opaque image, or
        the PDF is not one this reads."""
        try:
            return self._carried_over(pdf)
        except Exception:  # whatever pypdf or zlib make of it: printed with the pictures
            return None

    def _carried_over(self, pdf: bytes) -> bytes | None:
        writer = PdfWriter(io.BytesIO(pdf), incremental=True)
        by_look = {}
        for png, rows in self._rows.items():
            by_look[(_colour(self._number[png]), _reduced(rows.width, rows.height))] = rows
        sizes = {size for _, size in by_look}
        carried = set()
        for image in _images(writer):
            look = _look(image, sizes)
            if look not in by_look:
                continue  # not a stand-in: left as Chromium wrote it
            _fill(image, by_look[look])
            carried.add(look)
        if len(carried) != len(by_look):
            return None
        declared = str(writer.root_object.get("/Version", "/1.0"))[1:]
        if max(_version(pdf[5:8].decode("ascii")), _version(declared)) < _VERSION:
            writer.root_object[NameObject("/Version")] = NameObject("/{}.{}".format(*_VERSION))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def _images(writer: PdfWriter) -> Iterator[StreamObject]:
    """Every image of the PDF's pages and of the forms they draw, once each."""
    seen: set[int] = set()

    def walk(resources) -> Iterator[StreamObject]:
        xobjects = resources.get("/XObject") if resources is not None else None
        for reference in (xobjects.get_object() if xobjects is not None else {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image":
                yield xobject
            elif xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))

    for page in writer.pages:
        yield from walk(page.get("/Resources"))


def _look(image: StreamObject, sizes: set[tuple[int, int]]) -> tuple | None:
    """The colour and size of an opaque RGB image of one colour and of a stand-in's size,
    as Skia writes a stand-in; None for any other image."""
    if (
        image.get("/Filter") != "/FlateDecode"
        or any(key in image for key in ("/DecodeParms", "/SMask", "/Mask", "/Decode"))
        or image.get("/BitsPerComponent") != 8
        or not _rgb(image.get("/ColorSpace"))
    ):
        return None
    width, height = int(image["/Width"]), int(image["/Height"])
    if (width, height) not in sizes:
        return None
    pixels = image.get_data()
    colour = tuple(pixels[:3])
    if len(pixels) != 3 * width * height or pixels != bytes(colour) * (width * height):
        return None
    return colour, (width, height)


def _rgb(space) -> bool:
    space = space.get_object() if space is not None else None
    if space == "/DeviceRGB":
        return True
    return (
        isinstance(space, list)
        and len(space) == 2
        and space[0] == "/ICCBased"
        and space[1].get_object().get("/N") == 3
    )


def _fill(image: StreamObject, rows: Rows) -> None:
    """The picture's rows in the stand-in's image, read through the PNG's predictors."""
    # StreamObject's own set_data keeps the bytes as they are; the encoded stream's would
    # compress them again.
    StreamObject.set_data(image, rows.data)
    image.decoded_self = None
    image[NameObject("/Width")] = NumberObject(rows.width)
    image[NameObject("/Height")] = NumberObject(rows.height)
    image[NameObject("/DecodeParms")] = DictionaryObject(
        {
            NameObject("/Predictor"): NumberObject(15),
            NameObject("/Colors"): NumberObject(3),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Columns"): NumberObject(rows.width),
        }
    )
