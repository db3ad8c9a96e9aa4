"""The guide's voice: the sentence each step definition says to the reader.

Captions keep the scenario's Gherkin; when the guide is written, each caption becomes the
phrase its step definition has in ``phrases.toml`` (or in a catalogue given with
``--phrases``), filled with the step's arguments. Phrases are looked up by step
definition, never by rewriting the Gherkin text, so that a scenario may word a step as it
likes and the guide still says it as the operators' guide does.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CATALOGUE = Path(__file__).with_name("phrases.toml")
LANGUAGES = ("fr", "en")
# Today's edition (every sign-in with the EU Login Mobile App): a phrase may say a step
# otherwise there, under ``fr_today`` / ``en_today``.
TODAY = "today"


class CatalogueError(ValueError):
    """A phrase catalogue that cannot be used as it is."""


@dataclass(frozen=True)
class Note:
    """One of the guide's warnings, set in a box."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Phrase:
    """What a step definition says, in one language, and the notes it carries."""

    template: str
    notes_before: tuple[str, ...] = ()
    notes_after: tuple[str, ...] = ()

    def fields(self) -> set[str]:
        """The argument names the template uses."""
        return {name for _, name, _, _ in string.Formatter().parse(self.template) if name}


def definition_of(step_func: Callable) -> str:
    """A step definition's key in the catalogue: ``module:function``."""
    return f"{step_func.__module__}:{step_func.__name__}"


def step_arguments(step_func: Callable, step_name: str) -> dict[str, str]:
    """The arguments that ``step_func``'s parser reads in ``step_name``, as text."""
    from pytest_bdd.steps import step_function_context_registry

    for context in list(step_function_context_registry.values()):
        if context.step_func is step_func and context.parser.is_matching(step_name):
            parsed = context.parser.parse_arguments(step_name) or {}
            return {name: str(value) for name, value in parsed.items()}
    return {}


class Catalogue:
    """Phrases by step definition and language, and the notes they refer to."""

    def __init__(self, steps: dict[str, dict[str, Phrase]], notes: dict[str, dict[str, Note]]):
        self.steps = steps
        self.notes = notes

    @classmethod
    def load(cls, paths: Iterable[Path] = ()) -> Catalogue:
        """The built-in catalogue, each of ``paths`` added over it (later ones win)."""
        steps: dict[str, dict[str, Phrase]] = {}
        notes: dict[str, dict[str, Note]] = {}
        for path in (CATALOGUE, *paths):
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise CatalogueError(f"cannot read the phrase catalogue {path}: {exc}") from None
            for key, entry in data.get("notes", {}).items():
                notes[key] = _notes(path, key, entry)
            for key, entry in data.items():
                if key != "notes":
                    steps[key] = _phrases(path, key, entry)
        for key, phrases in steps.items():
            for phrase in phrases.values():
                for note in (*phrase.notes_before, *phrase.notes_after):
                    if note not in notes:
                        raise CatalogueError(f"{key} refers to the note {note!r}, not defined")
        return cls(steps, notes)

    def phrase(self, definition: str, language: str, edition: str = "guide") -> Phrase | None:
        """The phrase of ``definition`` in ``language`` (its own words in today's edition,
        where it has some); None when there is none."""
        phrases = self.steps.get(definition, {})
        if edition == TODAY and f"{language}_{TODAY}" in phrases:
            return phrases[f"{language}_{TODAY}"]
        return phrases.get(language)

    def note(self, key: str, language: str) -> Note:
        """The note ``key`` in ``language``."""
        return self.notes[key][language]


def _phrases(path: Path, key: str, entry: object) -> dict[str, Phrase]:
    if ":" not in key or not isinstance(entry, dict):
        raise CatalogueError(f"{path}: [{key}] must be a table named module:function")
    before, after = entry.get("notes_before", []), entry.get("notes_after", [])
    phrases = {}
    for language in LANGUAGES:
        template = entry.get(language)
        if not isinstance(template, str):
            raise CatalogueError(f"{path}: [{key}] has no {language} phrase")
        try:
            list(string.Formatter().parse(template))
        except ValueError as exc:
            raise CatalogueError(f"{path}: [{key}] {language}: {exc}") from None
        phrases[language] = Phrase(template, tuple(before), tuple(after))
        today = entry.get(f"{language}_{TODAY}")
        if today is not None:
            if not isinstance(today, str):
                raise CatalogueError(f"{path}: [{key}] {language}_{TODAY} must be a text")
            phrases[f"{language}_{TODAY}"] = Phrase(today, tuple(before), tuple(after))
    return phrases


def _notes(path: Path, key: str, entry: object) -> dict[str, Note]:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{path}: [notes.{key}] must be a table")
    notes = {}
    for language in LANGUAGES:
        text, title = entry.get(language), entry.get(f"title_{language}")
        if not isinstance(text, str) or not isinstance(title, str):
            raise CatalogueError(f"{path}: [notes.{key}] needs {language} and title_{language}")
        notes[language] = Note(key, title, text)
    return notes
