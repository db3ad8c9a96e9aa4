"""What every medium of a guide shows: the guide's own words, the sentence of each numbered
step in the guide's voice, its boxed notes, and the picture's file name.

The documents (HTML, Markdown, PDF, Word), the slides, the video and the simulation all read
the same view, so that they say the same thing.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, select_autoescape

from .model import Caption, Guide, GuideStep, ScenarioGuide
from .phrases import Catalogue, Phrase
from .redact import Redactor

IMAGES_DIR = "images"
# A longer table of contents is set in two columns to stay on the PDF's first page.
LONG_CONTENTS = 14

LABELS = {
    "fr": {
        "title": "TRACES NT : guide pas à pas",
        "title_today": "TRACES NT : guide pas à pas, avec l'application EU Login Mobile App",
        "contents": "Sommaire",
        "step": "Étape",
        "colon": "\u202f: ",
        "steps": ("{n} étape", "{n} étapes"),
        "lead": "Ce guide est produit à partir des scénarios de test de TRACES NT. Chaque étape "
        "montre l'écran : le bouton sur lequel cliquer est entouré en bleu, les champs à "
        "compléter sont encadrés. Les mots de passe et les codes de sécurité sont masqués.",
    },
    "en": {
        "title": "TRACES NT: step-by-step guide",
        "title_today": "TRACES NT: step-by-step guide, with the EU Login Mobile App",
        "contents": "Contents",
        "step": "Step",
        "colon": ": ",
        "steps": ("{n} step", "{n} steps"),
        "lead": "This guide is made from the TRACES NT test scenarios. Each step shows the "
        "screen: the button to click is circled in blue and the fields to fill in are "
        "outlined. Passwords and security codes are masked.",
    },
}


def labels_for(language: str) -> dict:
    """The guide's own words in ``language`` (English for any other language)."""
    return LABELS.get(language, LABELS["en"])


def image_name(scenario: ScenarioGuide, step: GuideStep) -> str:
    """``images/01-03.png``: scenario 1, numbered step 3."""
    return f"{IMAGES_DIR}/{scenario.index:02d}-{step.number:02d}.png"


def pictures_by_name(guide: Guide) -> dict[str, bytes]:
    """Each picture's PNG under its file name (``image_name``), as the view names them."""
    return {
        image_name(scenario, step): step.picture.png
        for scenario in guide.scenarios
        for step in scenario.steps
        if step.picture is not None
    }


def paragraphs(description: str) -> list[str]:
    """A Gherkin description as paragraphs: lines joined, blank lines separating."""
    blocks = re.split(r"\n\s*\n", description.strip())
    return [
        " ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()
    ]


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown (no emphasis, link or HTML)."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))


class Voice:
    """How captions read: the guide's phrases (``guide``), or the Gherkin (``gherkin``).

    Remembers the step definitions that had no phrase: their Gherkin stands in.
    """

    def __init__(self, guide: Guide, redactor: Redactor, catalogue: Catalogue | None):
        self.language = guide.language
        self.edition = guide.edition
        self.redactor = redactor
        self.catalogue = catalogue if guide.voice == "guide" else None
        self.missing: set[str] = set()

    def sentence(self, caption: Caption) -> tuple[str, Phrase | None]:
        """What the guide prints for ``caption`` ("" for nothing), and its phrase."""
        if self.catalogue is None:
            return self.redactor.caption(caption), None
        phrase = self.catalogue.phrase(caption.definition, self.language, self.edition)
        if phrase is None or not phrase.fields() <= {name for name, _ in caption.values}:
            self.missing.add(caption.definition or caption.text)
            return self.redactor.caption(caption), None
        values = self.redactor.values(caption.values)
        return self.redactor.text(phrase.template.format_map(values)), phrase

    def step(self, step: GuideStep) -> dict:
        """A numbered step's sentences (with keywords in Gherkin), and its boxed notes."""
        captions, before, after, alt = [], [], [], ""
        for index, caption in enumerate(step.captions):
            text, phrase = self.sentence(caption)
            keyword = caption.keyword if self.catalogue is None else ""
            if text:
                captions.append({"keyword": keyword, "text": text})
            if index == step.shot_by:
                # The picture is described by the step that took it (its Gherkin if silent).
                alt = text or self.redactor.caption(caption)
            if phrase is not None:
                before += [n for n in phrase.notes_before if n not in before]
                after += [n for n in phrase.notes_after if n not in after]
        return {
            "captions": captions,
            "alt": alt,
            "notes_before": [self._note(key) for key in before],
            "notes_after": [self._note(key) for key in after],
        }

    def _note(self, key: str) -> dict:
        note = self.catalogue.note(key, self.language)
        return {"key": key, "title": note.title, "text": self.redactor.text(note.text)}


def build_view(
    guide: Guide,
    voice: Voice,
    inline_images: bool,
    shown: Callable[[bytes], bytes] | None = None,
) -> dict:
    """What the templates show: redacted text, image names and (for HTML) image data,
    each picture's PNG or what ``shown`` puts in its place (the PDF's stand-ins)."""
    redactor = voice.redactor
    labels = labels_for(guide.language)
    one, many = labels["steps"]
    features = []
    for feature, scenarios in guide.features():
        view_scenarios = []
        for position, scenario in enumerate(scenarios):
            steps = []
            for step in scenario.steps:
                said = voice.step(step)
                image = None
                if step.picture is not None:
                    width, height = step.picture.size
                    image = {
                        "path": image_name(scenario, step),
                        "width": width,
                        "height": height,
                        "alt": said["alt"],
                        "data": base64.b64encode(
                            shown(step.picture.png) if shown else step.picture.png
                        ).decode()
                        if inline_images
                        else "",
                    }
                label = f"{scenario.index}.{step.number}"
                steps.append({"label": label, **said, "image": image})
            count = len(steps)
            view_scenarios.append(
                {
                    "index": scenario.index,
                    "title": redactor.text(scenario.title),
                    "first_of_feature": position == 0,
                    "count": (one if count == 1 else many).format(n=count),
                    "steps": steps,
                }
            )
        features.append(
            {
                "name": redactor.text(feature.name),
                "paragraphs": [redactor.text(p) for p in paragraphs(feature.description)],
                "scenarios": view_scenarios,
            }
        )
    return {
        "guide": {"title": redactor.text(guide.title), "language": guide.language},
        "labels": labels,
        "features": features,
        "long_contents": len(guide.scenarios) > LONG_CONTENTS,
    }


def templates(autoescape: bool) -> Environment:
    """The templates of every medium written from HTML or text."""
    env = Environment(
        loader=PackageLoader("walkthrough", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]) if autoescape else False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env
