"""``python -m walkthrough`` (``traces-walkthrough``): make the screenshot guide.

The chosen scenarios run through pytest, with the suite's own steps, page objects and
fresh mock portal, in worker processes side by side (``walkthrough.replay``); arguments
after ``--`` go to pytest unchanged (e.g. ``-- --base-url URL`` to photograph a running
portal started with ``--admin``). ``--lang fr,en`` writes both guides in one run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from process_check import checked

from .compare import REPORT, ChangeReport, Edition, EditionError, compare, summary, write_report
from .media import DEFAULT_FORMATS, FORMATS, LeakError, Writing, Written, start_writing
from .phrases import LANGUAGES, Catalogue, CatalogueError
from .recorder import DEFAULT_DISPLAY_ORIGIN, DEFAULT_MOMENT, RunOptions
from .replay import Recording, Replay, replay
from .view import labels_for

DEFAULT_TAGS = "guide"
DEFAULT_OUTPUT = Path("walkthrough-output")
# Where the suite binds its scenarios (test_*.py calling scenarios()); tests/ holds none.
DEFAULT_SUITE = ("steps",)


def viewport(text: str) -> tuple[int, int]:
    """``1280x800`` as (1280, 800)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT, such as 1280x800, not {text!r}"
        ) from None
    if not (200 <= width <= 4000 and 200 <= height <= 4000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 4000 pixels")
    return width, height


def languages(text: str) -> tuple[str, ...]:
    """``fr``, ``en``, ``fr,en`` (the guides to write, in this order) or ``all``."""
    if text.strip() == "all":
        return LANGUAGES
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not chosen or any(language not in LANGUAGES for language in chosen):
        raise argparse.ArgumentTypeError(
            f"languages are a comma-separated list of {', '.join(LANGUAGES)}, or all; not {text!r}"
        )
    return chosen


def jobs(text: str) -> int:
    """How many processes replay the scenarios and write the guides: a number, or auto."""
    if text == "auto":
        return default_jobs()
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes or auto, not {text!r}")
    return count


# More workers than this spend more on their own start (a portal, a browser, pytest's
# collection) than they win on a guide of ten-odd scenarios.
MAX_DEFAULT_JOBS = 4


def default_jobs() -> int:
    """One process per core this process may use (each drives a browser and a portal), at
    most MAX_DEFAULT_JOBS."""
    return max(1, min(MAX_DEFAULT_JOBS, len(os.sched_getaffinity(0))))


def formats(text: str) -> tuple[str, ...]:
    """``html,md,pdf`` as a tuple, each checked."""
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"formats are a comma-separated list of {', '.join(FORMATS)}; not {text!r}"
        )
    return chosen


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(
        prog="python -m walkthrough",
        description="Replay BDD scenarios against the mock portal and write a screenshot "
        "walkthrough (HTML, Markdown, PDF) like the operators' guide.",
        epilog="Arguments after -- go to pytest. Run from the project's root.",
    )
    cli.add_argument(
        "--features",
        nargs="+",
        action="extend",
        default=[],
        metavar="FEATURE",
        help="feature files, or parts of a feature's file name or title, in the order the "
        "guide shows them (default: [tool.walkthrough] features in pyproject.toml, else all)",
    )
    cli.add_argument(
        "--tags",
        default=DEFAULT_TAGS,
        help=f"pytest marker expression choosing the scenarios (default: {DEFAULT_TAGS!r})",
    )
    cli.add_argument(
        "--lang",
        type=languages,
        default=("fr",),
        metavar="fr|en|fr,en|all",
        help="the guide's language: keep features written in it, and the interface follows; "
        "several (fr,en or all) write each guide in one run, sharing its start and its "
        "workers (default: fr)",
    )
    cli.add_argument(
        "--output",
        type=Path,
        help="output folder (default: walkthrough-output/<lang>; with several languages, "
        "a folder per language inside it)",
    )
    cli.add_argument(
        "--jobs",
        type=jobs,
        default=None,
        metavar="N|auto",
        help="processes replaying the scenarios side by side, each with its own portal and "
        "browser, then writing the media (default: auto, one per core, at most "
        f"{MAX_DEFAULT_JOBS}; a portal given with --base-url or --target is driven by one)",
    )
    cli.add_argument(
        "--viewport", type=viewport, default=(1280, 800), help="browser size (default: 1280x800)"
    )
    cli.add_argument("--seed", type=int, help="Faker seed of the people (the suite's --faker-seed)")
    cli.add_argument(
        "--formats",
        type=formats,
        default=DEFAULT_FORMATS,
        help=f"comma-separated, among {', '.join(FORMATS)} (default: {','.join(DEFAULT_FORMATS)})",
    )
    cli.add_argument("--title", help="the guide's title (default: per language)")
    cli.add_argument(
        "--suite",
        action="append",
        default=[],
        metavar="PATH",
        help="pytest path to collect scenarios from, repeatable (default: steps)",
    )
    cli.add_argument(
        "--clock",
        default=DEFAULT_MOMENT,
        help=f"the portal's frozen time at the start of each scenario (default: {DEFAULT_MOMENT})",
    )
    cli.add_argument(
        "--display-origin",
        default=DEFAULT_DISPLAY_ORIGIN,
        help="address shown in pictures instead of the test portal's random port "
        f"(default: {DEFAULT_DISPLAY_ORIGIN})",
    )
    cli.add_argument(
        "--keep-going", action="store_true", help="run every scenario even after one fails"
    )
    cli.add_argument(
        "--gherkin",
        action="store_true",
        help="caption each step with the scenario's own Gherkin (for QA) rather than "
        "in the guide's voice",
    )
    cli.add_argument(
        "--phrases",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a phrase catalogue (TOML, as walkthrough/phrases.toml) over the built-in one, "
        "repeatable: the guide's words for steps of your own",
    )
    cli.add_argument(
        "--compare",
        type=Path,
        metavar="PREVIOUS_DIR",
        help="also write changes.html: what changed since the edition in PREVIOUS_DIR "
        "(steps added, removed, reworded; pictures that differ, side by side); with several "
        "languages, PREVIOUS_DIR/<lang>",
    )
    cli.add_argument(
        "--edition",
        choices=("guide", "today"),
        default="guide",
        help="guide: EU Login as the operators' guide shows it (the default); today: every "
        "TRACES NT environment asks for two-factor sign-in, so every sign-in shows the EU Login "
        "Mobile App on the phone beside the computer (default output: walkthrough-output/"
        "<lang>-today)",
    )
    cli.add_argument(
        "--check-accessibility",
        action="store_true",
        help="run axe-core on every screen photographed; serious and critical violations "
        "go to guide.json and fail the run",
    )
    return cli


