"""The PDF's pictures carried over as they are (``walkthrough.standins``): the PDF printed
with stand-ins and mended shows the pages and the pixels of the PDF printed with the pictures;
a picture that cannot be carried over, or a stand-in missing from the print, leaves the guide
printed with its pictures."""

from __future__ import annotations

import io
import random
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.walkthrough.test_slides import picture, sample_guide, sample_voice
from walkthrough.media import print_guide
from walkthrough.model import Guide, Picture
from walkthrough.pdf import pdf_page_count, print_pdf
from walkthrough.phrases import Catalogue
from walkthrough.render import render_html
from walkthrough.standins import MAX_PICTURES, StandIns, _colour, png_rows


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _pictures(guide: Guide) -> list[Picture]:
    return [s.picture for c in guide.scenarios for s in c.steps if s.picture is not None]


def _with_a_repeated_picture(guide: Guide) -> Guide:
    """The sample guide, its last picture the same as its first (as two steps can be)."""
    *_, last = (s for c in guide.scenarios for s in c.steps if s.picture is not None)
    last.picture = replace(_pictures(guide)[0])
    return guide


def _page(guide: Guide, folder: Path, shown=None) -> Path:
    page = folder / "guide.html"
    page.write_text(render_html(guide, sample_voice(guide), shown=shown), encoding="utf-8")
    return page


def _print(guide: Guide, folder: Path, browser, shown=None) -> bytes:
    """The guide printed with its pictures, or what ``shown`` puts in their place."""
    return print_pdf(_page(guide, folder, shown), guide.moment, browser)


def _print_guide(guide: Guide, folder: Path, browser) -> bytes:
    """The guide's PDF, as the walkthrough writes it (in this test's browser)."""
    return print_guide(guide, Catalogue.load(), _page(guide, folder), browser)


def _images(pdf: bytes) -> list[tuple[int, bytes, tuple[int, int]]]:
    """Each page's images in the order it names them: object number, pixels, size."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for reference in page["/Resources"].get("/XObject", {}).values():
            image = reference.get_object()
            if image["/Subtype"] == "/Image":
                size = (image["/Width"], image["/Height"])
                found.append((reference.idnum, image.get_data(), size))
    return found


def _image_objects(pdf: bytes) -> list:
    return [
        reference.get_object()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for reference in page["/Resources"].get("/XObject", {}).values()
    ]


def _contents(pdf: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, browser) -> dict[str, bytes]:
    """The sample guide printed with its pictures, and in the guide's PDF."""
    guide = _with_a_repeated_picture(sample_guide())
    folder = tmp_path_factory.mktemp("standins")
    return {
        "pictures": _print(guide, folder, browser),
        "guide": _print_guide(guide, folder, browser),
    }


def test_the_pages_are_those_printed_with_the_pictures(printed):
    assert _contents(printed["guide"]) == _contents(printed["pictures"])
    assert len(_contents(printed["guide"])) == 1 + 5
    # The update leaves the pages as they were: the command counts them in the file itself.
    assert pdf_page_count(printed["guide"]) == 1 + 5


def test_every_picture_keeps_its_pixels_and_a_repeated_one_is_stored_once(printed):
    guide, pictures = _images(printed["guide"]), _images(printed["pictures"])
    assert [(pixels, size) for _, pixels, size in guide] == [
        (pixels, size) for _, pixels, size in pictures
    ]
    expected = [Image.open(io.BytesIO(p.png)) for p in _pictures(sample_guide())]
    expected[-1] = expected[0]
    assert [pixels for _, pixels, _ in guide] == [image.tobytes() for image in expected]
    assert sorted({size for _, _, size in guide}) == [(1280, 800), (1664, 800)]
    # Four pictures, the first of them twice: three images, as Chromium shares a repeated one.
    assert len({number for number, _, _ in guide}) == 3


def test_the_pictures_are_carried_over_not_compressed_again(printed):
    """The guide's PDF holds each picture's PNG rows as they are, read through predictors."""
    rows = {png_rows(p.png).data for p in _pictures(_with_a_repeated_picture(sample_guide()))}
    reader = PdfReader(io.BytesIO(printed["guide"]))
    carried = set()
    for page in reader.pages:
        for reference in page["/Resources"].get("/XObject", {}).values():
            image = reference.get_object()
            assert image["/DecodeParms"]["/Predictor"] == 15
            carried.add(image._data)
    assert carried == rows
    assert reader.trailer["/Root"]["/Version"] == "/1.5"


def test_a_picture_that_cannot_be_carried_over_leaves_the_pictures_printed(tmp_path, browser):
    guide = sample_guide()
    first = _pictures(guide)[0]
    rgba = Image.open(io.BytesIO(first.png)).convert("RGBA")
    first.png = _png(rgba)
    assert png_rows(first.png) is None
    assert StandIns.of(p.png for p in _pictures(guide)) is None
    pdf = _print_guide(guide, tmp_path, browser)
    assert _images(pdf)[0][1] == rgba.convert("RGB").tobytes()
    assert len(_image_objects(pdf)) == 4
    assert not any("/DecodeParms" in image for image in _image_objects(pdf))


def _noisy(width: int, height: int) -> bytes:
    """An RGB picture of random pixels: its PNG comes in several IDAT chunks."""
    draw = random.Random(7)
    image = Image.frombytes("RGB", (width, height), draw.randbytes(3 * width * height))
    return _png(image)


