"""The suite's power to catch regressions: semantic mutants of the mock portal, each run
against the tests that concern it.

    .venv/bin/python benchmarks/mutants.py [--only ID ...] [--timeout 300] [--list]

The catalogue (``benchmarks/mutants.toml``) lists small patches of ``mock_portal/``, each
breaking one thing the operators' guide says: a rule, a label, a status, a mail, a screen.
For each mutant the runner copies the working tree (tracked files and untracked ones that
are not ignored) to a temporary folder, applies the patch there and runs, in that copy, the
browser scenarios of the mutant's feature (``pytest steps -m EXPR``), then, if they all
passed, the Flask tests that concern it (on SQLite), each with ``-x``. The first failing
test kills the mutant; a mutant both let pass has survived. Mutation tools that rewrite
operators one by one (mutmut, cosmic-ray) do not fit a browser suite: thousands of
mutants, most of them meaningless to the guide.

Before any mutant, each selection runs once unmutated and must pass: a selection that fails
on the real portal proves nothing. A mutant whose text is not found exactly once in its file
is stale (the code moved on) and is reported, not run. Every run starts in a new session and
the runner adopts orphans, so that no portal or browser outlives its mutant.

It prints killed / survived per mutant, the test that killed it, the kill rate per feature
and in all, and exits non-zero unless every mutant was killed. The output of each run is
kept in ``reports/mutants/``.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from process_check import stop_group

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "benchmarks" / "mutants.toml"
LOGS = ROOT / "reports" / "mutants"
DEFAULT_TIMEOUT = 300
# The packages a run must import from its copy, never from the project's editable install.
PACKAGES = ("mock_portal", "pages", "steps", "tests")
# Settings that would point the suite at another portal, another browser or another
# behaviour of the mock than the mutated copy's own.
_FOREIGN_SETTINGS = (
    "PYTEST_BASE_URL",
    "PYTEST_ADDOPTS",
    "TRACES_TARGET",
    "PLAYWRIGHT_BROWSER_SERVER",
)
_PR_SET_CHILD_SUBREAPER = 36
# Once a timed-out run was asked to stop, how long it may take to close its browsers.
_GRACE_SECONDS = 10
_ESCAPED = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4})")

KILLED, SURVIVED, TIMED_OUT, STALE, BROKEN, ERROR = (
    "killed",
    "survived",
    "timed out",
    "stale",
    "selection broken",
    "error",
)


# -- The catalogue ------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What a mutant runs: scenarios by marker expression, then Flask tests by path."""

    scenarios: str
    tests: tuple[str, ...]

    def stages(self) -> list[tuple[str, list[str]]]:
        """The pytest arguments of each stage, browser scenarios first."""
        stages = [("scenarios", ["steps", "-m", self.scenarios])]
        if self.tests:
            # SQLite alone: PostgreSQL would double the time and catch no other rule.
            stages.append(("tests", [*self.tests, "--backends", "sqlite"]))
        return stages


class StaleMutant(Exception):
    """The mutant's text is not in its file exactly once."""


@dataclass(frozen=True)
class Mutant:
    """One regression of the portal, as a patch of one file."""

    id: str
    feature: str
    description: str
    file: str
    find: str
    replace: str
    selection: Selection

    def occurrences(self, root: Path) -> int:
        """How many times the text to replace is found in the file under ``root``."""
        path = root / self.file
        return path.read_text(encoding="utf-8").count(self.find) if path.is_file() else 0

    def apply(self, root: Path) -> None:
        """Patch the file under ``root``; ``StaleMutant`` unless the text is there once."""
        count = self.occurrences(root)
        if count != 1:
            raise StaleMutant(f"{self.id}: {self.file} holds its text {count} times, not once")
        path = root / self.file
        path.write_text(
            path.read_text(encoding="utf-8").replace(self.find, self.replace), encoding="utf-8"
        )


@dataclass(frozen=True)
class Catalogue:
    """The features' selections and the mutants."""

    selections: dict[str, Selection]
    mutants: tuple[Mutant, ...]

    def chosen(self, ids: Iterable[str] | None) -> list[Mutant]:
        """The mutants named (all of them when ``ids`` is empty), in the catalogue's order."""
        if not ids:
            return list(self.mutants)
        wanted = set(ids)
        if unknown := wanted - {mutant.id for mutant in self.mutants}:
            raise ValueError(f"no mutant {', '.join(sorted(unknown))} in the catalogue")
        return [mutant for mutant in self.mutants if mutant.id in wanted]


