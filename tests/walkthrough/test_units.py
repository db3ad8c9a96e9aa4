"""The walkthrough's parts that need no browser: options, redaction, rendering rules."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Locator

from walkthrough import capture
from walkthrough.__main__ import (
    configured_features,
    formats,
    jobs,
    languages,
    parser,
    pytest_arguments,
    viewport,
)
from walkthrough.model import Box, Caption, FeatureIntro, Guide, GuideStep, ScenarioGuide
from walkthrough.pdf import pdf_page_count
from walkthrough.recorder import rank
from walkthrough.redact import REDACTED, Redactor
from walkthrough.render import render_markdown
from walkthrough.view import Voice, image_name, markdown_escape, paragraphs


def test_viewport_and_formats_options():
    assert viewport("1280x800") == (1280, 800)
    for wrong in ("1280", "wide", "10x10"):
        with pytest.raises(argparse.ArgumentTypeError):
            viewport(wrong)
    assert formats("html, pdf") == ("html", "pdf")
    with pytest.raises(argparse.ArgumentTypeError):
        formats("html,odt")


def test_languages_and_jobs_options():
    assert languages("fr") == ("fr",)
    assert languages("en, fr") == ("en", "fr")  # each guide in the order asked
    assert languages("fr,en,fr") == ("fr", "en")
    assert languages("all") == ("fr", "en")
    for wrong in ("de", "fr,de", "", ","):
        with pytest.raises(argparse.ArgumentTypeError):
            languages(wrong)
    assert jobs("3") == 3 and jobs("auto") >= 1
    for wrong in ("0", "-1", "two"):
        with pytest.raises(argparse.ArgumentTypeError):
            jobs(wrong)
    args = parser().parse_args([])
    assert args.lang == ("fr",) and args.jobs is None  # one worker per core
    assert parser().parse_args(["--lang", "fr,en", "--jobs", "1"]).lang == ("fr", "en")
    with pytest.raises(SystemExit):
        parser().parse_args(["--lang", "es"])


def test_the_guide_order_can_live_in_pyproject(tmp_path):
    assert configured_features(tmp_path) == ()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.walkthrough]\nfeatures = ["inscription", "connexion"]\n', encoding="utf-8"
    )
    assert configured_features(tmp_path) == ("inscription", "connexion")
    (tmp_path / "pyproject.toml").write_text("[tool.walkthrough]\nfeatures = 3\n")
    with pytest.raises(SystemExit):
        configured_features(tmp_path)


def test_the_seed_and_tags_reach_pytest():
    args = argparse.Namespace(
        suite=[], tags="guide and not lent", keep_going=False, seed=3, edition="guide"
    )
    arguments = pytest_arguments(args, ["--base-url", "http://x"])
    assert "--edition" not in arguments
    today = pytest_arguments(argparse.Namespace(**vars(args) | {"edition": "today"}), [])
    assert today[today.index("--edition") + 1] == "today"
    assert arguments[0] == "steps"
    assert arguments[arguments.index("-m") + 1] == "guide and not lent"
    assert arguments[arguments.index("--faker-seed") + 1] == "3"
    assert "-x" in arguments and arguments[-2:] == ["--base-url", "http://x"]
    # No step relies on pytest's rewritten asserts: each worker is spared rewriting plugins.
    assert "--assert=plain" in arguments
    assert arguments[arguments.index("-p") + 1] == "walkthrough.plugin"
    # Nor do they end with what only a test run needs; Hypothesis's plugin stays for a run
    # given its options.
    assert {"no:hypothesispytest", "no:unraisableexception"} <= _plugins(arguments)
    profiled = pytest_arguments(args, ["--hypothesis-profile=deep"])
    assert "no:hypothesispytest" not in _plugins(profiled)
    assert "no:unraisableexception" in _plugins(profiled)


def _plugins(arguments: list[str]) -> set[str]:
    return {arguments[n + 1] for n, argument in enumerate(arguments) if argument == "-p"}


def test_passwords_are_hunted_everywhere_captcha_codes_only_as_arguments():
    redactor = Redactor(secrets={"S3cret-Pass!"}, weak_secrets={"TRACES"})
    typed = Caption("Et", 'il saisit le code "TRACES"', arguments=("TRACES",))
    assert redactor.caption(typed) == f'il saisit le code "{REDACTED}"'
    # The test portal's code is also the product's name: free text keeps it.
    assert redactor.text("Se connecter à TRACES NT") == "Se connecter à TRACES NT"
    assert redactor.text("mot de passe S3cret-Pass! tapé") == f"mot de passe {REDACTED} tapé"
    assert redactor.leaks("… S3cret-Pass! …") == ["S3cret-Pass!"]
    # Too short to hunt through free text without mangling words.
    assert Redactor(secrets={"abc"}).text("abcdef") == "abcdef"


def test_features_are_chosen_by_file_or_by_part_of_their_name():
    feature = SimpleNamespace(
        filename=str(Path("features/inscription.feature").resolve()),
        rel_filename="inscription.feature",
        name="S'enregistrer dans un premier temps sur la page « EU Login »",
    )
    assert rank(feature, ()) == 0
    assert rank(feature, ("features/inscription.feature",)) == 0
    assert rank(feature, ("x", "inscription.feature")) == 1
    assert rank(feature, ("INSCRIPTION",)) == 0
    assert rank(feature, ("premier temps",)) == 0
    assert rank(feature, ("connexion", "other/inscription.feature")) is None
    assert rank(feature, ("connexion", "inscription", "premier")) == 1
    # A whole file stem wins over a part of another name, with or without a number first.
    assert rank(feature, ("inscription_", "x", "inscription")) == 2
    deconnexion = SimpleNamespace(
        filename="/suite/features/10_deconnexion.feature",
        rel_filename="10_deconnexion.feature",
        name="Déconnexion",
    )
    assert rank(deconnexion, ("connexion", "deconnexion")) == 1


def test_step_kinds():
    assert capture._kind("click", (), {}) == "trigger"
    assert capture._kind("check", (), {}) == "trigger"
    assert capture._kind("fill", ("x",), {}) == "input"
    assert capture._kind("press", ("Enter",), {}) == "trigger"
    assert capture._kind("press", (), {"key": "Tab"}) == "input"
    assert capture._input_value("fill", (), {"value": "v"}) == "v"
    assert capture._input_value("press_sequentially", ("t",), {}) == "t"


def test_locator_is_restored_after_recording():
    originals = {name: getattr(Locator, name) for name in ("click", "fill", "press", "check")}

    class Silent:
        def before_trigger(self, locator, action): ...

        def after_input(self, locator, action, value): ...

    with capture.recording_locator_actions(Silent()):
        assert Locator.click is not originals["click"]
    assert {name: getattr(Locator, name) for name in originals} == originals


def test_a_target_is_circled_by_an_ellipse_through_its_corners():
    box = Box(100, 200, 200, 40)
    [mark] = capture.highlights(box, [box])  # the target is not also outlined as a field
    assert mark.kind == "target"
    rx, ry = mark.shape.width / 2, mark.shape.height / 2
    cx, cy = mark.shape.x + rx, mark.shape.y + ry
    corner = ((box.x - cx) / rx) ** 2 + ((box.y - cy) / ry) ** 2
    assert corner < 1  # the box's corner lies inside the ellipse
    tiny = capture.highlights(Box(0, 0, 13, 13), [])[0].shape
    assert min(tiny.width, tiny.height) >= 2 * capture.TARGET_MIN_RADIUS
    # A long link gets a flat ellipse, not a huge circle.
    link = capture.highlights(Box(0, 400, 560, 20), [])[0].shape
    assert link.width <= 560 + 2 * capture.TARGET_MARGIN_MAX and link.height < 60


def _guide() -> Guide:
    feature = FeatureIntro("demo.feature", "Démo", "Une ligne\nqui continue.\n\nUn autre.", "fr")
    scenario = ScenarioGuide(1, "Un *scénario*", feature)
    scenario.steps = [
        GuideStep(1, [Caption("Soit", "un opérateur")]),
        GuideStep(2, [Caption("Quand", "il saisit «x_y»"), Caption("Alors", "c'est vu")]),
    ]
    return Guide("Titre", "fr", [scenario])


def test_markdown_rules():
    assert paragraphs("Une ligne\n  qui continue.\n\nUn autre.") == [
        "Une ligne qui continue.",
        "Un autre.",
    ]
    assert markdown_escape("a *b* [c]") == r"a \*b\* \[c\]"
    guide = _guide()
    assert image_name(guide.scenarios[0], guide.scenarios[0].steps[1]) == "images/01-02.png"
    gherkin = replace(guide, voice="gherkin")
    markdown = render_markdown(gherkin, Voice(gherkin, Redactor(()), None))
    assert "### 1. Un \\*scénario\\*" in markdown
    assert "**1.2** **Quand** il saisit «x\\_y»  \n**Alors** c'est vu" in markdown
    assert "Une ligne qui continue." in markdown
    assert "(2 étapes)" in markdown


def test_pdf_page_count_reads_page_objects_not_the_page_tree():
    pdf = b"<</Type /Pages /Count 2>> <</Type /Page /Parent 2 0 R>> <</Type/Page>>"
    assert pdf_page_count(pdf) == 2
