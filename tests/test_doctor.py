"""./dev doctor: the suite as it stands has no problem, and each kind of problem is found and
told with its file and line."""

from __future__ import annotations

from pathlib import Path

from pytest_bdd import parsers
from pytest_bdd.steps import StepFunctionContext

from steps import doctor, suite_index
from steps.doctor import Kept, Settings
from steps.requirements import Catalogue


def test_the_suite_has_no_problem():
    problems = doctor.examine()
    assert not problems, "\n".join(map(str, problems))


def _feature(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Step definitions of a tiny suite, matched as pytest-bdd matches the real ones.
def opens_the_page() -> None: ...


def opens_anything() -> None: ...


def sees(text: str) -> None: ...


def never_said() -> None: ...


def _definitions() -> list[StepFunctionContext]:
    return [
        StepFunctionContext("given", opens_the_page, parsers.parse("il ouvre la page")),
        StepFunctionContext("given", opens_anything, parsers.parse("il ouvre {what}")),
        StepFunctionContext("then", sees, parsers.parse("il voit «{text}»")),
        StepFunctionContext("when", never_said, parsers.parse("il ne dit jamais ceci")),
    ]


SETTINGS = Settings(markers=frozenset({"guide", "connexion"}), kept=())

FEATURE = """# language: fr
@connexion
Fonctionnalité: Un essai

  Scénario: Trois pas
    Soit il ouvre la page
    Et il ouvre le menu
    Alors il voit «Bonjour»
    Et il sourit
"""


def test_undefined_ambiguous_and_unused_steps_are_told_where_they_are(tmp_path):
    path = _feature(tmp_path, "essai.feature", FEATURE)
    features = suite_index.load_features([path])
    found = [str(p) for p in doctor.binding_problems(features, _definitions(), SETTINGS)]
    this_file = Path(__file__).resolve().relative_to(suite_index.ROOT)
    assert (
        f"{path}:6: ambiguous step «il ouvre la page»: «il ouvre la page» (tests.test_doctor:opens_the_page) at {this_file}:"
        in "\n".join(found)
    )
    assert f"{path}:9: undefined then step «il sourit»" in found
    assert any(
        line.startswith(f"{this_file}:")
        and "«il ne dit jamais ceci» (tests.test_doctor:never_said) is said by no feature" in line
        for line in found
    ), found
    # «il ouvre le menu» binds once, to «il ouvre {what}»: no problem told about it.
    assert not any("menu" in line for line in found)


def test_a_phrase_kept_on_purpose_is_not_told_until_a_feature_says_it(tmp_path):
    path = _feature(tmp_path, "essai.feature", FEATURE)
    features = suite_index.load_features([path])
    kept = Settings(
        SETTINGS.markers,
        (
            Kept("tests.test_doctor:never_said", "il ne dit jamais ceci", "for later"),
            Kept("tests.test_doctor:sees", "il voit «{text}»", "no longer true"),
            Kept("tests.test_doctor:gone", "il est parti", "stale"),
        ),
    )
    found = [p.message for p in doctor.binding_problems(features, _definitions(), kept)]
    assert not any("never_said" in message for message in found)
    assert (
        "«il voit «{text}»» (tests.test_doctor:sees) is kept as unused, but features say it: take it off the list"
        in found
    )
    assert "kept phrase «il est parti» (tests.test_doctor:gone) is no step definition" in found


def test_a_phrase_said_in_two_languages_is_told(tmp_path):
    french = _feature(tmp_path, "fr.feature", FEATURE)
    english = _feature(
        tmp_path,
        "en.feature",
        "# language: en\nFeature: A try\n\n  Scenario: One step\n    Then il voit «Hello»\n",
    )
    features = suite_index.load_features([french, english])
    found = [p.message for p in doctor.binding_problems(features, _definitions(), SETTINGS)]
    assert (
        "«il voit «{text}»» (tests.test_doctor:sees) is said in English and French features: "
        "a phrase belongs to one language"
    ) in found


def test_unregistered_tags_and_unknown_requirements_are_told_at_their_line(tmp_path):
    path = _feature(
        tmp_path,
        "tags.feature",
        "# language: fr\n@connexion @conexion\nFonctionnalité: Des étiquettes\n\n"
        "  @req:REG-8 @req:REG-88\n  Scénario: Un\n    Soit il ouvre la page\n",
    )
    found = [str(p) for p in doctor.tag_problems([path], SETTINGS, Catalogue.load())]
    assert found[0] == f"{path}:2: @conexion is no registered marker (pyproject.toml: markers)"
    assert found[1].startswith(
        f"{path}:5: @req:REG-88: no requirement 'REG-88' in features/requirements.toml "
        "(did you mean REG-8, "
    )
    assert len(found) == 2


def test_a_feature_without_its_test_module_and_a_module_without_its_feature(tmp_path):
    features, modules = tmp_path / "features", tmp_path / "steps"
    features.mkdir(), modules.mkdir()
    kept = _feature(features, "01_kept.feature", FEATURE)
    orphan = _feature(features, "02_orphan.feature", FEATURE)
    (modules / "test_01_kept.py").write_text('scenarios("01_kept.feature")\n')
    (modules / "test_03_gone.py").write_text('scenarios("03_gone.feature")\n')
    found = [str(p) for p in doctor.collection_problems([kept, orphan], modules)]
    assert found == [
        f"{orphan}:1: no test module collects it: add steps/test_02_orphan.py",
        f"{modules / 'test_03_gone.py'}:1: collects 03_gone.feature, which is no feature of features/",
    ]


def test_gherlint_findings_come_with_their_file_and_line(tmp_path):
    path = _feature(
        tmp_path,
        "twice.feature",
        "# language: fr\nFonctionnalité: Deux fois\n\n"
        "  Scénario: Le même nom\n    Soit il ouvre la page\n    Quand il ouvre le menu\n"
        "    Alors il voit «Bonjour»\n\n"
        "  Scénario: Le même nom\n    Soit il ouvre la page\n    Quand il ouvre le menu\n"
        "    Alors il voit «Bonsoir»\n",
    )
    found = [str(p) for p in doctor.lint_problems(tmp_path)]
    assert any(
        line.startswith(f"{path}:9: ") and "duplicated-scenario-name" in line for line in found
    ), found
