"""The run's memory: which step is running, what it did, and the guide it builds.

A step that clicks (or ticks, or presses Enter) is photographed just before its last
such action, the control circled and the fields it filled outlined. A step that only
fills is photographed after it, the fields outlined. A step that does neither is
photographed after it only if the page changed since the last picture; otherwise it
shares that picture and joins its numbered step.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest
from playwright.sync_api import ElementHandle, Error, Locator, Page

from pages.accessibility import load_with_every_document, violations
from pages.passage import is_on_the_way

from . import capture
from .marks import develop_guide
from .model import Caption, FeatureIntro, Guide, GuideStep, Picture, ScenarioGuide
from .phrases import definition_of, step_arguments
from .redact import REDACTED, Redactor
from .runfolder import Failure, Planned, RunFolder, Shipment
from .shares import claim_order

if TYPE_CHECKING:  # pytest-bdd is imported by pytest, which rewrites its asserts first
    from pytest_bdd.parser import Feature, Scenario, Step

RECORDER = pytest.StashKey["Recorder"]()
# Where a collected scenario goes: its language and its place in that language's guide.
PLACE = pytest.StashKey["tuple[str, int]"]()
# Every scenario starts at this instant, the portal's clock frozen, so that times repeat.
DEFAULT_MOMENT = "2026-01-15T09:00:00Z"
# Links in mail show the portal's address; the pictures show this one instead of the
# random port of the run (it is where `./dev serve` listens).
DEFAULT_DISPLAY_ORIGIN = "http://127.0.0.1:5000"
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@dataclass(frozen=True)
class RunOptions:
    """What the walkthrough replays and how it shows it."""

    # The guides to write, in this order: each keeps the features written in its language.
    languages: tuple[str, ...] = ("fr",)
    features: tuple[str, ...] = ()
    # True when ``features`` only orders the guide (pyproject.toml's list): features it does
    # not name come after, rather than being left out as with --features.
    features_order_only: bool = False
    viewport: tuple[int, int] = (1280, 800)
    moment: str = DEFAULT_MOMENT
    display_origin: str = DEFAULT_DISPLAY_ORIGIN
    voice: str = "guide"
    # "today": every TRACES NT environment asks for the EU Login Mobile App (--edition).
    edition: str = "guide"
    # Run axe-core on every screen photographed (its findings go to the manifest).
    accessibility: bool = False
    # Replay every scenario even after one failed (else the run's workers stop claiming).
    keep_going: bool = False


@dataclass
class _StepRun:
    # The elements the step acted on, in order: outlined in its picture.
    handles: list[ElementHandle] = field(default_factory=list)
    # What the step typed into each of them (by id of the handle).
    typed: dict[int, str] = field(default_factory=dict)
    page: Page | None = None
    # The screen the step last checked with ``expect``: where a step that only looks is about.
    looked_at: Page | None = None
    picture: Picture | None = None
    # What each screen in the picture showed (state keys by page), to tell later changes.
    keys: dict[int, str] = field(default_factory=dict)
    violations: list[str] | None = None
    # Whether its last click so far was on the way (pages.passage): another must follow.
    passing: bool = False


class LastClickOnTheWay(RuntimeError):
    """A step whose last click was marked as one that another click always follows."""


@dataclass
class _ScenarioRun:
    guide: ScenarioGuide
    nodeid: str
    replacements: list[tuple[str, str]]
    # What each screen showed at its last picture (state keys by page).
    last_keys: dict[int, str] = field(default_factory=dict)
    # Steps run before any page was open: printed above the first picture's caption.
    leading: list[Caption] = field(default_factory=list)


def _js_escape(text: str) -> str:
    return re.sub(r"[.*+?^${}()|[\]\\/]", r"\\\g<0>", text)


def _first_line(exception: BaseException) -> str:
    text = str(exception).strip() or type(exception).__name__
    return text.splitlines()[0]


def caption_of(step: Step, arguments: dict | None = None, step_func=None) -> Caption:
    """The step as the guide prints it, with the literal values its text carries and, once
    it ran, its step definition and parsed arguments."""
    literal = tuple(
        value
        for value in (arguments or {}).values()
        if isinstance(value, str) and value and value in step.name
    )
    if step_func is None:
        return Caption(step.keyword.strip(), step.name, literal)
    values = tuple(step_arguments(step_func, step.name).items())
    return Caption(step.keyword.strip(), step.name, literal, definition_of(step_func), values)


def feature_intro(feature: Feature) -> FeatureIntro:
    """What of a feature the guide shows."""
    return FeatureIntro(
        filename=feature.rel_filename,
        name=feature.name,
        description=feature.description or "",
        language=feature.language,
    )


def _selects(selector: str, feature: Feature) -> bool:
    if selector.endswith(".feature"):
        path, chosen = Path(feature.filename), Path(selector)
        return chosen.resolve() == path.resolve() or path.as_posix().endswith(
            "/" + chosen.as_posix().lstrip("./")
        )
    wanted = selector.casefold()
    return wanted in feature.rel_filename.casefold() or wanted in feature.name.casefold()


def rank(feature: Feature, selectors: tuple[str, ...]) -> int | None:
    """The position of the selector naming ``feature``: its file, its file's stem, else the
    first part of its path or title; 0 when there are no selectors, None when none names it.

    The stem, without an ordering prefix such as "04_", wins over a part: "connexion" places
    04_connexion.feature, not 10_deconnexion.feature.
    """
    if not selectors:
        return 0
    stem = re.sub(r"^\d+[_-]", "", Path(feature.filename).stem).casefold()
    for i, selector in enumerate(selectors):
        if selector.casefold() == stem:
            return i
    return next((i for i, selector in enumerate(selectors) if _selects(selector, feature)), None)


class Recorder:
    """Collects the guide while pytest runs the scenarios (a pytest plugin object).

    In a worker of ``python -m walkthrough`` it replays only the scenarios it claims in the
    run's folder, and ships each one there when it ends; alone, it keeps them all in
    ``scenarios``.
    """

    def __init__(self, options: RunOptions, folder: RunFolder | None = None, worker: int = 0):
        self.options = options
        self.folder = folder
        self.worker = worker
        self.config: pytest.Config | None = None
        # Scenarios of each language to photograph, once collected.
        self.totals: dict[str, int] = {}
        self.scenarios: list[ScenarioGuide] = []
        self.failures: dict[str, Failure] = {}
        self.secrets: set[str] = set()
        self.weak_secrets: set[str] = set()
        # Seconds per scenario (setup and steps), for the benchmark; never rendered.
        self.durations: dict[str, float] = {}
        # Where the worker's time went before and between scenarios (benchmarks/walkthrough.py).
        self.phases: dict[str, float] = {}
        self._pages: dict[str, Page] = {}
        self._scenario: _ScenarioRun | None = None
        self._step: _StepRun | None = None
        # Each replayed item's progress lines and timings, until it is shipped.
        self._lines: dict[str, list[str]] = {}
        self._timings: dict[str, dict[str, float]] = {}
        self._guides: dict[str, ScenarioGuide] = {}
        self._places: dict[str, tuple[str, int]] = {}
        # The item pytest is running (set by the plugin).
        self.current: str | None = None
        # When the worker called pytest (its start-up is timed from there).
        self.pytest_started: float | None = None
        # Seconds each scenario took at the last runs (by node id): the claims' order.
        self.expected: dict[str, float] = {}
        # How many workers share the scenarios (this one is number ``worker``).
        self.workers = 1

    # -- pytest ------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config
        config.stash[RECORDER] = self

    def say(self, line: str, nodeid: str | None = None) -> None:
        """Print progress past pytest's output capture, or keep it to ship with the
        scenario it is about (a worker's output is its command's to print)."""
        if self.folder is not None and nodeid is not None:
            self._lines.setdefault(nodeid, []).append(line)
            return
        config = self.config
        capture_manager = config.pluginmanager.getplugin("capturemanager") if config else None
        reporter = config.pluginmanager.getplugin("terminalreporter") if config else None
        suspended = (
            capture_manager.global_and_fixture_disabled() if capture_manager else nullcontext()
        )
        with suspended:
            if reporter is not None:
                reporter.write_line(line)
            else:
                print(line, flush=True)

    def context_args(self, language: str) -> dict:
        """Browser-context settings of every photographed scenario in ``language``."""
        width, height = self.options.viewport
        return {
            "locale": LOCALES[language],
            "viewport": {"width": width, "height": height},
            "device_scale_factor": 1,
            "reduced_motion": "reduce",
        }

    def place(self, feature: Feature) -> tuple[int, int] | None:
        """Where scenarios of ``feature`` go: the rank of its language among the guides',
        then the rank of the --features value naming it; None if they belong in no guide."""
        if feature.language not in self.options.languages:
            return None
        placed = rank(feature, self.options.features)
        if placed is None and self.options.features_order_only:
            placed = len(self.options.features)
        if placed is None:
            return None
        return self.options.languages.index(feature.language), placed

    def plan(self, items: list[tuple[str, int, pytest.Item, int]]) -> list[pytest.Item]:
        """The kept items (language, position, item, steps) in the order to claim them: a
        guide's before the next one's (the first is written while the next replays), and
        within a guide this worker's share first (``walkthrough.shares``), each scenario as
        long as the last runs took, else as many steps, so that the workers finish
        together."""
        for language, position, item, _steps in items:
            item.stash[PLACE] = self._places[item.nodeid] = (language, position)
            self.totals[language] = max(self.totals.get(language, 0), position + 1)
        if self.folder is None:
            return [item for _, _, item, _ in items]
        known = [
            (self.expected[i.nodeid], steps)
            for _, _, i, steps in items
            if i.nodeid in self.expected
        ]
        per_step = sum(s for s, _ in known) / max(1, sum(n for _, n in known)) if known else 1.0
        ordered = []
        for language in self.options.languages:
            entries = [entry for entry in items if entry[0] == language]
            if not entries:  # none of this language, or a worker left idle (a shared portal)
                continue
            lengths = [self.expected.get(i.nodeid, n * per_step) for _, _, i, n in entries]
            ordered += [entries[i] for i in claim_order(lengths, self.workers, self.worker)]
        self.folder.write_plan(
            self.worker,
            [Planned(lang, pos, item.nodeid, item.name) for lang, pos, item, _ in ordered],
        )
        return [item for _, _, item, _ in ordered]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        """Replay only the scenarios this worker claims: another worker replays the rest."""
        if self.claim(item):
            return None
        # What pytest tears down after an item, it does for the next one: a module's fixtures
        # kept for an item another worker took must go before an item of another module.
        item.session._setupstate.teardown_exact(nextitem)
        return True

    def claim(self, item: pytest.Item) -> bool:
        """Whether this process replays ``item`` (always, outside a run's workers)."""
        if self.folder is None or PLACE not in item.stash:
            return True
        language, position = item.stash[PLACE]
        return self.folder.claim(language, position)

    def page_opened(self, nodeid: str, page: Page) -> None:
        """The scenario's page (pytest-playwright's ``page`` fixture) now exists."""
        self._pages[nodeid] = page
        if self.options.accessibility:
            load_with_every_document(page.context)

    def timed(self, nodeid: str | None, phase: str, seconds: float) -> None:
        """Add ``seconds`` to ``phase``: of the scenario ``nodeid``, or of the worker."""
        phases = self.phases if nodeid is None else self._timings.setdefault(nodeid, {})
        phases[phase] = phases.get(phase, 0.0) + seconds

    # -- scenarios and steps -----------------------------------------------------------

    def start_scenario(self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario):
        """Reset the portal, freeze its clock and open the scenario's section: every
        scenario starts from the same state at the same instant, so pictures repeat."""
        nodeid = request.node.nodeid
        language, position = request.node.stash.get(PLACE, (feature.language, len(self.scenarios)))
        portal = request.getfixturevalue("portal")
        base_url = portal.base_url.rstrip("/")
        started = time.perf_counter()
        portal.reset()
        freeze_clock(base_url, self.options.moment)
        self.timed(nodeid, "portal reset", time.perf_counter() - started)
        display = self.options.display_origin.rstrip("/")
        replacements = [
            (_js_escape(base_url), display),
            (_js_escape(quote(base_url, safe="")), quote(display, safe="")),
            # One-time tokens and CAS tickets are secrets, and differ on every run.
            (r"([?&](?:token|ticket)=)[^\s&#\"'<>]+", f"$1{REDACTED}"),
            (r"\b(ST|TGT|PGT|PT)-[A-Za-z0-9-]{8,}", f"$1-{REDACTED}"),
        ]
        guide = ScenarioGuide(
            index=position + 1,
            title=scenario.name,
            feature=feature_intro(feature),
            nodeid=nodeid,
        )
        self.scenarios.append(guide)
        self._guides[nodeid] = guide
        self._scenario = _ScenarioRun(guide, nodeid, replacements)
        of = f"{self.totals.get(language, '?')}"
        if len(self.options.languages) > 1:
            of += f", {language}"
        self.say(f"[scenario {guide.index}/{of}] {scenario.name}", nodeid)

    def start_step(self, scenario: Scenario, step: Step) -> None:
        """Listen to the actions of ``step``."""
        number = scenario.steps.index(step) + 1
        self._step = _StepRun()
        line = f"  step {number}/{len(scenario.steps)} {self._redacted(caption_of(step))}"
        self.say(line, self._scenario.nodeid if self._scenario else None)

    def end_step(
        self, request: pytest.FixtureRequest, step: Step, arguments: dict, step_func=None
    ) -> None:
        """Decide the step's picture: taken before its last click, after it, or shared."""
        run, scenario = self._step, self._scenario
        self._step = None
        if run is None or scenario is None:
            return
        if run.passing:
            # Its picture would be another screen than the one before its last click.
            raise LastClickOnTheWay(
                f"the step «{step.name}» ended on a click made inside on_the_way() "
                "(pages/passage.py), which is for clicks another click of the step follows: "
                "take that click out of the block"
            )
        caption = caption_of(step, arguments, step_func)
        picture, keys = run.picture, run.keys
        if picture is None:
            page = run.page or self._pages.get(request.node.nodeid)
            if page is not None and not page.is_closed() and page.url != "about:blank":
                page, picture, keys = self._after_step_picture(page, run, scenario)
                if picture is not None:
                    run.violations = self._audit(page)
        steps = scenario.guide.steps
        if picture is not None:
            steps.append(
                GuideStep(
                    len(steps) + 1,
                    [*scenario.leading, caption],
                    picture,
                    shot_by=len(scenario.leading),
                    violations=run.violations,
                )
            )
            scenario.leading.clear()
            scenario.last_keys.update(keys)
        elif steps:
            steps[-1].captions.append(caption)
        else:
            scenario.leading.append(caption)

    def _computer(self) -> Page | None:
        return self._pages.get(self._scenario.nodeid) if self._scenario else None

    def _phone(self) -> Page | None:
        """The EU Login Mobile App's page beside the scenario's computer, once opened."""
        computer = self._computer()
        if computer is None or computer.is_closed():
            return None
        return next(
            (
                page
                for page in computer.context.pages
                if page is not computer and capture.is_phone(page)
            ),
            None,
        )

    def _shown(self, page: Page) -> list[Page]:
        """The screens a picture of ``page`` shows: the phone beside the computer, or it."""
        computer = self._computer()
        if computer is not None and page is not computer and capture.is_phone(page):
            return [computer, page]
        return [page]

    @staticmethod
    def _keys(pages: list[Page]) -> dict[int, str]:
        return {id(page): capture.state_key(page) for page in pages}

    def _photograph(
        self,
        page: Page,
        target: ElementHandle | None,
        fields: list[ElementHandle],
        typed: dict[int, str],
    ) -> Picture:
        """The page, or the phone beside the computer when the step acts on the phone."""
        shown, replacements = self._shown(page), self._scenario.replacements
        started = time.perf_counter()
        if len(shown) == 2:
            picture = capture.photograph_phone(page, shown[0], target, fields, replacements, typed)
        else:
            picture = capture.photograph(page, target, fields, replacements, typed=typed)
        self.timed(self._scenario.nodeid, "pictures", time.perf_counter() - started)
        return picture

    def _after_step_picture(
        self, page: Page, run: _StepRun, scenario: _ScenarioRun
    ) -> tuple[Page, Picture | None, dict[int, str]]:
        """A step photographed after it: the page it acted on; else the page it checked;
        else the phone when the phone changed (beside the computer), else the computer when
        it changed; else none."""

        def read() -> tuple[Page, Picture | None, dict[int, str]]:
            page.wait_for_load_state()
            chosen, phone = page, None
            if run.page is None and run.looked_at is not None and not run.looked_at.is_closed():
                chosen = run.looked_at
            elif run.page is None:
                phone = self._phone()
            if phone is not None and scenario.last_keys.get(id(phone)) != capture.state_key(phone):
                chosen = phone
            keys = self._keys(self._shown(chosen))
            unchanged = all(scenario.last_keys.get(key) == value for key, value in keys.items())
            if not run.handles and unchanged:
                return chosen, None, keys  # nothing done, nothing changed: share the last one
            return chosen, self._photograph(chosen, None, run.handles, run.typed), keys

        try:
            return read()
        except Error:  # a navigation from the step's last action replaced the document
            return read()

    def _audit(self, page: Page) -> list[str] | None:
        """The screen's serious and critical accessibility violations, when asked for
        (after its picture: axe-core's script never shows in it)."""
        if not self.options.accessibility:
            return None
        return [str(violation) for violation in violations(page)]

    def end_scenario(self) -> None:
        """Steps that never led to a picture still make a numbered step."""
        scenario = self._scenario
        if scenario is not None and scenario.leading:
            steps = scenario.guide.steps
            steps.append(GuideStep(len(steps) + 1, list(scenario.leading)))
            scenario.leading.clear()

    def step_failed(self, scenario: Scenario, step: Step, arguments: dict, error: BaseException):
        """Remember (and say) which step failed."""
        self._step = None
        number = scenario.steps.index(step) + 1 if step in scenario.steps else 0
        where = (
            f"step {number}/{len(scenario.steps)} «{self._redacted(caption_of(step, arguments))}»"
        )
        nodeid = self._scenario.nodeid if self._scenario else scenario.name
        self.failures[nodeid] = Failure(scenario.name, _first_line(error), where)
        self.say(f"  FAILED at {where}: {_first_line(error)}", nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Time each scenario; failures outside the steps (fixtures, hooks) count too. In a
        worker, ship the scenario once it ended (its teardown reported)."""
        nodeid = report.nodeid
        if report.when != "teardown":  # the last teardown also closes the session
            self.durations[nodeid] = self.durations.get(nodeid, 0) + report.duration
        if report.failed and nodeid not in self.failures:
            lines = [line for line in report.longreprtext.splitlines() if line.strip()]
            guide = self._guides.get(nodeid)
            title = guide.title if guide else nodeid
            message = lines[-1].strip() if lines else f"failed during {report.when}"
            self.failures[nodeid] = Failure(title, message, f"({report.when})")
            self.say(f"  FAILED ({report.when}): {message}", nodeid)
        if report.when == "teardown" and self.folder is not None:
            self._ship(nodeid, report)

    def _ship(self, nodeid: str, report: pytest.TestReport) -> None:
        item_place = self._places.get(nodeid)
        if item_place is None:
            return
        language, position = item_place
        failure = self.failures.get(nodeid)
        redactor = Redactor(self.secrets, self.weak_secrets)
        if failure is not None and not self.options.keep_going:
            self.folder.stop()
        self.folder.ship(
            Shipment(
                language=language,
                position=position,
                nodeid=nodeid,
                scenario=self._guides.pop(nodeid, None),
                failure=failure,
                secrets=frozenset(self.secrets),
                weak_secrets=frozenset(self.weak_secrets),
                # Told at the end, the lines lose the secrets typed after they were said.
                lines=[redactor.text(line) for line in self._lines.pop(nodeid, [])],
                seconds=self.durations.get(nodeid, 0.0),
                phases=self._timings.pop(nodeid, {}),
                worker=self.worker,
            )
        )

    # -- actions (from the wrapped Locator) --------------------------------------------

    def before_trigger(self, locator: Locator, action: str) -> None:
        """Photograph the page with the control about to be pressed circled."""
        run, scenario = self._step, self._scenario
        if run is None or scenario is None:
            return
        page = locator.page
        try:
            handle = capture.bring_into_view(locator)
            if handle is None:
                return
        except Error:
            return  # the action itself will wait, then report what is wrong
        # A click on the way is never the step's last, whose picture the step keeps: it is
        # brought into view all the same, so that the next screens scroll as they did.
        run.passing = is_on_the_way()
        if not run.passing:
            run.keys = self._keys(self._shown(page))
            run.picture = self._photograph(page, handle, run.handles, run.typed)
            run.violations = self._audit(page)
        run.page = page
        run.handles.append(handle)

    def looked_at(self, page: Page) -> None:
        if self._step is not None:
            self._step.looked_at = page

    def after_input(self, locator: Locator, action: str, value: str | None) -> None:
        """Remember the field to outline it, and its value if it must stay secret."""
        run = self._step
        if run is None:
            return
        try:
            handle = locator.element_handle(timeout=capture.ELEMENT_TIMEOUT_MS)
            kind = capture.secret_kind(handle)
        except Error:
            return
        if value and kind == "password":
            self.secrets.add(value)
        elif value and kind == "captcha":
            self.weak_secrets.add(value)
        if value is not None:
            # A secret is never kept: the simulation takes anything typed there.
            run.typed[id(handle)] = "" if kind else value
        run.handles.append(handle)
        run.page = locator.page

    # -- result ------------------------------------------------------------------------

    def guide(self, title: str, language: str | None = None) -> Guide:
        """The guide of the scenarios that ran (in ``language``: the first guide's)."""
        language = language or self.options.languages[0]
        guide = Guide(
            title=title,
            language=language,
            scenarios=[s for s in self.scenarios if s.feature.language == language],
            secrets=frozenset(self.secrets),
            weak_secrets=frozenset(self.weak_secrets),
            moment=self.options.moment,
            voice=self.options.voice,
            edition=self.options.edition,
        )
        develop_guide(guide)
        return guide

    def _redacted(self, caption: Caption) -> str:
        text = Redactor(self.secrets, self.weak_secrets).caption(caption)
        return f"{caption.keyword} {text}"


def freeze_clock(base_url: str, moment: str) -> None:
    """Stop the portal's clock at ``moment`` through its control API."""
    body = json.dumps({"now": moment, "freeze": True}).encode()
    request = Request(f"{base_url}/__admin/clock", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urlopen(request, timeout=10) as response:
            response.read()
    except (HTTPError, URLError) as exc:
        raise RuntimeError(
            f"Could not freeze the portal's clock at {base_url}/__admin/clock ({exc}). "
            "The walkthrough needs the control API (portal started with --admin)."
        ) from None
