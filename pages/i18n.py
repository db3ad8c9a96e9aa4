"""Names in both interface languages, so that one page object serves French and English.

Page objects name every control with ``either(french, english)`` and every form field with
``label(french, english)``: the locator matches whichever language the portal shows, and
nothing needs to know which one it is.
"""

import re

__all__ = ["either", "ending_with", "label", "starting_with"]

# A mandatory field's label ends with a red "*": hidden from assistive tech (aria-hidden),
# but part of the label's text, which is what Playwright's get_by_label reads.
_MANDATORY_MARK = r"(?:\s*\*)?"


def _alternatives(*names: str) -> str:
    return "(?:" + "|".join(re.escape(name) for name in names) + ")"


def either(french: str, english: str) -> re.Pattern[str]:
    """The whole text, in French or in English (surrounding spaces ignored)."""
    return re.compile(rf"^\s*{_alternatives(french, english)}\s*$")


def starting_with(french: str, english: str) -> re.Pattern[str]:
    """A text that begins with ``french`` or ``english``, such as a greeting before a name."""
    return re.compile(rf"^\s*{_alternatives(french, english)}")


def ending_with(french: str, english: str) -> re.Pattern[str]:
    """A text that ends with ``french`` or ``english``, such as a heading after a back arrow."""
    return re.compile(rf"{_alternatives(french, english)}\s*$")


def label(*names: str) -> re.Pattern[str]:
    """A field's whole label, any of ``names``, with or without the mandatory-field mark."""
    return re.compile(rf"^\s*{_alternatives(*names)}{_MANDATORY_MARK}\s*$")
