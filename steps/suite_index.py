"""The suite read without running it: its feature files, their scenarios with each example
rendered, and the step definition each step binds to, matched as pytest-bdd matches it.

The doctor, the requirements' coverage and the guide's structure tests read the suite through
here; nothing in it opens a browser or a portal.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

import steps

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"
# Features that only the tests of the reports collect, by naming their module.
CHECKS = ROOT / "steps" / "checks"


def step_definitions() -> list[StepFunctionContext]:
    """Every step definition of the suite: the ``steps/*_steps.py`` modules, imported."""
    for module in pkgutil.iter_modules(steps.__path__):
        if module.name.endswith("_steps"):
            importlib.import_module(f"steps.{module.name}")
    return [
        context
        for context in list(step_function_context_registry.values())
        if context.step_func.__module__.startswith("steps.")
    ]


def definition_of(context: StepFunctionContext) -> str:
    """A step definition's name: ``module:function``."""
    return f"{context.step_func.__module__}:{context.step_func.__name__}"


def where_defined(context: StepFunctionContext) -> tuple[Path, int]:
    """The file and line of a step definition's function."""
    function = inspect.unwrap(context.step_func)
    return Path(inspect.getsourcefile(function)), inspect.getsourcelines(function)[1]


def feature_files(*folders: Path) -> list[Path]:
    """The ``.feature`` files of ``folders`` (default: features/ and steps/checks/), by name."""
    return sorted(p for folder in folders or (FEATURES, CHECKS) for p in folder.glob("*.feature"))


def load_features(paths: list[Path]) -> list[Feature]:
    return [get_features([str(path)])[0] for path in paths]


@dataclass(frozen=True)
class Run:
    """One scenario as pytest-bdd runs it: an outline once per example, its steps rendered."""

    feature: Feature
    template: ScenarioTemplate
    scenario: Scenario
    example: dict[str, str] | None


def runs(feature: Feature) -> Iterator[Run]:
    for template in feature.scenarios.values():
        contexts = [context for examples in template.examples for context in examples.as_contexts()]
        for context in contexts or [None]:
            yield Run(feature, template, template.render(context or {}), context)


def binding(step: Step, definitions: list[StepFunctionContext]) -> list[StepFunctionContext]:
    """The definitions a step matches: of its type (an «And» takes the type before it) or
    typeless (``@step``), whose parser matches its text."""
    return [
        d for d in definitions if d.type in (None, step.type) and d.parser.is_matching(step.name)
    ]
