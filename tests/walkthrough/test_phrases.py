"""The guide's voice: every photographed step has its phrase, and phrases read right."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

from steps.suite_index import step_definitions
from walkthrough.model import Caption, FeatureIntro, Guide, GuideStep, ScenarioGuide
from walkthrough.phrases import Catalogue, CatalogueError, definition_of
from walkthrough.redact import REDACTED, Redactor
from walkthrough.view import Voice

ROOT = Path(__file__).resolve().parents[2]


def _guide_steps():
    """(language, step) of every step of every scenario the walkthrough photographs."""
    for feature in get_features([str(ROOT / "features")]):
        for scenario in feature.scenarios.values():
            if "guide" in scenario.tags:
                for step in scenario.steps:
                    yield feature.language, step


def test_every_photographed_step_has_a_phrase_that_its_arguments_fill():
    catalogue, contexts = Catalogue.load(), step_definitions()
    checked = 0
    for language, step in _guide_steps():
        [context] = [
            c for c in contexts if c.type in (None, step.type) and c.parser.is_matching(step.name)
        ]
        definition = definition_of(context.step_func)
        phrase = catalogue.phrase(definition, language)
        assert phrase is not None, f"{definition} has no {language} phrase («{step.name}»)"
        arguments = context.parser.parse_arguments(step.name) or {}
        assert phrase.fields() <= set(arguments), (definition, language, phrase.template)
        phrase.template.format_map({name: str(value) for name, value in arguments.items()})
        checked += 1
    assert checked > 120  # the French and English guides


def test_every_phrase_belongs_to_a_step_definition_that_exists():
    known = {definition_of(context.step_func) for context in step_definitions()}
    stale = set(Catalogue.load().steps) - known
    assert not stale, f"phrases for step definitions that no longer exist: {sorted(stale)}"


def test_phrases_speak_in_the_imperative_or_the_present_not_in_gherkin():
    for definition, phrases in Catalogue.load().steps.items():
        for language, phrase in phrases.items():
            text = phrase.template
            assert not text.startswith(
                ("il ", "elle ", "they ", "Soit ", "Quand il", "Given ", "When they")
            )
            assert text == "" or text[0].isupper() or text[0] in "«“", (definition, language)


def _catalogue(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "phrases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_without_both_languages_or_with_an_unknown_note_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="no en phrase"):
        Catalogue.load([_catalogue(tmp_path, '["m:f"]\nfr = "Cliquez."\n')])
    with pytest.raises(CatalogueError, match="note 'nowhere'"):
        Catalogue.load(
            [_catalogue(tmp_path, '["m:f"]\nfr = "A."\nen = "A."\nnotes_after = ["nowhere"]\n')]
        )
    with pytest.raises(CatalogueError, match="cannot read"):
        Catalogue.load([_catalogue(tmp_path, "not toml = = =")])


def _guide(*captions: Caption, voice: str = "guide") -> Guide:
    feature = FeatureIntro("f.feature", "F", "", "fr")
    scenario = ScenarioGuide(1, "S", feature, [GuideStep(1, list(captions))])
    return Guide("T", "fr", [scenario], secrets=frozenset({"S3cret-Pass!"}), voice=voice)


def test_a_caption_reads_as_its_phrase_with_its_secrets_hidden(tmp_path):
    catalogue = Catalogue.load(
        [_catalogue(tmp_path, '["m:type"]\nfr = "Saisissez «{value}»."\nen = "Type “{value}”."\n')]
    )
    caption = Caption(
        "Et", 'il saisit "S3cret-Pass!"', ("S3cret-Pass!",), "m:type", (("value", "S3cret-Pass!"),)
    )
    guide = _guide(caption)
    voice = Voice(guide, Redactor(guide.secrets), catalogue)
    said = voice.step(guide.scenarios[0].steps[0])
    assert said["captions"] == [{"keyword": "", "text": f"Saisissez «{REDACTED}»."}]
    assert voice.missing == set()


def test_a_step_without_a_phrase_keeps_its_gherkin_and_is_reported():
    caption = Caption("Quand", "il fait autre chose", (), "steps.nowhere:other", ())
    guide = _guide(caption)
    voice = Voice(guide, Redactor(()), Catalogue.load())
    said = voice.step(guide.scenarios[0].steps[0])
    assert said["captions"] == [{"keyword": "", "text": "il fait autre chose"}]
    assert voice.missing == {"steps.nowhere:other"}


def test_the_gherkin_voice_keeps_keywords_and_notes_out():
    caption = Caption(
        "Quand",
        "il complète tous les champs du formulaire",
        (),
        "steps.registration_steps:complete_registration",
        (),
    )
    gherkin = _guide(caption, voice="gherkin")
    said = Voice(gherkin, Redactor(()), Catalogue.load()).step(gherkin.scenarios[0].steps[0])
    assert said["captions"] == [{"keyword": "Quand", "text": caption.text}]
    assert said["notes_after"] == []
    guide = _guide(caption)
    said = Voice(guide, Redactor(()), Catalogue.load()).step(guide.scenarios[0].steps[0])
    assert said["captions"][0]["text"] == "Complétez tous les champs du formulaire."
    assert [note["key"] for note in said["notes_after"]] == ["real-person", "professional-address"]
    assert "PERSONNE RÉELLE" in said["notes_after"][0]["text"]


@pytest.mark.parametrize(
    ("definition", "note"),
    [
        ("steps.registration_steps:complete_registration", "real-person"),
        ("steps.registration_steps:complete_registration", "professional-address"),
        ("steps.registration_steps:registration_mail_sent", "ninety-minutes"),
        ("steps.sign_in_steps:click_sign_in_to_traces", "each-environment"),
        ("steps.role_steps:send_request", "warn-authority"),
        ("steps.role_steps:create_operator", "warn-authority"),
    ],
)
def test_the_guides_warnings_stand_where_the_guide_puts_them(definition, note):
    catalogue = Catalogue.load()
    for language in ("fr", "en"):
        phrase = catalogue.phrase(definition, language)
        assert note in (*phrase.notes_before, *phrase.notes_after)
        assert catalogue.note(note, language).text
    assert "90 minutes" in catalogue.note("ninety-minutes", "fr").text
    assert "chaque environnement" in catalogue.note("each-environment", "fr").text