def _selection(table: dict, fallback: Selection | None = None) -> Selection:
    scenarios = table.get("scenarios", fallback.scenarios if fallback else None)
    tests = table.get("tests", fallback.tests if fallback else ())
    if not scenarios:
        raise ValueError(f"a selection needs its scenarios (a marker expression): {table}")
    return Selection(scenarios, tuple(tests))


def load_catalogue(path: Path = CATALOGUE) -> Catalogue:
    """Read the catalogue; every mutant's feature must have a selection, every id be unique."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    selections = {name: _selection(table) for name, table in data.get("feature", {}).items()}
    mutants = []
    for entry in data.get("mutant", []):
        if entry["feature"] not in selections:
            raise ValueError(f"{entry['id']}: no [feature.{entry['feature']}] in {path.name}")
        fields = {key: entry[key] for key in ("id", "feature", "description", "file", "find")}
        selection = _selection(entry, selections[entry["feature"]])
        mutants.append(Mutant(**fields, replace=entry["replace"], selection=selection))
    ids = [mutant.id for mutant in mutants]
    if duplicates := {name for name in ids if ids.count(name) > 1}:
        raise ValueError(f"mutant ids used twice: {', '.join(sorted(duplicates))}")
    return Catalogue(selections, tuple(mutants))


# -- A copy of the working tree ------------------------------------------------------------


def working_tree_files(root: Path = ROOT) -> list[str]:
    """Tracked files and untracked ones not ignored: the project as it stands, without its
    virtual environments, reports and caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    # A tracked file deleted in the working tree is listed but gone.
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


@contextmanager
def workspace(files: list[str], root: Path = ROOT) -> Iterator[Path]:
    """A temporary copy of ``files``, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="traces-mutant-"))
    try:
        for name in files:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_environment(copy: Path) -> dict[str, str]:
    """This process's environment for a run in ``copy``: the copy first on the path, and no
    setting that would send the suite elsewhere."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in _FOREIGN_SETTINGS and not name.startswith("MOCK_PORTAL_")
    }
    environment["PYTHONPATH"] = str(copy)
    return environment


def check_imports_from(copy: Path) -> None:
    """Prove that a run in ``copy`` imports the copy's packages: the project is installed in
    editable mode, and a run that imported the unmutated portal would let every mutant
    survive."""
    probe = "; ".join(f"import {name}; print({name}.__file__)" for name in PACKAGES)
    found = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=copy,
        env=run_environment(copy),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    outside = [path for path in found if not Path(path).resolve().is_relative_to(copy.resolve())]
    if outside or len(found) != len(PACKAGES):
        raise RuntimeError(f"a run in {copy} would import {outside or found}, not the copy")


# -- Running pytest in a copy --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """How one pytest run ended."""

    code: int | None  # None: timed out
    failing: str | None = None
    reason: str | None = None

    @property
    def passed(self) -> bool:
        return self.code == 0

    @property
    def failed(self) -> bool:
        """A test failed (or a module could not be collected): the suite noticed."""
        return self.code in (1, 2) and self.failing is not None


def adopt_orphans() -> None:
    """Become the parent of every process a run leaves behind (browsers are started in
    sessions of their own), so that each run can end them all."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def end_leftovers() -> None:
    """Kill whatever a finished run left running (a browser, a portal), then reap it."""
    for pid in _descendants(os.getpid()):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _unescaped(text: str) -> str:
    # pytest writes the non-ASCII letters of parametrised ids as \xe9 and \u2019.
    return _ESCAPED.sub(lambda match: chr(int(match.group(1)[1:], 16)), text)


def _node_id(copy: Path, classname: str, name: str) -> str:
    """``steps/test_x.py::test_y`` from JUnit's ``steps.test_x`` and ``test_y``."""
    name = _unescaped(name)
    parts = classname.split(".") if classname else []
    for cut in range(len(parts), 0, -1):
        module = Path(*parts[:cut]).with_suffix(".py")
        if (copy / module).is_file():
            return "::".join([module.as_posix(), *parts[cut:], name])
    return "::".join([*parts, name])


