"""What a guide is made of: features, scenarios, numbered steps and their pictures.

The recorder fills these while the scenarios run; the renderers only read them. Captions
are kept as the scenarios said them and redacted when the guide is written.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A rectangle in CSS pixels of the viewport (the picture's pixels at scale 1)."""

    x: float
    y: float
    width: float
    height: float

    def as_dict(self) -> dict:
        """Rounded to tenths, for the JSON manifest."""
        return {k: round(v, 1) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Highlight:
    """A mark drawn over a picture: ``target`` (circled: the control pressed) or ``field``,
    with what the step typed there (the simulation asks the trainee for it; "" for a
    secret, None when nothing was typed)."""

    kind: str
    element: Box
    shape: Box
    value: str | None = None


@dataclass(frozen=True)
class Shot:
    """A screenshot (PNG), where it stands on its picture, and the marks to draw on it
    (their boxes in its page's coordinates; ``origin`` is where the shot starts there)."""

    png: bytes
    left: int = 0
    top: int = 0
    marks: tuple[Highlight, ...] = ()
    origin: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Exposure:
    """The screenshots of a picture not developed yet (``marks.develop``), on a canvas of
    ``size``: the marks are drawn and the PNG written later, off the browser's path."""

    shots: tuple[Shot, ...]
    size: tuple[int, int]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@dataclass
class Picture:
    """A PNG screenshot and what was drawn or masked on it."""

    png: bytes
    highlights: list[Highlight] = field(default_factory=list)
    masked: list[Box] = field(default_factory=list)
    # The same screen without the marks (secrets still masked): the simulation's test mode.
    plain: bytes | None = None
    # Until developed, the screenshots it is made of (``png`` and ``plain`` are then empty).
    exposure: Exposure | None = None

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels."""
        return self.exposure.size if self.exposure is not None else png_size(self.png)


@dataclass(frozen=True)
class Caption:
    """One Gherkin step, with the literal values its text carries, and the step definition
    that ran it with its parsed arguments (which choose and fill the guide's phrase)."""

    keyword: str
    text: str
    arguments: tuple[str, ...] = ()
    definition: str = ""
    values: tuple[tuple[str, str], ...] = ()


@dataclass
class GuideStep:
    """A numbered step: one picture (or none before any page is open) and its captions.

    Its captions are the step that took the picture, preceded by any steps run before a
    page was open, and followed by the steps that neither acted nor changed the page.
    """

    number: int
    captions: list[Caption]
    picture: Picture | None = None
    # Which caption took the picture (after any steps run before a page was open).
    shot_by: int = 0
    # The screen's serious and critical accessibility violations; None when not checked.
    violations: list[str] | None = None


@dataclass(frozen=True)
class FeatureIntro:
    """The feature a scenario belongs to: its name and description introduce its part."""

    filename: str
    name: str
    description: str
    language: str


@dataclass
class ScenarioGuide:
    """A section of the guide: one scenario, its heading and numbered steps."""

    index: int
    title: str
    feature: FeatureIntro
    steps: list[GuideStep] = field(default_factory=list)
    nodeid: str = ""


@dataclass
class Guide:
    """The whole walkthrough, ready to render."""

    title: str
    language: str
    scenarios: list[ScenarioGuide]
    secrets: frozenset[str] = frozenset()
    weak_secrets: frozenset[str] = frozenset()
    moment: str = ""
    # "guide": the guide's phrases (walkthrough/phrases.toml); "gherkin": the scenarios' words.
    voice: str = "guide"
    # "guide": EU Login as the guide shows it; "today": every sign-in with the Mobile App.
    edition: str = "guide"

    def features(self) -> list[tuple[FeatureIntro, list[ScenarioGuide]]]:
        """The scenarios grouped by feature, in the order they ran."""
        groups: dict[str, tuple[FeatureIntro, list[ScenarioGuide]]] = {}
        for scenario in self.scenarios:
            groups.setdefault(scenario.feature.filename, (scenario.feature, []))[1].append(scenario)
        return list(groups.values())

    @property
    def step_count(self) -> int:
        """Numbered steps in the whole guide."""
        return sum(len(scenario.steps) for scenario in self.scenarios)