def _idat_chunks(png: bytes) -> int:
    count, position = 0, 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        count += kind == b"IDAT"
        position += 12 + length
    return count


def test_a_square_picture_in_several_chunks_is_carried_over(tmp_path, browser):
    guide = sample_guide()
    first = _pictures(guide)[0]
    first.png = _noisy(300, 300)
    assert _idat_chunks(first.png) > 1
    rows = png_rows(first.png)
    assert len(zlib.decompress(rows.data)) == 300 * (1 + 3 * 300)
    # 300x300 reduces to one pixel, which Blink may paint as a box: two a side instead.
    stand_ins = StandIns.of(p.png for p in _pictures(guide))
    assert Image.open(io.BytesIO(stand_ins.png(first.png))).size == (2, 2)
    pdf = stand_ins.carry_over(_print(guide, tmp_path, browser, stand_ins.png))
    assert pdf is not None
    assert _images(pdf)[0][1:] == (Image.open(io.BytesIO(first.png)).tobytes(), (300, 300))


def test_what_cannot_be_carried_over_is_printed_with_its_pictures_and_said(
    tmp_path, browser, monkeypatch, capsys
):
    guide = sample_guide()
    assert StandIns.of(p.png for p in _pictures(guide)).carry_over(b"%PDF-1.4 cut") is None
    monkeypatch.setattr(StandIns, "carry_over", lambda self, pdf: None)
    pdf = _print_guide(guide, tmp_path, browser)
    assert "could not be carried over" in capsys.readouterr().err
    assert len(_images(pdf)) == 4
    assert not any("/DecodeParms" in image for image in _image_objects(pdf))


def test_a_stand_in_missing_from_the_print_is_refused(tmp_path, browser):
    guide = sample_guide()
    pictures = [p.png for p in _pictures(guide)]
    stand_ins = StandIns.of(pictures)

    def all_but_the_last(png: bytes) -> bytes:  # printed as itself: no stand-in in the PDF
        return png if png == pictures[-1] else stand_ins.png(png)

    assert stand_ins.carry_over(_print(guide, tmp_path, browser, all_but_the_last)) is None
    assert stand_ins.carry_over(_print(guide, tmp_path, browser, stand_ins.png)) is not None


def test_a_guide_without_pictures_is_printed_as_it_is(tmp_path, browser):
    guide = sample_guide()
    for scenario in guide.scenarios:
        for step in scenario.steps:
            step.picture = None
    pdf = _print_guide(guide, tmp_path, browser)
    assert len(_contents(pdf)) == 1 + 5
    assert _images(pdf) == []
    assert "/Version" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def _rgb_png(**options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 2), (1, 2, 3)).save(out, format="PNG", **options)
    return out.getvalue()


def _header_changed(png: bytes, offset: int, value: int) -> bytes:
    """``png`` with one byte of its header (after width and height) changed."""
    at = 8 + 8 + 8 + offset  # signature, IHDR's length and kind, width and height
    return png[:at] + bytes([value]) + png[at + 1 :]


@pytest.mark.parametrize(
    "png",
    [
        _png(Image.new("RGBA", (4, 2), (1, 2, 3, 255))),
        _png(Image.new("L", (4, 2), 7)),
        _png(Image.new("P", (4, 2))),
        _header_changed(_rgb_png(), 0, 16),
        _header_changed(_rgb_png(), 4, 1),
        _rgb_png(transparency=(1, 2, 3)),
        _rgb_png(icc_profile=b"a profile"),
        _rgb_png()[:-12],
        _rgb_png()[:40],
        b"GIF89a",
    ],
    ids=[
        "rgba",
        "grey",
        "palette",
        "16-bit",
        "interlaced",
        "a transparent colour",
        "a colour profile",
        "no end",
        "cut in a chunk",
        "not a png",
    ],
)
def test_only_an_8_bit_rgb_png_drawn_as_its_rows_say_is_carried_over(png):
    assert png_rows(png) is None
    assert png_rows(_rgb_png()).width == 4


def test_more_pictures_than_colours_are_printed_with_their_pictures():
    pictures = [_png(Image.new("RGB", (2, 1), (*divmod(n, 256), 0))) for n in range(4097)]
    assert StandIns.of(pictures[:MAX_PICTURES]) is not None
    assert StandIns.of(pictures) is None


def test_each_picture_has_a_colour_of_its_own_never_grey():
    colours = [_colour(number) for number in range(MAX_PICTURES)]
    assert len(set(colours)) == MAX_PICTURES
    assert all(len(set(colour)) == 3 for colour in colours)


def test_a_stand_in_has_the_pictures_proportions_reduced():
    pictures = [picture(1280, 800, (250, 250, 250)).png, picture(1664, 800, (9, 9, 9)).png]
    stand_ins = StandIns.of(pictures)
    sizes = [Image.open(io.BytesIO(stand_ins.png(png))).size for png in pictures]
    assert sizes == [(8, 5), (52, 25)]
    colours = [Image.open(io.BytesIO(stand_ins.png(png))).convert("RGB") for png in pictures]
    assert [image.getpixel((0, 0)) for image in colours] == [_colour(0), _colour(1)]
