"""``python -m walkthrough`` (``traces-walkthrough``): make the screenshot guide.

The chosen scenarios run through pytest, with the suite's own steps, page objects and
fresh mock portal; arguments after ``--`` go to pytest unchanged (e.g. ``-- --base-url
URL`` to photograph a running portal started with ``--admin``).
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .capture import recording_locator_actions
from .compare import REPORT, ChangeReport, Edition, EditionError, compare, summary, write_report
from .phrases import Catalogue, CatalogueError
from .recorder import DEFAULT_DISPLAY_ORIGIN, DEFAULT_MOMENT, Recorder, RunOptions
from .render import DEFAULT_FORMATS, FORMATS, LeakError, Written, render
from .view import labels_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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
        choices=("fr", "en"),
        default="fr",
        help="keep features written in this language; the interface follows (default: fr)",
    )
    cli.add_argument(
        "--output", type=Path, help="output folder (default: walkthrough-output/<lang>)"
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
        "(steps added, removed, reworded; pictures that differ, side by side)",
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
        # The portal is reset before each scenario: no mark is needed to tell runs apart.
        "--plain-names",
        "-m",
        args.tags,
        "-q",
        "--tb=short",
        "-o",
        "console_output_style=classic",
    ]
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


def _explain_failure(recorder: Recorder, code: int, args: argparse.Namespace) -> str:
    if code in (
        pytest.ExitCode.INTERRUPTED,
        pytest.ExitCode.INTERNAL_ERROR,
        pytest.ExitCode.USAGE_ERROR,
    ):
        return f"error: pytest stopped ({pytest.ExitCode(code).name}); no guide was written."
    if recorder.failures:
        lines = [f"error: {len(recorder.failures)} scenario(s) failed; no guide was written."]
        for failure in recorder.failures.values():
            lines.append(f"  «{failure.scenario}» failed at {failure.step}: {failure.message}")
        return "\n".join(lines)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED or not recorder.scenarios:
        features = ", ".join(args.features) or "all"
        return (
            f"error: no scenario to photograph (tags {args.tags!r}, language {args.lang}, "
            f"features: {features}). Tag the scenarios of the journey with @{DEFAULT_TAGS}, "
            "or choose others with --tags and --features."
        )
    return f"error: pytest stopped with exit code {int(code)}; no guide was written."


@dataclass
class Outcome:
    """What a walkthrough run did: the recorder's findings, pytest's code, the files."""

    recorder: Recorder
    code: int
    run_seconds: float  # pytest's whole run, the writing of the guide included
    written: Written | None = None
    error: str = ""
    changes: ChangeReport | None = None
    changes_path: Path | None = None


def generate(args: argparse.Namespace, extra: list[str]) -> Outcome:
    """Run the chosen scenarios and write the guide; ``Outcome.error`` says why not."""
    options = RunOptions(
        language=args.lang,
        features=tuple(args.features) or configured_features(),
        features_order_only=not args.features,
        viewport=args.viewport,
        moment=args.clock,
        display_origin=args.display_origin,
        voice="gherkin" if args.gherkin else "guide",
        edition=args.edition,
        accessibility=args.check_accessibility,
    )
    today = args.edition == "today"
    output = args.output or DEFAULT_OUTPUT / (f"{args.lang}-today" if today else args.lang)
    title = args.title or labels_for(args.lang)["title_today" if today else "title"]
    written: list[Written] = []
    try:
        catalogue = Catalogue.load(args.phrases)
        previous = Edition.read(args.compare) if args.compare else None
    except (CatalogueError, EditionError) as exc:
        return Outcome(None, int(pytest.ExitCode.USAGE_ERROR), 0.0, error=f"error: {exc}")
    formats = args.formats
    if previous is not None and "json" not in formats:
        formats = (*formats, "json")  # the change report reads the new manifest too

    def write(browser: Browser | None) -> None:
        written.append(render(recorder.guide(title), output, formats, browser, catalogue))

    # The guide is written while the session's browser is still open, to print the PDF.
    recorder = Recorder(options, on_finish=write)
    started = time.perf_counter()
    with recording_locator_actions(recorder):
        code = pytest.main(pytest_arguments(args, extra), plugins=[recorder])
    outcome = Outcome(recorder, int(code), time.perf_counter() - started)
    if code != pytest.ExitCode.OK or recorder.failures or not recorder.scenarios:
        outcome.error = _explain_failure(recorder, code, args)
        return outcome
    try:
        if recorder.finish_error is not None:
            raise recorder.finish_error
        if not written:  # the session ended without lending its browser
            write(None)
    except LeakError as exc:
        outcome.error = f"error: {exc}"
        return outcome
    outcome.written = written[0]
    if previous is not None:
        outcome.changes = compare(previous.folder, output)
        outcome.changes_path = write_report(outcome.changes, output / REPORT)
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios, write the guide, print its path; non-zero if a scenario failed."""
    own, extra = split_arguments(list(sys.argv[1:] if argv is None else argv))
    args = parser().parse_args(own)
    outcome = generate(args, extra)
    written = outcome.written
    if written is None:
        print(outcome.error, file=sys.stderr)
        return outcome.code or 1
    scenarios = outcome.recorder.scenarios
    steps = sum(len(scenario.steps) for scenario in scenarios)
    timings = ", ".join(f"{fmt} {seconds:.1f}s" for fmt, seconds in written.seconds.items())
    print(
        f"{len(scenarios)} scenario(s), {steps} numbered step(s) in "
        f"{outcome.run_seconds:.1f}s, of which writing {timings}"
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
            f"the guide's voice ({args.lang}); their Gherkin stands in. Add them to "
            "walkthrough/phrases.toml or a --phrases file:",
            file=sys.stderr,
        )
        for definition in sorted(written.missing_phrases):
            print(f"  {definition}", file=sys.stderr)
    for path in written.paths.values():
        if path != written.main:
            print(f"  also: {path}")
    if outcome.changes is not None:
        print(f"Changes since {args.compare}: {summary(outcome.changes)}")
        print(f"  report: {outcome.changes_path}")
    inaccessible = [
        (scenario, step)
        for scenario in outcome.recorder.scenarios
        for step in scenario.steps
        if step.violations
    ]
    print(f"Guide: {written.main}")
    if inaccessible:
        print(
            f"error: {len(inaccessible)} screen(s) have serious or critical accessibility "
            "violations:",
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