def first_failure(junit: Path, copy: Path) -> tuple[str, str] | None:
    """The first failing test of a JUnit report, and the first line of why."""
    if not junit.is_file():
        return None
    for case in ElementTree.parse(junit).iter("testcase"):
        for outcome in case:
            if outcome.tag in ("failure", "error"):
                lines = (outcome.get("message") or outcome.text or "").strip().splitlines()
                node = _node_id(copy, case.get("classname", ""), case.get("name", ""))
                return node, (lines[0] if lines else "")[:200]
    return None


def run_pytest(arguments: list[str], copy: Path, log: Path, timeout: float) -> Run:
    """``pytest ARGUMENTS -x`` in ``copy`` with this Python (the project's virtual
    environment's), within ``timeout`` seconds; its output goes to ``log``."""
    junit = copy / "mutant-junit.xml"
    junit.unlink(missing_ok=True)
    command = [
        *(sys.executable, "-m", "pytest", *arguments),
        *("-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", f"--junitxml={junit}"),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command,
            cwd=copy,
            env=run_environment(copy),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=max(timeout, 1))
        except subprocess.TimeoutExpired:
            # SIGTERM first: Playwright's driver closes its browsers on it.
            stop_group(process, timeout=_GRACE_SECONDS)
            code = None
        finally:
            end_leftovers()
    failure = first_failure(junit, copy)
    return Run(code, *(failure or (None, None)))


# -- Verdicts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What became of one mutant."""

    mutant: Mutant
    result: str
    stage: str | None = None  # which stage killed it: scenarios or tests
    test: str | None = None
    detail: str | None = None
    seconds: float = 0.0


def run_selection(selection: Selection, copy: Path, label: str, timeout: float) -> tuple[str, Run]:
    """Run the stages of ``selection`` in ``copy`` until one does not pass; the last stage
    run and how it ended."""
    deadline = time.monotonic() + timeout
    stage, run = "", Run(0)
    for stage, arguments in selection.stages():
        run = run_pytest(
            arguments, copy, LOGS / f"{label}.{stage}.log", deadline - time.monotonic()
        )
        if not run.passed:
            break
    return stage, run


def judge(mutant: Mutant, files: list[str], timeout: float) -> Verdict:
    """Apply ``mutant`` to a fresh copy and run its selection there."""
    started = time.monotonic()
    with workspace(files) as copy:
        try:
            mutant.apply(copy)
        except StaleMutant as stale:
            return Verdict(mutant, STALE, detail=str(stale))
        check_imports_from(copy)
        stage, run = run_selection(mutant.selection, copy, mutant.id, timeout)
    seconds = time.monotonic() - started
    if run.code is None:
        return Verdict(mutant, TIMED_OUT, stage, seconds=seconds)
    if run.passed:
        return Verdict(mutant, SURVIVED, seconds=seconds)
    if run.failed:
        return Verdict(mutant, KILLED, stage, run.failing, run.reason, seconds)
    return Verdict(mutant, ERROR, stage, detail=f"pytest exited {run.code}", seconds=seconds)


def check_baselines(
    mutants: list[Mutant], catalogue: Catalogue, files: list[str], timeout: float
) -> dict[Selection, str]:
    """Run each selection the mutants use once, unmutated; the broken ones, with why."""
    broken: dict[Selection, str] = {}
    labels = {selection: feature for feature, selection in catalogue.selections.items()}
    with workspace(files) as copy:
        check_imports_from(copy)
        for selection in dict.fromkeys(mutant.selection for mutant in mutants):
            label = labels.get(selection) or next(
                mutant.id for mutant in mutants if mutant.selection == selection
            )
            started = time.monotonic()
            stage, run = run_selection(selection, copy, f"baseline-{label}", timeout)
            if run.passed:
                print(
                    f"  baseline {label:<40} passed   {time.monotonic() - started:6.1f} s",
                    flush=True,
                )
                continue
            why = "timed out" if run.code is None else run.failing or f"pytest exited {run.code}"
            broken[selection] = f"{stage}: {why}"
            print(f"  baseline {label:<40} BROKEN   {stage}: {why}", flush=True)
    return broken


