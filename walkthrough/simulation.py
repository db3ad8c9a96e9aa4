"""The guide as an interactive simulation: one HTML file that works offline, and its SCORM 1.2
package for a learning platform.

Three modes, chosen on its first screen: «Démonstration» / "Show me" plays the steps,
«Essayer» / "Try me" waits for the trainee to click the marked element (a click elsewhere
gives a hint; a field takes what the guide typed, and shows it), «Évaluation» / "Test me"
shows the screens without marks or hints and scores the actions right the first time.

The hit areas are the element boxes the replay recorded (``Highlight.element``), kept as
fractions of the picture so that they scale with the window. In a learning platform the
page finds the SCORM 1.2 API (``LMSInitialize`` … ``LMSFinish``) in its frames and reports
the status and the score; the mastery score comes from the platform (the manifest's
``adlcp:masteryscore``), else ``MASTERY_SCORE``.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from importlib import resources
from xml.etree import ElementTree

from .model import Guide, GuideStep, Highlight
from .packages import member
from .view import Voice, build_view, templates

SIMULATION = "simulation.html"
PACKAGE = "simulation-scorm.zip"
# Out of 100: a trainee who gets four actions in five right the first time passes.
MASTERY_SCORE = 80
# The schemas a SCORM 1.2 package carries beside its manifest (IMS CP 1.1.2, ADL CP 1.2).
SCORM_SCHEMAS = (
    "imscp_rootv1p1p2.xsd",
    "adlcp_rootv1p2.xsd",
    "imsmd_rootv1p2p1.xsd",
    "ims_xml.xsd",
)
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

LABELS = {
    "fr": {
        "modes": "Choisissez comment suivre le guide :",
        "show": "Démonstration",
        "show_help": "Les étapes défilent d'elles-mêmes.",
        "try": "Essayer",
        "try_help": "Vous cliquez vous-même, guidé à chaque étape.",
        "test": "Évaluation",
        "test_help": "Sans aide : votre score compte les bonnes actions du premier coup.",
        "next": "Suivant",
        "previous": "Précédent",
        "pause": "Pause",
        "play": "Lecture",
        "skip": "Passer",
        "menu": "Menu",
        "hint_click": "Pas ici : cliquez sur l'élément entouré en bleu.",
        "hint_type": "Saisissez : {value}",
        "hint_secret": "Saisissez votre propre valeur (elle n'est pas montrée).",
        "wrong": "Ce n'est pas la bonne action. Réessayez, ou passez.",
        "type_here": "Saisissez ici, puis Entrée",
        "done": "Terminé",
        "score": "Votre score : {score} / 100 ({right} action(s) réussie(s) du premier coup sur {total}).",
        "passed": "Réussi : le score attendu est {mastery}.",
        "failed": "Pas encore : le score attendu est {mastery}.",
        "completed": "Vous avez parcouru toutes les étapes.",
        "again": "Recommencer",
        "step": "Étape",
    },
    "en": {
        "modes": "Choose how to follow the guide:",
        "show": "Show me",
        "show_help": "The steps play by themselves.",
        "try": "Try me",
        "try_help": "You click yourself, guided at each step.",
        "test": "Test me",
        "test_help": "No hints: your score counts the actions right the first time.",
        "next": "Next",
        "previous": "Previous",
        "pause": "Pause",
        "play": "Play",
        "skip": "Skip",
        "menu": "Menu",
        "hint_click": "Not here: click the element circled in blue.",
        "hint_type": "Type: {value}",
        "hint_secret": "Type your own value (it is not shown).",
        "wrong": "That is not the right action. Try again, or skip.",
        "type_here": "Type here, then Enter",
        "done": "Done",
        "score": "Your score: {score} / 100 ({right} of {total} actions right the first time).",
        "passed": "Passed: the score required is {mastery}.",
        "failed": "Not yet: the score required is {mastery}.",
        "completed": "You have been through every step.",
        "again": "Start again",
        "step": "Step",
    },
}


def _fraction(mark: Highlight, size: tuple[int, int]) -> dict:
    """The element's box as fractions of the picture (the hit area scales with it)."""
    width, height = size
    box = mark.element
    return {
        "x": round(box.x / width, 5),
        "y": round(box.y / height, 5),
        "w": round(box.width / width, 5),
        "h": round(box.height / height, 5),
    }


def _mark(mark: Highlight, size: tuple[int, int]) -> dict:
    width, height = size
    shape = mark.shape
    return {
        "kind": mark.kind,
        "x": round(shape.x / width, 5),
        "y": round(shape.y / height, 5),
        "w": round(shape.width / width, 5),
        "h": round(shape.height / height, 5),
    }


