"""The screenshot walkthrough, end to end on its own demonstration feature.

The guide is generated once for the module in the scenarios' Gherkin (twice with the same
seed, to compare), once in the guide's voice (the demonstration's phrases), once more
with a label of the portal changed (for --compare), and once on a failing scenario; each
run a ``python -m walkthrough`` subprocess, all at the same time: a pytest run inside
this one would share its Playwright.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from process_check import stop_group
from tests.walkthrough.demo_scenarios import RELABEL_ENV
from walkthrough.capture import MASK_COLOUR
from walkthrough.compare import compare
from walkthrough.marks import HIGHLIGHT_COLOUR

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(__file__).with_name("demo_scenarios.py").relative_to(ROOT)
DEMO_PHRASES = Path(__file__).with_name("demo_phrases.toml").relative_to(ROOT)
# Shown on the signed-in page only: the last picture of the second scenario.
RELABEL = "Mon compte=>Mon compte EU Login"
PASSWORD = "Demo-Secret-2026!"
WRONG_CODE = "FAUX42"
REDACTED = "••••••••"
SEED = 7
# The demonstration's numbered steps, each with its captions: steps run before any page
# is open join the first picture; a step that neither acts nor changes the page joins
# the step before it. 8 + 5 Gherkin steps make 10 numbered steps.
EXPECTED_STEPS = {
    "Compléter le formulaire d'enregistrement avec un code erroné": [
        [
            f'Soit une opératrice de démonstration au mot de passe "{REDACTED}"',
            "Soit elle ouvre l'écran d'enregistrement EU Login",
        ],
        ["Quand elle saisit son prénom et son nom"],
        [f'Et elle saisit le code "{REDACTED}"'],
        ["Et elle coche la case de la déclaration de confidentialité"],
        ["Et elle clique sur «Créer un compte»"],
        [
            "Alors le code est signalé comme erroné",
            "Et EU Login n'envoie aucun courrier électronique",
        ],
    ],
    "Se connecter à EU Login": [
        [
            f'Soit une opératrice de démonstration au mot de passe "{REDACTED}"',
            "Soit elle ouvre l'écran de connexion EU Login",
        ],
        ["Quand elle saisit son adresse électronique et clique sur «Suivant»"],
        [f'Et elle saisit le mot de passe "{REDACTED}" et se connecte'],
        ["Alors EU Login lui confirme qu'elle est connectée"],
    ],
}
STEP_COUNT = sum(len(steps) for steps in EXPECTED_STEPS.values())
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class Run:
    """One finished ``python -m walkthrough`` run."""

    output: Path
    returncode: int
    stdout: str
    stderr: str

    def text(self, name: str) -> str:
        return (self.output / name).read_text(encoding="utf-8")

    @property
    def manifest(self) -> dict:
        return json.loads(self.text("guide.json"))

    def steps(self) -> list[tuple[dict, dict]]:
        """(scenario, step) pairs of the manifest, in order."""
        return [(s, step) for s in self.manifest["scenarios"] for step in s["steps"]]

    def step(self, caption: str) -> dict:
        """The manifest's numbered step that shows ``caption``."""
        for _, step in self.steps():
            if any(f"{c['keyword']} {c['text']}" == caption for c in step["captions"]):
                return step
        raise AssertionError(f"no step shows {caption!r}")