def measure(mutants: list[Mutant], catalogue: Catalogue, timeout: float) -> list[Verdict]:
    """The verdict on each mutant, in the catalogue's order, printed as it comes."""
    stale = [
        Verdict(m, STALE, detail="text not found once") for m in mutants if m.occurrences(ROOT) != 1
    ]
    runnable = [mutant for mutant in mutants if mutant.occurrences(ROOT) == 1]
    files = working_tree_files()
    print(f"{len(mutants)} mutants, {len(stale)} stale; their selections, unmutated:", flush=True)
    broken = check_baselines(runnable, catalogue, files, timeout)
    verdicts = [*stale]
    for mutant in runnable:
        if mutant.selection in broken:
            verdict = Verdict(mutant, BROKEN, detail=broken[mutant.selection])
        else:
            verdict = judge(mutant, files, timeout)
        verdicts.append(verdict)
        where = f"  ({verdict.stage}: {verdict.test})" if verdict.test else ""
        print(f"  {mutant.id:<40} {verdict.result:<10} {verdict.seconds:6.1f} s{where}", flush=True)
    order = {mutant.id: index for index, mutant in enumerate(mutants)}
    return sorted(verdicts, key=lambda verdict: order[verdict.mutant.id])


# -- Report -------------------------------------------------------------------------------


def print_table(verdicts: list[Verdict]) -> None:
    width = max(len(verdict.mutant.id) for verdict in verdicts)
    print(f"\n{'mutant':<{width}}  {'feature':<17} {'result':<10} killed by")
    for verdict in verdicts:
        killer = f"{verdict.stage}: {verdict.test}" if verdict.test else verdict.detail or ""
        print(
            f"{verdict.mutant.id:<{width}}  {verdict.mutant.feature:<17} {verdict.result:<10} {killer}"
        )


def kill_rates(verdicts: list[Verdict]) -> dict[str, tuple[int, int, int]]:
    """Per feature, then ``total``: (killed, killed by a scenario, mutants)."""
    rates: dict[str, tuple[int, int, int]] = {}
    for key in [*dict.fromkeys(verdict.mutant.feature for verdict in verdicts), "total"]:
        mine = [v for v in verdicts if key in ("total", v.mutant.feature)]
        killed = [v for v in mine if v.result == KILLED]
        by_scenario = [v for v in killed if v.stage == "scenarios"]
        rates[key] = (len(killed), len(by_scenario), len(mine))
    return rates


def print_rates(verdicts: list[Verdict]) -> None:
    print(f"\n{'feature':<17} {'killed':>9} {'by a scenario':>14} {'rate':>6}")
    for feature, (killed, by_scenario, total) in kill_rates(verdicts).items():
        print(f"{feature:<17} {killed:>4} / {total:<2} {by_scenario:>14} {killed / total:>6.0%}")


def list_catalogue(mutants: list[Mutant]) -> int:
    stale = 0
    for mutant in mutants:
        found = mutant.occurrences(ROOT)
        stale += found != 1
        mark = "" if found == 1 else f"  STALE (found {found} times)"
        print(f"{mutant.id:<40} {mutant.feature:<16} {mutant.description}{mark}")
    print(f"\n{len(mutants)} mutants, {stale} stale")
    return 1 if stale else 0


def main(argv: list[str]) -> int:
    cli = argparse.ArgumentParser(prog="benchmarks/mutants.py", description=__doc__.split("\n")[0])
    cli.add_argument("--only", nargs="+", metavar="ID", help="run these mutants only")
    cli.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds per mutant, and per baseline selection (default {DEFAULT_TIMEOUT})",
    )
    cli.add_argument("--list", action="store_true", help="list the catalogue, flag stale mutants")
    args = cli.parse_args(argv)
    catalogue = load_catalogue()
    try:
        mutants = catalogue.chosen(args.only)
    except ValueError as error:
        cli.error(str(error))
    if args.list:
        return list_catalogue(mutants)

    started = time.monotonic()
    adopt_orphans()
    verdicts = measure(mutants, catalogue, args.timeout)
    print_table(verdicts)
    print_rates(verdicts)
    minutes, seconds = divmod(time.monotonic() - started, 60)
    print(
        f"\ntotal time {int(minutes)} min {seconds:.0f} s; the runs' output is in {LOGS.relative_to(ROOT)}/"
    )
    return 0 if all(verdict.result == KILLED for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