def actions_of(step: GuideStep, redact) -> list[dict]:
    """What the trainee does on the step's screen, in order: each field typed (or chosen),
    then the control pressed."""
    picture = step.picture
    if picture is None:
        return []
    size = picture.size
    found = []
    for mark in picture.highlights:
        if mark.kind == "field" and mark.value is not None:
            found.append(
                {
                    "type": "type",
                    "box": _fraction(mark, size),
                    "value": redact(mark.value),
                    "secret": mark.value == "",
                }
            )
        elif mark.kind == "field":
            found.append({"type": "click", "box": _fraction(mark, size)})
    found += [
        {"type": "click", "box": _fraction(mark, size)}
        for mark in picture.highlights
        if mark.kind == "target"
    ]
    return found


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def simulation_data(guide: Guide, voice: Voice) -> dict:
    """Everything the page shows, as JSON: the screens, sentences, notes, marks and actions."""
    view = build_view(guide, voice, inline_images=False)
    by_label = {
        f"{scenario.index}.{step.number}": step
        for scenario in guide.scenarios
        for step in scenario.steps
    }
    steps = []
    for feature in view["features"]:
        for scenario in feature["scenarios"]:
            for shown in scenario["steps"]:
                step = by_label[shown["label"]]
                picture = step.picture
                entry = {
                    "label": shown["label"],
                    "chapter": feature["name"],
                    "scenario": scenario["title"],
                    "sentences": [caption["text"] for caption in shown["captions"]],
                    "notes": [
                        {"title": note["title"], "text": note["text"]}
                        for note in shown["notes_before"] + shown["notes_after"]
                    ],
                    "alt": shown["image"]["alt"] if shown["image"] else "",
                    "image": None,
                    "marks": [],
                    "actions": actions_of(step, voice.redactor.text),
                }
                if picture is not None:
                    entry["image"] = _data_uri(picture.plain or picture.png)
                    entry["width"], entry["height"] = picture.size
                    entry["marks"] = [_mark(mark, picture.size) for mark in picture.highlights]
                steps.append(entry)
    return {
        "title": view["guide"]["title"],
        "language": guide.language,
        "lead": view["labels"]["lead"],
        "labels": LABELS.get(guide.language, LABELS["en"]),
        "mastery": MASTERY_SCORE,
        "steps": steps,
    }


def render_simulation(guide: Guide, voice: Voice) -> str:
    """The simulation as one self-contained HTML page."""
    data = simulation_data(guide, voice)
    # Inside <script>, "</" would end the element: JSON allows "<\/" for it.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    template = templates(autoescape=True).get_template("simulation.html.j2")
    return template.render(title=data["title"], language=guide.language, payload=payload)


def manifest(title: str, language: str) -> bytes:
    """``imsmanifest.xml``: one organisation, one item, one SCO (the simulation)."""
    ElementTree.register_namespace("", IMSCP)
    ElementTree.register_namespace("adlcp", ADLCP)
    ElementTree.register_namespace("xsi", XSI)
    root = ElementTree.Element(
        f"{{{IMSCP}}}manifest",
        {
            "identifier": f"traces-nt-guide-{language}",
            "version": "1.0",
            f"{{{XSI}}}schemaLocation": (
                f"{IMSCP} imscp_rootv1p1p2.xsd "
                "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                f"{ADLCP} adlcp_rootv1p2.xsd"
            ),
        },
    )
    metadata = ElementTree.SubElement(root, f"{{{IMSCP}}}metadata")
    ElementTree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ElementTree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = ElementTree.SubElement(root, f"{{{IMSCP}}}organizations", default="guide")
    organization = ElementTree.SubElement(
        organizations, f"{{{IMSCP}}}organization", identifier="guide"
    )
    ElementTree.SubElement(organization, f"{{{IMSCP}}}title").text = title
    item = ElementTree.SubElement(
        organization,
        f"{{{IMSCP}}}item",
        identifier="simulation",
        identifierref="simulation-sco",
        isvisible="true",
    )
    ElementTree.SubElement(item, f"{{{IMSCP}}}title").text = title
    ElementTree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(MASTERY_SCORE)
    resources_element = ElementTree.SubElement(root, f"{{{IMSCP}}}resources")
    resource = ElementTree.SubElement(
        resources_element,
        f"{{{IMSCP}}}resource",
        {
            "identifier": "simulation-sco",
            "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco",
            "href": SIMULATION,
        },
    )
    ElementTree.SubElement(resource, f"{{{IMSCP}}}file", href=SIMULATION)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def scorm_package(html: str, title: str, language: str) -> bytes:
    """The SCORM 1.2 package: the manifest and its schemas at the root, then the SCO.

    Dated 1980-01-01 inside, so that the same guide gives the same bytes."""
    schemas = resources.files("walkthrough") / "scorm12"
    members = [("imsmanifest.xml", manifest(title, language))]
    members += [(name, (schemas / name).read_bytes()) for name in SCORM_SCHEMAS]
    members.append((SIMULATION, html.encode("utf-8")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in members:
            package.writestr(member(name), content)
    return out.getvalue()
