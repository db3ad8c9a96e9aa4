"""The interactive simulation in a real browser (show me, try me, test me), and its SCORM 1.2
package in a learning platform played by scorm-again, a SCORM runtime from the npm registry."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from playwright.sync_api import Frame, Page, expect

from tests.support import served_locally
from walkthrough.model import (
    Box,
    Caption,
    FeatureIntro,
    Guide,
    GuideStep,
    Highlight,
    Picture,
    ScenarioGuide,
)
from walkthrough.redact import Redactor
from walkthrough.simulation import (
    ADLCP,
    IMSCP,
    MASTERY_SCORE,
    SCORM_SCHEMAS,
    SIMULATION,
    render_simulation,
    scorm_package,
    simulation_data,
)
from walkthrough.view import Voice

LMS = Path(__file__).parents[1] / "clients" / "lms" / "node_modules" / "scorm-again" / "dist"
WIDTH, HEIGHT = 400, 250
NAME_FIELD = Box(40, 40, 200, 30)
SEND = Box(300, 200, 60, 30)
PASSWORD_FIELD = Box(40, 100, 200, 30)


@pytest.fixture
def browser_context_args():
    return {"locale": "fr-FR", "viewport": {"width": 1000, "height": 700}}


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), colour).save(out, format="PNG")
    return out.getvalue()


def _field(box: Box, value: str | None) -> Highlight:
    return Highlight("field", box, Box(box.x - 4, box.y - 4, box.width + 8, box.height + 8), value)


def _target(box: Box) -> Highlight:
    return Highlight("target", box, Box(box.x - 14, box.y - 14, box.width + 28, box.height + 28))


def demo_guide() -> Guide:
    """Three screens: a name typed then «Envoyer»; a password then «Envoyer»; one to look at.
    Four actions in all."""
    feature = FeatureIntro("demo.feature", "Démonstration", "Un chapitre.", "fr")
    scenario = ScenarioGuide(1, "S'inscrire", feature)
    scenario.steps = [
        GuideStep(
            1,
            [Caption("Quand", "il saisit son prénom et clique sur «Envoyer»")],
            Picture(_png("white"), [_field(NAME_FIELD, "Denis"), _target(SEND)]),
        ),
        GuideStep(
            2,
            [Caption("Et", "il saisit son mot de passe et clique sur «Envoyer»")],
            Picture(_png("lightyellow"), [_field(PASSWORD_FIELD, ""), _target(SEND)]),
        ),
        GuideStep(3, [Caption("Alors", "son compte est créé")], Picture(_png("honeydew"))),
    ]
    return Guide("Guide de démonstration", "fr", [scenario], voice="gherkin")


def _voice(guide: Guide) -> Voice:
    return Voice(guide, Redactor(()), None)


@pytest.fixture
def simulation(tmp_path) -> Path:
    guide = demo_guide()
    path = tmp_path / SIMULATION
    path.write_text(render_simulation(guide, _voice(guide)), encoding="utf-8")
    return path


def test_the_actions_come_from_the_recorded_boxes_fields_first():
    guide = demo_guide()
    steps = simulation_data(guide, _voice(guide))["steps"]
    assert [[a["type"] for a in step["actions"]] for step in steps] == [
        ["type", "click"],
        ["type", "click"],
        [],
    ]
    typed, send = steps[0]["actions"]
    assert typed["value"] == "Denis" and not typed["secret"]
    assert send["box"] == {"x": 300 / WIDTH, "y": 200 / HEIGHT, "w": 60 / WIDTH, "h": 30 / HEIGHT}
    assert steps[1]["actions"][0] == {
        "type": "type",
        "box": {"x": 0.1, "y": 0.4, "w": 0.5, "h": 0.12},
        "value": "",
        "secret": True,
    }


def _stage_click(page: Page | Frame, x: float, y: float) -> None:
    """A click on the screen at a fraction of its width and height (nowhere marked)."""
    screen = page.locator("#screen")
    box = screen.bounding_box()
    screen.click(position={"x": x * box["width"], "y": y * box["height"]})


def test_try_me_advances_on_the_marked_element_only_and_hints_otherwise(page: Page, simulation):
    page.goto(simulation.as_uri())
    page.get_by_role("button", name="Essayer").click()
    feedback = page.get_by_role("status")
    field = page.get_by_test_id("typing")
    expect(field).to_have_attribute("placeholder", "Denis")  # what to type, shown
    _stage_click(page, 0.9, 0.1)
    expect(feedback).to_have_text("Saisissez : Denis")
    field.fill("Paul")
    field.press("Enter")
    expect(feedback).to_have_text("Saisissez : Denis")
    field.fill("denis")
    field.press("Enter")
    hit = page.get_by_test_id("hit")
    expect(hit).to_be_focused()  # keyboard users go on with Enter
    _stage_click(page, 0.05, 0.95)
    expect(feedback).to_have_text("Pas ici : cliquez sur l'élément entouré en bleu.")
    expect(page.locator("#label")).to_contain_text("1.1 (1/3)")
    hit.click()
    expect(page.locator("#label")).to_contain_text("1.2 (2/3)")
    password = page.get_by_test_id("typing")
    expect(password).to_have_attribute("type", "password")
    password.press("Enter")  # nothing typed
    expect(feedback).to_have_text("Saisissez votre propre valeur (elle n'est pas montrée).")
    password.fill("anything")
    password.press("Tab")  # Tab, as Enter, takes what was typed and goes to the target
    expect(page.get_by_test_id("hit")).to_be_focused()
    # From anywhere else, the keyboard reaches it too: it is the screen's one control,
    # just before the sentences.
    page.locator("#sentences").click()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_test_id("hit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#label")).to_contain_text("1.3 (3/3)")
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator("#result")).to_have_text("Vous avez parcouru toutes les étapes.")


def test_hit_areas_scale_with_the_window(page: Page, simulation):
    page.set_viewport_size({"width": 520, "height": 900})
    page.goto(simulation.as_uri())
    page.get_by_role("button", name="Essayer").click()
    page.get_by_test_id("typing").fill("Denis")
    page.get_by_test_id("typing").press("Enter")
    screen = page.locator("#screen").bounding_box()
    hit = page.get_by_test_id("hit").bounding_box()
    assert screen["width"] < WIDTH  # the picture was scaled down
    scale = screen["width"] / WIDTH
    assert hit["x"] - screen["x"] == pytest.approx(SEND.x * scale, abs=1)
    assert hit["y"] - screen["y"] == pytest.approx(SEND.y * scale, abs=1)
    assert hit["width"] == pytest.approx(SEND.width * scale, abs=1)


def _answer(page: Page | Frame, right: bool) -> None:
    """The scripted trainee: on the current action, wrong once first unless ``right``."""
    typing = page.get_by_test_id("typing")
    if typing.count():
        if not right:
            typing.fill("Paul")
            typing.press("Enter")
        typing.fill("Denis")
        typing.press("Enter")
    else:
        if not right:
            _stage_click(page, 0.02, 0.98)
        page.get_by_test_id("hit").click()


def play_test(page: Page | Frame, first_time_right: list[bool]) -> None:
    """Test me, answering the four actions as told, then the last screen."""
    page.get_by_role("button", name="Évaluation").click()
    expect(page.locator(".mark")).to_have_count(0)  # no marks to give it away
    for right in first_time_right:
        _answer(page, right)
    page.get_by_role("button", name="Suivant").click()


def test_test_me_scores_the_actions_right_the_first_time(page: Page, simulation):
    page.goto(simulation.as_uri())
    page.get_by_role("button", name="Évaluation").click()
    expect(page.get_by_test_id("typing")).to_have_attribute(
        "placeholder", "Saisissez ici, puis Entrée"
    )
    _stage_click(page, 0.9, 0.9)
    expect(page.get_by_role("status")).to_have_text(
        "Ce n'est pas la bonne action. Réessayez, ou passez."
    )
    page.get_by_role("button", name="Menu").click()
    # The first action missed, then three right: 3 of 4, 75.
    play_test(page, [False, True, True, True])
    expect(page.locator("#result")).to_have_text(
        "Votre score : 75 / 100 (3 action(s) réussie(s) du premier coup sur 4)."
    )
    expect(page.locator("#verdict")).to_have_text(
        f"Pas encore : le score attendu est {MASTERY_SCORE}."
    )
    page.get_by_role("button", name="Recommencer").click()
    play_test(page, [True, True, True, True])
    expect(page.locator("#result")).to_contain_text("100 / 100")
    expect(page.locator("#verdict")).to_have_text(f"Réussi : le score attendu est {MASTERY_SCORE}.")


def test_show_me_plays_the_steps_by_itself(page: Page, simulation):
    page.clock.install()
    page.goto(simulation.as_uri())
    page.get_by_role("button", name="Démonstration").click()
    label = page.locator("#label")
    expect(label).to_contain_text("(1/3)")
    expect(page.locator(".mark.target")).to_have_count(1)
    page.clock.run_for(5000)
    expect(label).to_contain_text("(2/3)")
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(10000)
    expect(label).to_contain_text("(2/3)")


# -- SCORM 1.2 ----------------------------------------------------------------------------


@pytest.fixture
def package(tmp_path) -> zipfile.ZipFile:
    guide = demo_guide()
    html = render_simulation(guide, _voice(guide))
    return zipfile.ZipFile(io.BytesIO(scorm_package(html, guide.title, guide.language)))


def test_the_package_follows_the_content_packaging_rules(package, tmp_path):
    names = package.namelist()
    assert names[0] == "imsmanifest.xml"  # at the root of the package
    assert set(SCORM_SCHEMAS) <= set(names)
    package.extractall(tmp_path)
    # The manifest is valid against IMS CP 1.1.2 with ADL's extensions (the schemas it
    # carries), through one schema importing both.
    (tmp_path / "check.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f'<xsd:import namespace="{IMSCP}" schemaLocation="imscp_rootv1p1p2.xsd"/>'
        f'<xsd:import namespace="{ADLCP}" schemaLocation="adlcp_rootv1p2.xsd"/>'
        "</xsd:schema>"
    )
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "check.xsd")))
    document = etree.parse(str(tmp_path / "imsmanifest.xml"))
    schema.assertValid(document)
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    root = document.getroot()
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    # Identifiers are unique; the default organisation and every identifierref resolve.
    identifiers = root.xpath("//@identifier")
    assert len(identifiers) == len(set(identifiers))
    organizations = root.find("cp:organizations", ns)
    assert organizations.get("default") in root.xpath(
        "cp:organizations/cp:organization/@identifier", namespaces=ns
    )
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", ns)}
    items = root.xpath("//cp:item[@identifierref]", namespaces=ns)
    assert items
    for item in items:
        resource = resources[item.get("identifierref")]
        assert resource.get(f"{{{ADLCP}}}scormtype") == "sco"
        assert resource.get("href") in names
        assert {f.get("href") for f in resource.iterfind("cp:file", ns)} <= set(names)
        assert 0 <= int(item.findtext("adlcp:masteryscore", namespaces=ns)) <= 100


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def platform(package, tmp_path) -> Iterator[str]:
    """A learning platform on loopback: scorm-again's SCORM 1.2 API in the top window, the
    package's SCO in a frame, as an LMS launches it."""
    if not (LMS / "scorm12.js").is_file():
        raise pytest.UsageError(
            "scorm-again is not installed: run ./dev setup (it runs npm ci in tests/clients/lms)."
        )
    site = tmp_path / "site"
    package.extractall(site / "sco")
    shutil.copy(LMS / "scorm12.js", site / "scorm12.js")
    (site / "lms.html").write_text(LMS_PAGE, encoding="utf-8")
    with served_locally(functools.partial(_Quiet, directory=str(site))) as base_url:
        yield f"{base_url}lms.html"


