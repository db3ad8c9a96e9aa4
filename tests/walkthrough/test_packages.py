"""The Word document and the slide deck as zips: the same bytes every run, the pictures
stored as they are, each picture hashed once (``walkthrough.packages``)."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx import Document
from docx.opc.phys_pkg import _ZipPkgWriter as DocxWriter
from docx.parts.image import ImagePart
from pptx import Presentation
from pptx.opc.serialized import _ZipPkgWriter as PptxWriter

import walkthrough.packages as packages
import walkthrough.word as word
from tests.walkthrough.test_slides import _longer, sample_guide, sample_voice
from walkthrough.packages import ZIP_EPOCH, member, remembered_digests
from walkthrough.slides import render_pptx
from walkthrough.word import render_docx


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def test_a_part_is_dated_1980_and_deflated_unless_a_picture():
    xml, picture = member("word/document.xml"), member("word/media/image1.PNG")
    assert xml.date_time == picture.date_time == ZIP_EPOCH
    assert xml.compress_type == zipfile.ZIP_DEFLATED
    assert picture.compress_type == zipfile.ZIP_STORED
    assert xml.external_attr == 0o644 << 16


def test_the_same_guide_gives_the_same_document_and_deck():
    guide = sample_guide()
    for moment in (guide.moment, ""):  # dated by the run's frozen moment, or by none
        guide.moment = moment
        for render in (render_docx, render_pptx):
            first = render(guide, sample_voice(guide))
            assert render(guide, sample_voice(guide)) == first
            assert {info.date_time for info in _members(first)} == {ZIP_EPOCH}
            assert {info.create_system for info in _members(first)} == {3}


def test_pictures_are_stored_as_they_are_and_the_rest_deflated():
    guide = sample_guide()
    for render, folder in ((render_docx, "word/media/"), (render_pptx, "ppt/media/")):
        data = render(guide, sample_voice(guide))
        pictures = [info for info in _members(data) if info.filename.startswith(folder)]
        assert pictures, f"no picture in {folder}"
        assert {info.compress_type for info in pictures} == {zipfile.ZIP_STORED}
        parts = [info for info in _members(data) if info.filename.endswith((".xml", ".rels"))]
        assert {info.compress_type for info in parts} == {zipfile.ZIP_DEFLATED}
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert all(archive.read(info).startswith(b"\x89PNG") for info in pictures)


def test_the_libraries_read_back_what_was_written():
    guide = sample_guide()
    document = Document(io.BytesIO(render_docx(guide, sample_voice(guide))))
    deck = Presentation(io.BytesIO(render_pptx(guide, sample_voice(guide))))
    steps = sum(len(scenario.steps) for scenario in guide.scenarios)
    pictures = sum(step.picture is not None for s in guide.scenarios for step in s.steps)
    assert len(document.inline_shapes) == pictures
    # A title slide, a slide per chapter, a slide per step.
    assert len(deck.slides) == 1 + len(list(guide.features())) + steps


def test_the_libraries_are_put_back_after_the_block():
    before = (ImagePart.sha1, DocxWriter.write, PptxWriter.write)
    guide = sample_guide()
    render_docx(guide, sample_voice(guide))
    render_pptx(guide, sample_voice(guide))
    assert (ImagePart.sha1, DocxWriter.write, PptxWriter.write) == before


def test_the_libraries_are_put_back_when_a_render_fails(monkeypatch):
    before = (ImagePart.sha1, DocxWriter.write)

    def failing(guide, voice):
        assert DocxWriter.write is not before[1]  # inside the blocks
        raise RuntimeError("the document could not be made")

    monkeypatch.setattr(word, "_document", failing)
    guide = sample_guide()
    with pytest.raises(RuntimeError, match="could not be made"):
        render_docx(guide, sample_voice(guide))
    assert (ImagePart.sha1, DocxWriter.write) == before


def test_documents_rendered_side_by_side_in_threads_are_all_dated_1980():
    guide = sample_guide()
    before = (ImagePart.sha1, DocxWriter.write, PptxWriter.write)
    with ThreadPoolExecutor(4) as pool:
        renders = [render_docx, render_pptx] * 3
        made = list(pool.map(lambda render: render(guide, sample_voice(guide)), renders))
    for data in made:
        assert {info.date_time for info in _members(data)} == {ZIP_EPOCH}
    assert made[0::2] == [made[0]] * 3 and made[1::2] == [made[1]] * 3
    assert (ImagePart.sha1, DocxWriter.write, PptxWriter.write) == before


def test_each_picture_of_a_longer_document_is_hashed_once(monkeypatch):
    hashed = []
    digest = packages.hashlib.sha1

    def counted(data):
        hashed.append(len(data))
        return digest(data)

    monkeypatch.setattr(packages.hashlib, "sha1", counted)
    guide = _longer(sample_guide(), 4)
    document = Document(io.BytesIO(render_docx(guide, sample_voice(guide))))
    parts = {rel.target_part for rel in document.part.rels.values() if "image" in rel.reltype}
    assert len(parts) == 4
    # python-docx hashes each picture added, once; each part kept is hashed once more when
    # the next pictures are compared with it, not once for each picture added after it.
    assert len(hashed) == len(document.inline_shapes) + len(parts)


def test_a_part_whose_bytes_change_is_hashed_again():
    part = ImagePart.load(None, "image/png", b"one", None)
    with remembered_digests(ImagePart):
        first = part.sha1
        part._blob = b"two"
        assert part.sha1 != first
        assert part.sha1 == ImagePart.load(None, "image/png", b"two", None).sha1