def configured_features(project: Path = Path()) -> tuple[str, ...]:
    """The guide's features in order, from ``[tool.walkthrough] features`` in pyproject.toml."""
    try:
        with (project / "pyproject.toml").open("rb") as file:
            settings = tomllib.load(file).get("tool", {}).get("walkthrough", {})
    except FileNotFoundError:
        return ()
    features = settings.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise SystemExit("error: [tool.walkthrough] features must be a list of strings")
    return tuple(features)


def pytest_arguments(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """The pytest command line of a walkthrough run."""
    arguments = [
        *(args.suite or DEFAULT_SUITE),
        "-p",
        "walkthrough.plugin",
        "-p",
        "no:cacheprovider",
        # Nor pytest's watch for unraisable exceptions, which collects the whole heap at the
        # end of each worker (0.15 CPU-s), beside the media.
        "-p",
        "no:unraisableexception",
        # The portal is reset before each scenario: no mark is needed to tell runs apart.
        "--plain-names",
        # Steps check with Playwright's expect, and their few bare asserts say what failed:
        # rewriting every plugin's modules (Faker's, Hypothesis's...) cost each worker
        # seconds where no bytecode is cached (PYTHONDONTWRITEBYTECODE).
        "--assert=plain",
        "-m",
        args.tags,
        "-q",
        "--tb=short",
        "-o",
        "console_output_style=classic",
    ]
    if not any(argument.startswith("--hypothesis") for argument in extra):
        # Hypothesis's summary at a worker's end imports Hypothesis whole (0.15 CPU-s); its
        # plugin stays for a run given its options.
        arguments += ["-p", "no:hypothesispytest"]
    if not args.keep_going:
        arguments.append("-x")
    if args.seed is not None:
        arguments += ["--faker-seed", str(args.seed)]
    if args.edition != "guide":
        arguments += ["--edition", args.edition]
    return arguments + extra


def split_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """The walkthrough's own arguments, and those after ``--`` (for pytest)."""
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1 :]
    return argv, []


# pytest's codes when it stopped before the scenarios could tell anything.
_STOPPED = (
    pytest.ExitCode.INTERRUPTED,
    pytest.ExitCode.INTERNAL_ERROR,
    pytest.ExitCode.USAGE_ERROR,
)
# A worker with nothing to replay (another one drives a shared portal) collects nothing.
_FINE = (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)


