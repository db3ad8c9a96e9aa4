"""The fonts check the set-up runs (``python -m pages.fonts``): it names what this machine
draws differently from the baselines, and which package mends it."""

from __future__ import annotations

import subprocess
import sys

from pages import fonts
from pages.fonts import Face, mismatches


def test_a_family_drawn_by_another_file_is_named_with_its_package(monkeypatch):
    monkeypatch.setattr(
        fonts, "FACES", (Face("DejaVu Sans", "/liberation2/NotThisOne.ttf", "fonts-example"),)
    )
    [sentence] = mismatches()
    assert sentence.startswith("DejaVu Sans is drawn with /")
    assert sentence.endswith(
        "DejaVuSans.ttf, not */liberation2/NotThisOne.ttf (apt-get install fonts-example)"
    )


def test_without_fontconfig_the_check_says_so(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert mismatches() == ["fontconfig's fc-match is missing (apt-get install fontconfig)"]


def test_the_command_fails_on_a_mismatch_and_passes_on_this_machine(monkeypatch, capsys):
    monkeypatch.setattr(fonts, "FACES", (Face("Arial", "/nowhere/Arial.ttf", "fonts-example"),))
    assert fonts.main() == 1
    assert "Arial is drawn with" in capsys.readouterr().err
    passed = subprocess.run([sys.executable, "-m", "pages.fonts"], capture_output=True, text=True)
    assert (passed.returncode, passed.stderr) == (0, "")
