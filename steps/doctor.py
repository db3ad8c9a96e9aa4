"""``./dev doctor``: the suite checked without a browser, each problem with its file and line.

- every step of every feature binds to exactly one step definition (none undefined, none
  ambiguous), and each definition's phrase is said in one language only;
- every step definition is said by some feature, or kept on purpose (``[tool.doctor] kept`` in
  pyproject.toml, with why);
- every tag is a registered marker, or ``@req:ID`` naming a requirement of the catalogue;
- every feature is collected by its test module ``steps/test_<feature>.py``;
- every French @guide scenario has its English twin, step definition for step definition;
- the features pass gherlint, a Gherkin linter (``[tool.gherlint]`` in pyproject.toml).

Run by ``./dev test`` before the browser runs, and in a second or two.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gherkin.parser import Parser
from pytest_bdd.steps import StepFunctionContext

from steps import suite_index
from steps.requirements import Catalogue, UnknownRequirement, requirement_of
from steps.suite_index import ROOT, binding, definition_of, where_defined

PYPROJECT = ROOT / "pyproject.toml"
LANGUAGES = {"fr": "French", "en": "English"}


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Kept:
    """A step phrase no feature says, kept on purpose."""

    definition: str
    phrase: str
    why: str


@dataclass(frozen=True)
class Settings:
    markers: frozenset[str]
    kept: tuple[Kept, ...]

    @classmethod
    def load(cls, pyproject: Path = PYPROJECT) -> Settings:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]
        # "name: what it means" or "name(args): ..." as pytest reads them.
        markers = {
            re.match(r"[\w-]+", line).group() for line in data["pytest"]["ini_options"]["markers"]
        }
        kept = tuple(Kept(**entry) for entry in data.get("doctor", {}).get("kept", []))
        return cls(frozenset(markers), kept)


def _said(context: StepFunctionContext) -> str:
    return f"«{context.parser.name}» ({definition_of(context)})"


# -- Steps and their definitions -------------------------------------------------------------


def binding_problems(
    features: list, definitions: list[StepFunctionContext], settings: Settings
) -> list[Problem]:
    """Undefined and ambiguous steps; phrases said in two languages; phrases said nowhere."""
    found: set[Problem] = set()
    languages: dict[int, set[str]] = defaultdict(set)
    for feature in features:
        path = Path(feature.filename)
        for run in suite_index.runs(feature):
            for step in run.scenario.steps:
                matching = binding(step, definitions)
                if not matching:
                    found.add(
                        Problem(path, step.line_number, f"undefined {step.type} step «{step.name}»")
                    )
                elif len(matching) > 1:
                    where = ", ".join(f"{_said(d)} at {_short(where_defined(d))}" for d in matching)
                    found.add(
                        Problem(path, step.line_number, f"ambiguous step «{step.name}»: {where}")
                    )
                for context in matching:
                    languages[id(context)].add(feature.language)
    kept = {(k.definition, k.phrase) for k in settings.kept}
    for context in definitions:
        said_in = languages.get(id(context), set())
        if len(said_in) > 1:
            named = " and ".join(LANGUAGES.get(code, code) for code in sorted(said_in))
            found.add(
                Problem(
                    *where_defined(context),
                    f"{_said(context)} is said in {named} features: a phrase belongs to one language",
                )
            )
        key = (definition_of(context), context.parser.name)
        if not said_in and key not in kept:
            found.add(
                Problem(
                    *where_defined(context),
                    f"step definition {_said(context)} is said by no feature: delete it, or keep "
                    "it under [tool.doctor] kept in pyproject.toml with why",
                )
            )
        if said_in and key in kept:
            found.add(
                Problem(
                    PYPROJECT,
                    _line_of(PYPROJECT, context.parser.name),
                    f"{_said(context)} is kept as unused, but features say it: take it off the list",
                )
            )
    known = {(definition_of(c), c.parser.name) for c in definitions}
    for entry in settings.kept:
        if (entry.definition, entry.phrase) not in known:
            found.add(
                Problem(
                    PYPROJECT,
                    _line_of(PYPROJECT, entry.phrase),
                    f"kept phrase «{entry.phrase}» ({entry.definition}) is no step definition",
                )
            )
    return sorted(found)


def _short(place: tuple[Path, int]) -> str:
    path, line = place
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    return 1


# -- Tags ------------------------------------------------------------------------------------


def _tags(document: dict) -> Iterable[dict]:
    """Every tag of a parsed Gherkin document, with its location."""
    feature = document.get("feature") or {}
    yield from feature.get("tags", [])
    for child in feature.get("children", []):
        for node in (child.get("scenario"), child.get("rule")):
            if node:
                yield from node.get("tags", [])
                for examples in node.get("examples", []):
                    yield from examples.get("tags", [])


def tag_problems(paths: list[Path], settings: Settings, catalogue: Catalogue) -> list[Problem]:
    found = []
    for path in paths:
        document = Parser().parse(path.read_text(encoding="utf-8"))
        for tag in _tags(document):
            name, line = tag["name"].lstrip("@"), tag["location"]["line"]
            requirement = requirement_of(name)
            if requirement is not None:
                try:
                    catalogue.get(requirement)
                except UnknownRequirement as exc:
                    found.append(Problem(path, line, f"@{name}: {exc}"))
            elif name not in settings.markers:
                found.append(
                    Problem(
                        path, line, f"@{name} is no registered marker (pyproject.toml: markers)"
                    )
                )
    return found


# -- Test modules and twins ------------------------------------------------------------------


def collection_problems(paths: list[Path], steps_folder: Path) -> list[Problem]:
    """Each feature of features/ has its test module, and each test module its feature."""
    found = []
    loaded = {}
    for module in sorted(steps_folder.glob("test_*.py")):
        for name in re.findall(r'scenarios\(\s*"([^"]+)"', module.read_text(encoding="utf-8")):
            loaded[name] = module
    names = {path.name for path in paths}
    for path in paths:
        if path.name not in loaded:
            found.append(
                Problem(path, 1, f"no test module collects it: add steps/test_{path.stem}.py")
            )
    for name, module in loaded.items():
        if name not in names:
            found.append(Problem(module, 1, f"collects {name}, which is no feature of features/"))
    return found


def twin_problems() -> list[Problem]:
    from steps import twins

    return [Problem(suite_index.FEATURES, 1, difference) for difference in twins.differences()]


# -- Gherkin lint ----------------------------------------------------------------------------

_LINT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: (?P<text>.*)$")


def lint_problems(folder: Path) -> list[Problem]:
    """gherlint's findings; its settings are [tool.gherlint] of pyproject.toml, read from ROOT."""
    run = subprocess.run(
        [sys.executable, "-m", "gherlint", "lint", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        return [Problem(folder, 1, f"gherlint failed: {run.stderr.strip()[-500:]}")]
    found = []
    for line in run.stdout.splitlines():
        if matched := _LINT_LINE.match(line):
            path = Path(matched["file"])
            found.append(
                Problem(
                    path if path.is_absolute() else ROOT / path,
                    int(matched["line"]),
                    matched["text"],
                )
            )
    return found


# -- The whole examination -------------------------------------------------------------------


def examine() -> list[Problem]:
    settings, catalogue = Settings.load(), Catalogue.load()
    paths = suite_index.feature_files(suite_index.FEATURES)
    # The deliberate failure of the reports' tests is a feature too: its steps count.
    every = suite_index.feature_files()
    return [
        *binding_problems(
            suite_index.load_features(every), suite_index.step_definitions(), settings
        ),
        *tag_problems(every, settings, catalogue),
        *collection_problems(paths, ROOT / "steps"),
        *twin_problems(),
        *lint_problems(suite_index.FEATURES),
    ]


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        prog="./dev doctor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    ).parse_args(argv)
    problems = examine()
    for problem in problems:
        print(problem)
    counted = len(suite_index.feature_files(suite_index.FEATURES))
    if problems:
        print(f"doctor: {len(problems)} problem(s) in {counted} features", file=sys.stderr)
        return 1
    print(
        f"doctor: {counted} features; every step bound once, every definition said, every tag known"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
