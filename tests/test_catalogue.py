"""The French catalogue covers every user-facing string, and its compiled form is current."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mock_portal"
CATALOGUE = PACKAGE / "translations" / "fr" / "LC_MESSAGES"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def _source_messages() -> set[tuple[str | None, str]]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.add((context, singular))
    return found


def _po():
    with (CATALOGUE / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale="fr")


def test_every_string_of_the_portal_has_a_french_translation():
    catalogue = _po()
    missing = []
    for context, singular in sorted(_source_messages(), key=lambda m: (m[0] or "", m[1])):
        entry = catalogue.get(singular, context=context)
        strings = entry.string if entry else None
        if isinstance(strings, tuple):
            strings = all(strings)
        if not strings or (entry and entry.fuzzy):
            missing.append(f"{context + ': ' if context else ''}{singular}")
    assert not missing, "No French translation for:\n" + "\n".join(missing)


def _flat(value):
    # Plural entries come back as lists from .mo files and as tuples from .po files.
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "messages.mo").open("rb") as mo_file:
        compiled = {(m.context, _flat(m.id)): _flat(m.string) for m in read_mo(mo_file) if m.id}
    written = {(m.context, _flat(m.id)): _flat(m.string) for m in _po() if m.id and not m.fuzzy}
    assert compiled == written, "messages.mo is stale: run pybabel compile"