LMS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  // The mastery score of the manifest, as the platform hands it to the SCO.
  window.API.loadFromJSON({student_data: {mastery_score: "75"}}, "");
  window.calls = [];
  window.API.on("LMSInitialize", () => calls.push(["LMSInitialize"]));
  window.API.on("LMSSetValue.cmi.*", (element, value) => calls.push(["LMSSetValue", element, value]));
  window.API.on("LMSCommit", () => calls.push(["LMSCommit"]));
  window.API.on("LMSFinish", () => calls.push(["LMSFinish"]));
</script></head>
<body><iframe src="sco/simulation.html" title="SCO" style="width:1000px;height:640px"></iframe></body></html>
"""


def _calls(page: Page) -> list[list[str]]:
    return page.evaluate("calls")


@pytest.mark.parametrize(
    ("answers", "score", "status"),
    [([True, True, True, True], "100", "passed"), ([False, False, True, True], "50", "failed")],
)
def test_the_package_reports_to_the_platform(page: Page, platform, answers, score, status):
    page.goto(platform)
    sco = page.frame_locator("iframe")
    expect(sco.get_by_role("button", name="Évaluation")).to_be_visible()
    assert ["LMSInitialize"] in _calls(page)
    frame = page.frames[1]
    play_test(frame, answers)
    expect(sco.locator("#result")).to_contain_text(f"{score} / 100")
    # The platform's mastery score (75), not the page's default, decides.
    expect(sco.locator("#verdict")).to_contain_text("75")
    calls = _calls(page)
    assert ["LMSSetValue", "cmi.core.score.raw", score] in calls
    assert ["LMSSetValue", "cmi.core.lesson_status", status] in calls
    assert calls.index(["LMSCommit"]) < calls.index(["LMSFinish"])
    assert calls[-1] == ["LMSFinish"]
    assert page.evaluate("API.cmi.core.lesson_status") == status
    assert page.evaluate("API.cmi.core.score.raw") == score


def test_show_me_in_the_platform_is_completed(page: Page, platform):
    page.goto(platform)
    frame = page.frames[1]
    frame.get_by_role("button", name="Démonstration").click()
    for _ in range(3):
        frame.get_by_role("button", name="Suivant").click()
    expect(frame.locator("#result")).to_have_text("Vous avez parcouru toutes les étapes.")
    assert ["LMSSetValue", "cmi.core.lesson_status", "completed"] in _calls(page)
    assert page.evaluate("API.cmi.core.lesson_status") == "completed"