def _walkthrough(output: Path, *options: str, env: dict | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "walkthrough", "--suite", str(DEMO), "--output", str(output)]
    # Two short scenarios: one worker replays both for less than a second worker's start
    # (its pytest, portal and browser), and five runs share the machine with the suite.
    command += ["--jobs", "1"]
    return subprocess.Popen(
        [*command, *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """The guide in Gherkin in every format and again; in the guide's voice, and again
    with a label changed; and a run whose scenario fails."""
    base = tmp_path_factory.mktemp("walkthrough")
    seed, voice = ("--seed", str(SEED)), ("--phrases", str(DEMO_PHRASES))
    started = {
        "guide": _walkthrough(base / "guide", *seed, "--gherkin", "--formats", "html,md,pdf,json"),
        "again": _walkthrough(base / "again", *seed, "--gherkin", "--formats", "html,md,json"),
        "voice": _walkthrough(base / "voice", *seed, *voice, "--formats", "html,md,docx,json"),
        "failing": _walkthrough(base / "failing", "--tags", "not guide", "--formats", "html"),
    }
    finished = {}
    try:
        for name, process in started.items():
            stdout, stderr = process.communicate(timeout=300)
            finished[name] = Run(base / name, process.returncode, stdout, stderr)
    finally:
        for process in started.values():
            stop_group(process)  # those still running after a timeout, and their browsers
    # The next edition, a label of the portal changed, compared with the voice run's.
    relabelled = _walkthrough(
        base / "relabelled",
        *seed,
        *voice,
        "--formats",
        "json",
        "--compare",
        str(base / "voice"),
        env={RELABEL_ENV: RELABEL},
    )
    try:
        stdout, stderr = relabelled.communicate(timeout=300)
    finally:
        stop_group(relabelled)
    finished["relabelled"] = Run(base / "relabelled", relabelled.returncode, stdout, stderr)
    for name in ("guide", "again", "voice", "relabelled"):
        run = finished[name]
        assert run.returncode == 0, f"{name} run failed:\n{run.stdout}\n{run.stderr}"
    return finished


@pytest.fixture(scope="module")
def guide(runs: dict[str, Run]) -> Run:
    return runs["guide"]


def _images_in_markdown(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", markdown)


def _chunk_types(data: bytes) -> list[bytes]:
    """The types of a PNG file's chunks, in order, each checked against its CRC by Pillow."""
    stream = io.BytesIO(data)
    assert stream.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE, "not a PNG file"
    types = PngImagePlugin.ChunkStream(stream).verify()  # every chunk before IEND
    assert len(stream.read()) == 4, "the file goes on after IEND"  # only IEND's CRC is left
    return [*types, b"IEND"]


def _picture(path: Path) -> Image.Image:
    """A screenshot decoded by Pillow, as RGB pixels."""
    with Image.open(path) as image:
        return image.convert("RGB")


def _near(colour: tuple[int, int, int], expected: str, tolerance: int = 40) -> bool:
    wanted = bytes.fromhex(expected.lstrip("#"))
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))


# -- the guide's structure ----------------------------------------------------------------


def test_each_numbered_step_shows_its_captions(guide: Run):
    shown = {
        scenario["title"]: [
            [f"{c['keyword']} {c['text']}" for c in step["captions"]] for step in scenario["steps"]
        ]
        for scenario in guide.manifest["scenarios"]
    }
    assert shown == EXPECTED_STEPS
    assert guide.manifest["numbered_steps"] == STEP_COUNT


def test_html_and_markdown_number_the_same_steps(guide: Run):
    html, markdown = guide.text("guide.html"), guide.text("guide.md")
    assert html.count('<article class="page step"') == STEP_COUNT
    labels = re.findall(r"^\*\*(\d+\.\d+)\*\* ", markdown, flags=re.MULTILINE)
    assert labels == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4"]
    # The table of contents links to each scenario's section.
    for index in (1, 2):
        assert f'href="#scenario-{index}"' in html and f'id="scenario-{index}"' in html
        assert f"](#scenario-{index})" in markdown and f'<a id="scenario-{index}"></a>' in markdown


def test_the_introduction_is_the_feature(guide: Run):
    html = guide.text("guide.html")
    assert "<h2>Démonstration du guide pas à pas</h2>" in html
    assert "remplit des champs, coche une case, clique, puis vérifie." in html


def test_progress_is_printed_and_ends_with_the_guide(guide: Run):
    assert (
        "[scenario 1/2] Compléter le formulaire d'enregistrement avec un code erroné"
        in guide.stdout
    )
    assert "[scenario 2/2] Se connecter à EU Login" in guide.stdout
    assert "  step 3/8 Quand elle saisit son prénom et son nom" in guide.stdout
    assert guide.stdout.strip().splitlines()[-1] == f"Guide: {guide.output / 'guide.html'}"


# -- pictures -----------------------------------------------------------------------------


def test_every_picture_exists_and_decodes(guide: Run):
    names = _images_in_markdown(guide.text("guide.md"))
    assert len(names) == STEP_COUNT  # every numbered step of the demonstration has a picture
    assert [step["image"] for _, step in guide.steps()] == names
    inline = re.findall(r'src="data:image/png;base64,([^"]+)"', guide.text("guide.html"))
    assert len(inline) == STEP_COUNT
    for name, data in zip(names, inline, strict=True):
        image = (guide.output / name).read_bytes()
        assert base64.b64decode(data) == image
        assert _chunk_types(image)[0] == b"IHDR"
        with Image.open(io.BytesIO(image), formats=["PNG"]) as decoded:
            decoded.load()
            assert decoded.size == (1280, 800)


def test_a_click_is_circled_in_blue(guide: Run):
    step = guide.step("Et elle clique sur «Créer un compte»")
    [target] = [h for h in step["highlights"] if h["kind"] == "target"]
    shape, element = target["shape"], target["element"]
    image = _picture(guide.output / step["image"])
    left, top = shape["x"], shape["y"]
    right, bottom = left + shape["width"], top + shape["height"]
    middle_x, middle_y = left + shape["width"] / 2, top + shape["height"] / 2
    # The ellipse's four extreme points, 2 px inside its 4 px border.
    ring = [
        (left + 2, middle_y),
        (right - 2, middle_y),
        (middle_x, top + 2),
        (middle_x, bottom - 2),
    ]
    for x, y in ring:
        assert _near(image.getpixel((round(x), round(y))), HIGHLIGHT_COLOUR), (x, y)
    # The circle surrounds the button without covering it.
    assert left < element["x"] and right > element["x"] + element["width"]
    assert not _near(image.getpixel((round(middle_x), round(middle_y))), HIGHLIGHT_COLOUR)


def test_fields_filled_in_the_step_are_outlined(guide: Run):
    step = guide.step("Quand elle saisit son prénom et son nom")
    fields = [h for h in step["highlights"] if h["kind"] == "field"]
    assert len(fields) == 2 and not [h for h in step["highlights"] if h["kind"] == "target"]
    image = _picture(guide.output / step["image"])
    for field in fields:
        shape = field["shape"]
        x, y = round(shape["x"] + 1), round(shape["y"] + shape["height"] / 2)
        assert _near(image.getpixel((x, y)), HIGHLIGHT_COLOUR), field


def test_a_checking_step_shows_the_page_unmarked(guide: Run):
    step = guide.step("Alors le code est signalé comme erroné")
    assert step["highlights"] == []
    clicked = guide.step("Et elle clique sur «Créer un compte»")
    [target] = [h for h in clicked["highlights"] if h["kind"] == "target"]
    image = _picture(guide.output / step["image"])
    shape = target["shape"]
    x, y = round(shape["x"] + 2), round(shape["y"] + shape["height"] / 2)
    assert not _near(image.getpixel((x, y)), HIGHLIGHT_COLOUR)


# -- secrets ------------------------------------------------------------------------------


def test_passwords_and_codes_never_reach_the_text(guide: Run):
    for name in ("guide.html", "guide.md", "guide.json"):
        text = guide.text(name)
        assert PASSWORD not in text, name
        assert WRONG_CODE not in text, name
        assert REDACTED in text, name
    # The demonstration's operator is shown; only secrets are hidden.
    assert "elle saisit son prénom et son nom" in guide.text("guide.md")


def test_pictures_carry_no_secret_nor_metadata(guide: Run):
    for path in sorted((guide.output / "images").glob("*.png")):
        data = path.read_bytes()
        assert set(_chunk_types(data)) == {b"IHDR", b"IDAT", b"IEND"}, path
        for secret in (PASSWORD, WRONG_CODE):
            assert secret.encode() not in data, path


def test_password_and_captcha_fields_are_masked(guide: Run):
    checked = 0
    for caption in (
        f'Et elle saisit le code "{REDACTED}"',
        f'Et elle saisit le mot de passe "{REDACTED}" et se connecte',
    ):
        step = guide.step(caption)
        # The registration form masks its captcha code and field; sign-in its password.
        assert step["masked"], caption
        image = _picture(guide.output / step["image"])
        for box in step["masked"]:
            inside = [
                (box["x"] + dx * box["width"], box["y"] + dy * box["height"])
                for dx in (0.1, 0.5, 0.9)
                for dy in (0.25, 0.5, 0.75)
            ]
            for x, y in inside:
                assert _near(image.getpixel((int(x), int(y))), MASK_COLOUR, tolerance=2), (
                    caption,
                    box,
                )
                checked += 1
    assert checked >= 27


# -- PDF, reproducibility, failure --------------------------------------------------------


def test_pdf_has_a_contents_page_then_one_page_per_step(guide: Run):
    from pypdf import PdfReader

    pages = PdfReader(guide.output / "guide.pdf").pages
    assert len(pages) == 1 + STEP_COUNT

    def text(page) -> str:
        return " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())

    assert "Sommaire" in text(pages[0])
    captions = [c for steps in EXPECTED_STEPS.values() for step in steps for c in step]
    numbered = [step for steps in EXPECTED_STEPS.values() for step in steps]
    for page, step in zip(pages[1:], numbered, strict=True):
        for caption in step:
            assert caption in text(page)
    assert sum(caption in text(pages[0]) for caption in captions) == 0


def test_the_same_seed_gives_the_same_guide(runs: dict[str, Run]):
    first, second = runs["guide"], runs["again"]
    assert first.text("guide.html") == second.text("guide.html")
    assert first.text("guide.md") == second.text("guide.md")
    images = sorted(p.name for p in (first.output / "images").iterdir())
    assert images == sorted(p.name for p in (second.output / "images").iterdir())
    for name in images:
        assert (first.output / "images" / name).read_bytes() == (
            second.output / "images" / name
        ).read_bytes(), name


def test_a_failing_scenario_stops_with_the_failing_step(runs: dict[str, Run]):
    failing = runs["failing"]
    assert failing.returncode != 0
    assert "Une vérification qui échoue" in failing.stderr
    assert "step 3/3 «Alors l'écran affiche «Ce texte n'existe pas»»" in failing.stderr
    assert not (failing.output / "guide.html").exists()


# -- the guide's voice, Word, and what changed ----------------------------------------------


def test_the_guide_speaks_to_the_reader(runs: dict[str, Run]):
    markdown = runs["voice"].text("guide.md")
    assert "**1.2** Saisissez votre prénom et votre nom." in markdown
    assert f"**2.3** Saisissez le mot de passe «{REDACTED}» et connectez-vous." in markdown
    # No Gherkin keyword nor wording is left, and a silent precondition says nothing.
    assert "**Soit**" not in markdown and "elle saisit" not in markdown
    assert "opératrice de démonstration" not in markdown
    assert "warning" not in runs["voice"].stderr  # every step had its phrase


def test_a_note_is_boxed_where_the_phrase_puts_it(runs: dict[str, Run]):
    html = runs["voice"].text("guide.html")
    step = html[html.index('id="step-1.3"') : html.index('id="step-1.4"')]
    assert '<aside class="note" role="note"><strong>Attention</strong>' in step
    assert step.index("<figure>") < step.index('<aside class="note"')
    assert html.count('<aside class="note"') == 1
    assert "> **Attention**\u202f: Le code change" in runs["voice"].text("guide.md")


def test_the_word_document_has_the_same_steps_pictures_and_notes(runs: dict[str, Run]):
    from docx import Document

    document = Document(runs["voice"].output / "guide.docx")
    texts = [paragraph.text for paragraph in document.paragraphs]
    numbered = [text.split()[0] for text in texts if re.match(r"^\d+\.\d+ ", text)]
    assert numbered == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4"]
    assert "1.2  Saisissez votre prénom et votre nom." in texts
    assert len(document.inline_shapes) == STEP_COUNT
    [note] = document.tables
    assert note.rows[0].cells[0].text.startswith("Attention")
    assert PASSWORD not in "\n".join(texts)


def test_two_runs_of_the_same_seed_show_no_change(runs: dict[str, Run]):
    report = compare(runs["guide"].output, runs["again"].output)
    assert report.changes == [] and report.unchanged == STEP_COUNT


def test_the_change_report_shows_exactly_the_relabelled_step(runs: dict[str, Run]):
    relabelled = runs["relabelled"]
    assert "0 step(s) added, 0 removed, 0 reworded, 1 picture(s) changed" in relabelled.stdout
    report = compare(runs["voice"].output, relabelled.output)
    assert report.changed_steps == ["2.4 picture"]
    html = relabelled.text("changes.html")
    assert html.count('<section class="change picture"') == 1
    assert html.count('src="data:image/png;base64,') == 2  # old and new, side by side