def _explain_failure(replayed: Replay, args: argparse.Namespace) -> str:
    """Why a guide cannot be written; "" when every guide can."""
    recordings = replayed.recordings
    unwritten = [language for language, recording in recordings.items() if not recording.complete]
    if not unwritten:
        return ""
    if len(unwritten) == len(recordings):
        what = "no guide was written"
    else:
        what = f"the {', '.join(unwritten)} guide was not written"
    if stopped := [code for code in replayed.codes if code in _STOPPED]:
        return f"error: pytest stopped ({pytest.ExitCode(stopped[0]).name}); {what}."
    failures = [failure for recording in recordings.values() for failure in recording.failures]
    if failures:
        lines = [f"error: {len(failures)} scenario(s) failed; {what}."]
        for failure in failures:
            lines.append(f"  «{failure.scenario}» failed at {failure.step}: {failure.message}")
        return "\n".join(lines)
    if empty := [language for language in unwritten if not recordings[language].expected]:
        features = ", ".join(args.features) or "all"
        return (
            f"error: no scenario to photograph (tags {args.tags!r}, language {', '.join(empty)}, "
            f"features: {features}). Tag the scenarios of the journey with @{DEFAULT_TAGS}, "
            "or choose others with --tags and --features."
        )
    code = next((code for code in replayed.codes if code not in _FINE), None)
    if code is not None:
        return f"error: pytest stopped with exit code {code}; {what}."
    return f"error: a worker stopped before every scenario was replayed; {what}."


@dataclass
class Outcome:
    """What the run did for one guide: where it goes, what was recorded, its files."""

    language: str
    output: Path
    recording: Recording
    written: Written | None = None
    error: str = ""
    changes: ChangeReport | None = None
    changes_path: Path | None = None


@dataclass
class Generated:
    """What a walkthrough run did: the workers' replay, each guide's outcome, the times
    of its two halves (``replay`` and ``writing``, wall seconds)."""

    outcomes: list[Outcome]
    replay: Replay | None = None
    code: int = 0
    error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def _output(args: argparse.Namespace, language: str) -> Path:
    today = args.edition == "today"
    if args.output is None:
        return DEFAULT_OUTPUT / (f"{language}-today" if today else language)
    return args.output / language if len(args.lang) > 1 else args.output


def _previous(args: argparse.Namespace, language: str) -> Path:
    return args.compare / language if len(args.lang) > 1 else args.compare


