"""The fonts the portal's screens are drawn with, and whether this machine draws them so.

The pages ask for DejaVu Sans (``portal.css``), the one-time codes for DejaVu Sans Mono.
Chromium draws form controls in its own sans-serif family, Arial, which fontconfig
resolves to Liberation Sans. Debian has two editions of it: Chromium's package pulls in
the first (``fonts-liberation``), LibreOffice the second (``fonts-liberation2``), whose
glyphs are drawn a pixel apart. The guide's pictures and the visual baselines are taken
with the second, so the set-up installs it, and a machine with only the first fails
every screen that shows a filled-in field.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Face:
    """A family the screens ask for, and the font file that must draw it."""

    family: str
    file: str  # the end of the path fontconfig must resolve the family to
    package: str


FACES = (
    Face("DejaVu Sans", "/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    Face("DejaVu Sans Mono", "/dejavu/DejaVuSansMono.ttf", "fonts-dejavu-core"),
    Face("Arial", "/liberation2/LiberationSans-Regular.ttf", "fonts-liberation2"),
)


def resolved(family: str) -> str | None:
    """The font file fontconfig draws ``family`` with, or None without fontconfig."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    found = subprocess.run(
        [fc_match, "--format=%{file}", family], capture_output=True, text=True, timeout=30
    )
    return found.stdout.strip() or None


def mismatches() -> list[str]:
    """What this machine draws differently from the baselines, one sentence each."""
    if shutil.which("fc-match") is None:
        return ["fontconfig's fc-match is missing (apt-get install fontconfig)"]
    wrong = []
    for face in FACES:
        file = resolved(face.family)
        if file is None or not file.endswith(face.file):
            wrong.append(
                f"{face.family} is drawn with {file or 'no font'}, not *{face.file} "
                f"(apt-get install {face.package})"
            )
    return wrong


def main() -> int:
    """``python -m pages.fonts``: exit 1, saying why, when a face resolves elsewhere."""
    wrong = mismatches()
    for sentence in wrong:
        print(sentence, file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
