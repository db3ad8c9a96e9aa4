"""The guide's requirements (``features/requirements.toml``) and the scenarios' ``@req:ID`` tags.

A scenario names the requirements it covers with tags such as ``@req:REG-8``. pytest-bdd
would make each tag a marker of its own name, which ``--strict-markers`` refuses; here each
becomes the one registered marker ``req`` with the id as argument, so that a run selects by
requirement with ``-m "req(id='REG-8')"``. A tag naming no requirement of the catalogue stops
the collection of its feature at once, with the ids it could have meant.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "features" / "requirements.toml"
TAG_PREFIX = "req:"
MARKER = "req"


@dataclass(frozen=True)
class Part:
    id: str
    title: str


@dataclass(frozen=True)
class Requirement:
    id: str
    part: str
    statement: str
    source: str


class UnknownRequirement(ValueError):
    """A tag names an id the catalogue does not have."""


@dataclass(frozen=True)
class Catalogue:
    parts: tuple[Part, ...]
    requirements: tuple[Requirement, ...]

    @classmethod
    def load(cls, path: Path = CATALOGUE) -> Catalogue:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parts = tuple(Part(**part) for part in data.get("part", []))
        requirements = tuple(Requirement(**entry) for entry in data.get("requirement", []))
        catalogue = cls(parts, requirements)
        catalogue._check(path)
        return catalogue

    def _check(self, path: Path) -> None:
        """Ids unique, and every requirement in a part the catalogue names."""
        seen: set[str] = set()
        parts = {part.id for part in self.parts}
        for requirement in self.requirements:
            if requirement.id in seen:
                raise ValueError(f"{path}: requirement {requirement.id} is listed twice")
            if requirement.part not in parts:
                raise ValueError(
                    f"{path}: {requirement.id} is in part {requirement.part!r}, not listed"
                )
            seen.add(requirement.id)

    @property
    def ids(self) -> list[str]:
        return [requirement.id for requirement in self.requirements]

    def get(self, requirement_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        close = difflib.get_close_matches(requirement_id, self.ids, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownRequirement(
            f"no requirement {requirement_id!r} in {CATALOGUE.relative_to(ROOT)}{hint}"
        )

    def in_part(self, part: Part) -> list[Requirement]:
        return [r for r in self.requirements if r.part == part.id]


@cache
def catalogue() -> Catalogue:
    return Catalogue.load()


def requirement_of(tag: str) -> str | None:
    """The id a ``req:ID`` tag names; None for any other tag."""
    return tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else None


def pytest_bdd_apply_tag(tag: str, function):
    requirement_id = requirement_of(tag)
    if requirement_id is None:
        return None  # pytest-bdd's own: the tag is a marker of its name
    try:
        catalogue().get(requirement_id)
    except UnknownRequirement as exc:
        raise pytest.UsageError(f"@{tag}: {exc}") from None
    getattr(pytest.mark, MARKER)(id=requirement_id)(function)
    return True