def generate(args: argparse.Namespace, extra: list[str]) -> Generated:
    """Replay the chosen scenarios and write each guide; ``error`` says why one was not."""
    languages = args.lang
    try:
        catalogue = Catalogue.load(args.phrases)
        previous = (
            {language: Edition.read(_previous(args, language)) for language in languages}
            if args.compare
            else {}
        )
    except (CatalogueError, EditionError) as exc:
        return Generated([], code=int(pytest.ExitCode.USAGE_ERROR), error=f"error: {exc}")
    options = RunOptions(
        languages=languages,
        features=tuple(args.features) or configured_features(),
        features_order_only=not args.features,
        viewport=args.viewport,
        moment=args.clock,
        display_origin=args.display_origin,
        voice="gherkin" if args.gherkin else "guide",
        edition=args.edition,
        accessibility=args.check_accessibility,
        keep_going=args.keep_going,
    )
    processes = args.jobs or default_jobs()
    formats = args.formats
    if previous and "json" not in formats:
        formats = (*formats, "json")  # the change report reads the new manifest too
    outcomes = {lang: Outcome(lang, _output(args, lang), Recording(lang)) for lang in languages}
    writings: dict[str, Writing] = {}
    # The slower media (PDF, video, slides, Word) of every guide side by side, a process each:
    # one more than the cores, as the PDF's and the video's wait for Chromium and ffmpeg.
    # Forked when the first guide is recorded: no imports to repeat, no thread to copy, and
    # no resource tracker process (spawn's) left behind.
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(processes + 1, mp_context=fork) if processes > 1 else nullcontext()

    def write(recording: Recording, executor: ProcessPoolExecutor | None) -> None:
        """Start writing a recorded guide: while the next guide's scenarios replay, if any."""
        outcome = outcomes[recording.language]
        outcome.recording = recording
        kind = "title_today" if args.edition == "today" else "title"
        title = args.title or labels_for(recording.language)[kind]
        try:
            writings[recording.language] = start_writing(
                recording.guide(title, options), outcome.output, formats, catalogue, executor
            )
        except LeakError as exc:
            outcome.error = f"error: {exc}"

    with pool as executor:
        replayed = replay(
            options,
            pytest_arguments(args, extra),
            processes,
            on_recorded=lambda recording: write(recording, executor),
        )
        result = Generated(list(outcomes.values()), replayed, seconds={"replay": replayed.seconds})
        if error := _explain_failure(replayed, args):
            result.error = error
            result.code = max((c for c in replayed.codes if c not in _FINE), default=1)
        started = time.perf_counter()
        complete = []
        for outcome in result.outcomes:
            outcome.recording = replayed.recordings[outcome.language]
            if outcome.recording.complete:
                complete.append(outcome)
                if outcome.language not in writings and not outcome.error:
                    write(outcome.recording, executor)
        for outcome in complete:
            if outcome.language in writings:
                outcome.written = writings[outcome.language].result()
    result.seconds["writing"] = time.perf_counter() - started
    for outcome in complete:
        if outcome.written is not None and outcome.language in previous:
            before = previous[outcome.language]
            outcome.changes = compare(before.folder, outcome.output)
            outcome.changes_path = write_report(outcome.changes, outcome.output / REPORT)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios, write the guide, print its path; non-zero if a scenario failed,
    or if a process the run started was left running (``process_check``)."""
    return checked(lambda: _write_guide(argv), "the walkthrough")


def _write_guide(argv: list[str] | None) -> int:
    own, extra = split_arguments(list(sys.argv[1:] if argv is None else argv))
    args = parser().parse_args(own)
    try:
        generated = generate(args, extra)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the workers were stopped on the way out
        print("interrupted: no guide was written.", file=sys.stderr)
        return 128 + 2
    code = 0
    for outcome in generated.outcomes:
        if outcome.written is not None:
            code = max(code, _report(args, outcome, generated))
    if generated.error or any(outcome.error for outcome in generated.outcomes):
        if generated.replay is not None and generated.error:
            # pytest's own words (the traceback of a failed step, a usage error).
            for log in generated.replay.logs:
                if log.strip():
                    print(log.rstrip(), file=sys.stderr)
        for error in [generated.error, *(outcome.error for outcome in generated.outcomes)]:
            if error:
                print(error, file=sys.stderr)
        return generated.code or 1
    return code


def _report(args: argparse.Namespace, outcome: Outcome, generated: Generated) -> int:
    """Print what was written of one guide; 1 if a screen has accessibility violations."""
    written, scenarios = outcome.written, outcome.recording.scenarios
    steps = sum(len(scenario.steps) for scenario in scenarios)
    timings = ", ".join(f"{fmt} {seconds:.1f}s" for fmt, seconds in written.seconds.items())
    replayed = generated.replay
    print(
        f"{len(scenarios)} scenario(s), {steps} numbered step(s) replayed in "
        f"{replayed.seconds:.1f}s by {len(replayed.codes)} worker(s), written in "
        f"{generated.seconds.get('writing', 0.0):.1f}s: {timings}"
    )
    if written.pdf_pages is not None and written.pdf_pages != steps + 1:
        print(
            f"warning: the PDF has {written.pdf_pages} pages, not 1 + {steps}: "
            "a page overflowed (a very long table of contents?)",
            file=sys.stderr,
        )
    if written.missing_phrases:
        print(
            f"warning: {len(written.missing_phrases)} step definition(s) have no phrase in "
            f"the guide's voice ({outcome.language}); their Gherkin stands in. Add them to "
            "walkthrough/phrases.toml or a --phrases file:",
            file=sys.stderr,
        )
        for definition in sorted(written.missing_phrases):
            print(f"  {definition}", file=sys.stderr)
    for path in written.paths.values():
        if path != written.main:
            print(f"  also: {path}")
    if outcome.changes is not None:
        print(f"Changes since {_previous(args, outcome.language)}: {summary(outcome.changes)}")
        print(f"  report: {outcome.changes_path}")
    inaccessible = [
        (scenario, step) for scenario in scenarios for step in scenario.steps if step.violations
    ]
    print(f"Guide: {written.main}")
    if inaccessible:
        print(
            f"error: {len(inaccessible)} screen(s) of the {outcome.language} guide have "
            "serious or critical accessibility violations:",
            file=sys.stderr,
        )
        for scenario, step in inaccessible:
            print(f"  {scenario.index}.{step.number}:", file=sys.stderr)
            for violation in step.violations:
                print(f"    - {violation}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
