"""Keeping passwords and captcha codes out of the guide's text.

Values typed into password fields are removed wherever they appear. Values typed into
captcha fields are removed only where a step names them as an argument: the test
portal's code is the word "TRACES", which the guide must still be able to print in
"TRACES NT".
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Caption

REDACTED = "••••••••"
# Shorter values cannot be hunted through free text without mangling words.
MIN_HUNTED_LENGTH = 6


class Redactor:
    """Replaces the run's secrets with ``REDACTED``."""

    def __init__(self, secrets: Iterable[str], weak_secrets: Iterable[str] = ()):
        self.secrets = {s for s in secrets if s}
        self.weak_secrets = {s for s in weak_secrets if s}
        # Longest first, so that a secret containing another is replaced whole.
        self._hunted = sorted(
            (s for s in self.secrets if len(s) >= MIN_HUNTED_LENGTH), key=len, reverse=True
        )

    def text(self, value: str) -> str:
        """``value`` without any password typed during the run."""
        for secret in self._hunted:
            value = value.replace(secret, REDACTED)
        return value

    def caption(self, caption: Caption) -> str:
        """The caption's text, without the secrets it names as arguments nor any password."""
        text = caption.text
        typed = self.secrets | self.weak_secrets
        for argument in sorted(caption.arguments, key=len, reverse=True):
            if argument in typed:
                text = text.replace(argument, REDACTED)
        return self.text(text)

    def values(self, values: Iterable[tuple[str, str]]) -> dict[str, str]:
        """A step's parsed arguments, each typed secret replaced whole, then hunted."""
        typed = self.secrets | self.weak_secrets
        return {name: REDACTED if value in typed else self.text(value) for name, value in values}

    def leaks(self, rendered: str) -> list[str]:
        """The hunted secrets still present in ``rendered`` (a bug guard: should be none)."""
        return [secret for secret in self._hunted if secret in rendered]
