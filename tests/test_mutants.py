"""The catalogue of mutants (``benchmarks/mutants.toml``) against the code it patches and the
suite it selects: cheap checks, nothing run. ``./dev mutants`` is what runs the mutants."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression
from pytest_bdd.parser import FeatureParser

from benchmarks.mutants import ROOT, Catalogue, load_catalogue, working_tree_files, workspace

CATALOGUE = load_catalogue()
FEATURES = ROOT / "features"
_OPERATORS = {"and", "or", "not"}


def _markers() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = pyproject["tool"]["pytest"]["ini_options"]["markers"]
    return {re.split(r"[:(]", line, maxsplit=1)[0].strip() for line in lines}


def _scenario_tags() -> list[set[str]]:
    """The tags of each scenario of features/, its feature's included."""
    tags = []
    for path in sorted(FEATURES.glob("*.feature")):
        feature = FeatureParser(str(FEATURES), path.name).parse()
        tags += [feature.tags | scenario.tags for scenario in feature.scenarios.values()]
    return tags


def _has_marker(tags: set[str]):
    """A matcher of ``-m`` expressions for a scenario tagged ``tags``."""
    return lambda name, **_arguments: name in tags


def _digests(root: Path, files: list[str]) -> dict[str, str]:
    return {name: hashlib.sha256((root / name).read_bytes()).hexdigest() for name in files}


def _selections(catalogue: Catalogue):
    """Every selection the catalogue runs, named by its feature or its mutant."""
    named = {selection: feature for feature, selection in catalogue.selections.items()}
    for mutant in catalogue.mutants:
        named.setdefault(mutant.selection, mutant.id)
    return [(name, selection) for selection, name in named.items()]


@pytest.mark.parametrize("mutant", CATALOGUE.mutants, ids=lambda mutant: mutant.id)
def test_mutant_text_is_found_exactly_once_in_its_file(mutant):
    found = mutant.occurrences(ROOT)
    assert found == 1, (
        f"stale mutant {mutant.id}: {mutant.file} holds its text {found} times; "
        "update benchmarks/mutants.toml to the code as it is now"
    )
    assert mutant.replace != mutant.find


def test_each_feature_is_a_marker_of_the_suite_and_has_mutants():
    assert set(CATALOGUE.selections) <= _markers()
    assert {mutant.feature for mutant in CATALOGUE.mutants} == set(CATALOGUE.selections)


@pytest.mark.parametrize(
    ("name", "selection"), _selections(CATALOGUE), ids=[n for n, _s in _selections(CATALOGUE)]
)
def test_each_selection_picks_scenarios_and_existing_tests(name, selection):
    words = set(re.findall(r"[A-Za-z_]\w*", selection.scenarios)) - _OPERATORS
    assert words <= _markers(), f"{name}: unknown markers {words - _markers()}"
    expression = Expression.compile(selection.scenarios)
    picked = [tags for tags in _scenario_tags() if expression.evaluate(_has_marker(tags))]
    assert picked, f"{name}: -m {selection.scenarios!r} selects no scenario"
    for test in selection.tests:
        assert (ROOT / test.split("::")[0]).is_file(), f"{name}: no {test}"


def test_applying_a_mutant_to_a_copy_changes_exactly_its_file():
    files = working_tree_files()
    assert "benchmarks/mutants.toml" in files
    assert not any(name.startswith(".venv/") for name in files)
    originals = _digests(ROOT, [mutant.file for mutant in CATALOGUE.mutants])
    with workspace(files) as copy:
        before = _digests(copy, files)
        for mutant in CATALOGUE.mutants:
            kept = (copy / mutant.file).read_bytes()
            mutant.apply(copy)
            after = _digests(copy, files)
            assert {name for name in files if after[name] != before[name]} == {mutant.file}
            (copy / mutant.file).write_bytes(kept)
    assert _digests(ROOT, list(originals)) == originals
