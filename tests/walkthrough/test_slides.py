"""The guide as slides: built from a small guide made by hand, read back with python-pptx,
and (where LibreOffice is installed) opened for real and printed."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.opc.package import OpcPackage

from walkthrough.deck_parts import PartCatalogue
from walkthrough.model import Caption, FeatureIntro, Guide, GuideStep, Picture, ScenarioGuide
from walkthrough.phrases import Catalogue
from walkthrough.redact import Redactor
from walkthrough.slides import render_pptx, step_text
from walkthrough.view import Voice, build_view

# A step definition whose phrase carries two notes after it, and one with a note before.
WITH_NOTES_AFTER = "steps.registration_steps:complete_registration"
WITH_NOTE_BEFORE = "steps.sign_in_steps:click_sign_in_to_traces"
LONG_TEXT = (
    "il parcourt la liste des certificats de la semaine, choisit celui du lot de fromages "
    "en provenance de Suisse et vérifie un à un le pays d'origine, le poids net, le nombre "
    "de colis et le poste de contrôle frontalier"
)


def picture(width: int, height: int, colour: tuple[int, int, int]) -> Picture:
    """A PNG screenshot stand-in: a coloured page with a bar and a box drawn on it."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 60), fill=(0, 68, 148))
    draw.ellipse((width // 3, height // 3, width // 2, height // 2), outline=(20, 90, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return Picture(buffer.getvalue())


def sample_guide() -> Guide:
    """Two chapters, three scenarios, five numbered steps: four pictures (a PC's 1280x800
    and a PC beside a phone, 1664x800), one step without a picture, and steps with notes."""
    registration = FeatureIntro(
        "features/01_inscription.feature",
        "S'enregistrer sur EU Login",
        "Un opérateur crée son compte\npuis le confirme.\n\nIl se connecte ensuite.",
        "fr",
    )
    sign_in = FeatureIntro("features/02_connexion.feature", "Se connecter", "", "fr")
    first = ScenarioGuide(1, "Un opérateur crée son compte", registration)
    first.steps = [
        GuideStep(1, [Caption("Soit", "un nouvel opérateur")]),
        GuideStep(
            2,
            [Caption("Quand", "il remplit le formulaire", definition=WITH_NOTES_AFTER)],
            picture(1280, 800, (250, 250, 250)),
        ),
    ]
    second = ScenarioGuide(2, "Il ajoute son téléphone", registration)
    second.steps = [
        GuideStep(
            1, [Caption("Quand", "il ouvre l'application")], picture(1664, 800, (240, 240, 230))
        ),
        GuideStep(
            2,
            [Caption("Et", LONG_TEXT), Caption("Alors", "le certificat s'affiche")],
            picture(1280, 800, (230, 240, 250)),
        ),
    ]
    third = ScenarioGuide(3, "Un opérateur se connecte", sign_in)
    third.steps = [
        GuideStep(
            1,
            [Caption("Quand", "il se connecte", definition=WITH_NOTE_BEFORE)],
            picture(1280, 800, (250, 240, 240)),
        )
    ]
    return Guide(
        "Guide de démonstration", "fr", [first, second, third], moment="2026-01-15T09:00:00Z"
    )


def sample_voice(guide: Guide) -> Voice:
    """The guide's voice: the catalogue's phrases, the Gherkin where there is none."""
    return Voice(guide, Redactor(guide.secrets, guide.weak_secrets), Catalogue.load())


def view_steps(guide: Guide) -> list[dict]:
    """The numbered steps as every renderer sees them, in the guide's order."""
    view = build_view(guide, sample_voice(guide), inline_images=False)
    return [
        step
        for feature in view["features"]
        for scenario in feature["scenarios"]
        for step in scenario["steps"]
    ]


@pytest.fixture(scope="module")
def deck() -> bytes:
    guide = sample_guide()
    return render_pptx(guide, sample_voice(guide))


def test_a_slide_per_chapter_and_per_step_after_the_title(deck):
    guide = sample_guide()
    presentation = Presentation(io.BytesIO(deck))
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)
    slides = list(presentation.slides)
    assert len(slides) == 1 + len(guide.features()) + guide.step_count == 8
    assert slides[0].shapes.title.text == "Guide de démonstration"
    assert "Ce guide est produit" in _texts(slides[0])
    assert slides[1].shapes.title.text == "S'enregistrer sur EU Login"
    assert "Un opérateur crée son compte puis le confirme." in _texts(slides[1])
    assert "Il se connecte ensuite." in _texts(slides[1])
    assert slides[6].shapes.title.text == "Se connecter"


def test_each_picture_keeps_its_proportions_inside_the_slide(deck):
    guide = sample_guide()
    presentation = Presentation(io.BytesIO(deck))
    pictures = [
        shape for slide in presentation.slides for shape in slide.shapes if shape.shape_type == 13
    ]
    expected = [
        step.picture.size for s in guide.scenarios for step in s.steps if step.picture is not None
    ]
    assert len(pictures) == len(expected) == 4
    for shape, (width, height) in zip(pictures, expected, strict=True):
        assert shape.width / shape.height == pytest.approx(width / height, rel=0.01)
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= presentation.slide_width
        assert shape.top + shape.height <= presentation.slide_height
        assert shape.image.size == (width, height)


def test_every_shape_lies_on_the_slide(deck):
    presentation = Presentation(io.BytesIO(deck))
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= presentation.slide_width
            assert shape.top >= 0 and shape.top + shape.height <= presentation.slide_height


def test_step_slides_say_the_sentences_notes_and_alt_text(deck):
    guide = sample_guide()
    steps = view_steps(guide)
    step_slides = [
        slide
        for slide in Presentation(io.BytesIO(deck)).slides
        if slide.shapes.title.text.startswith("Étape")
    ]
    assert len(step_slides) == len(steps)
    for slide, step in zip(step_slides, steps, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(f"Étape {step['label']}")
        for paragraph in step_text(step, "\u202f: "):
            assert paragraph in notes
        on_slide = _texts(slide)
        for caption in step["captions"]:
            assert caption["text"] in on_slide
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == (step["image"] is not None)
        for shape in pictures:
            assert shape._element.nvPicPr.cNvPr.get("descr") == step["image"]["alt"] != ""
    # The step without a picture still has its slide and its text.
    assert "un nouvel opérateur" in _texts(step_slides[0])
    # The catalogue's phrase, and its notes boxed on the slide, shaded.
    with_notes = step_slides[1]
    assert "Complétez tous les champs du formulaire." in _texts(with_notes)
    boxes = [shape for shape in with_notes.shapes if shape.shape_type == 1]
    assert len(boxes) == 2
    assert "PERSONNE RÉELLE" in boxes[0].text_frame.text
    assert boxes[0].text_frame.text.startswith("Important")
    assert str(boxes[0].fill.fore_color.rgb) == "FFF4E5"
    assert "PERSONNE RÉELLE" in with_notes.notes_slide.notes_text_frame.text
    # A note before the sentence is boxed above it.
    before = step_slides[4]
    [note] = [shape for shape in before.shapes if shape.shape_type == 1]
    [sentence] = [s for s in before.shapes if "Cliquez sur le bouton vert" in _text(s)]
    assert note.top + note.height <= sentence.top


def test_the_same_guide_gives_the_same_bytes(deck):
    guide = sample_guide()
    assert render_pptx(guide, sample_voice(guide)) == deck
    properties = Presentation(io.BytesIO(deck)).core_properties
    assert properties.title == "Guide de démonstration"
    assert properties.language == "fr"
    assert properties.author == "TRACES NT BDD toolkit"
    assert properties.created.isoformat() == "2026-01-15T09:00:00"
    assert properties.revision == 1


def test_a_guide_without_a_moment_is_dated_2000(deck):
    guide = sample_guide()
    guide.moment = ""
    undated = render_pptx(guide, sample_voice(guide))
    assert Presentation(io.BytesIO(undated)).core_properties.modified.year == 2000
    assert render_pptx(guide, sample_voice(guide)) == undated


def _longer(guide: Guide, times: int) -> Guide:
    """``guide`` with its scenarios told ``times`` over: as many new slides, the same
    pictures again (a deck keeps one copy of each)."""
    guide.scenarios = [
        replace(scenario, index=round * len(guide.scenarios) + scenario.index)
        for round in range(times)
        for scenario in guide.scenarios
    ]
    return guide


def test_the_part_catalogue_names_the_parts_as_python_pptx_does(monkeypatch):
    guide = _longer(sample_guide(), 3)
    catalogued = render_pptx(guide, sample_voice(guide))
    monkeypatch.setattr(PartCatalogue, "install", classmethod(lambda cls, package: None))
    walked = render_pptx(guide, sample_voice(guide))
    assert catalogued == walked
    members = zipfile.ZipFile(io.BytesIO(catalogued)).namelist()
    # Four pictures, each once; a speaker note per slide (title, 2 chapters, 15 steps).
    assert sorted(m for m in members if m.startswith("ppt/media/")) == [
        f"ppt/media/image{n}.png" for n in range(1, 5)
    ]
    assert sum(m.startswith("ppt/notesSlides/notesSlide") for m in members) == 18


def test_a_longer_guide_walks_the_deck_no_more_often(monkeypatch):
    walks = []
    every_part = OpcPackage.iter_parts

    def counted(package):
        walks.append(package)
        return every_part(package)

    monkeypatch.setattr(OpcPackage, "iter_parts", counted)
    counts = []
    for times in (1, 4):
        guide = _longer(sample_guide(), times)
        walks.clear()
        render_pptx(guide, sample_voice(guide))
        counts.append(len(walks))
    # The catalogue's one walk, and the save's; python-pptx's own way walked three times
    # more for each step slide.
    assert counts == [2, 2]


def _text(shape) -> str:
    return shape.text_frame.text if shape.has_text_frame else ""


def _texts(slide) -> str:
    return "\n".join(_text(shape) for shape in slide.shapes)
