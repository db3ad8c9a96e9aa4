"""Where the system's Chromium is, and how Playwright must launch it here.

Playwright cannot download its own browsers on this machine, so the suite and
the walkthrough both drive the distribution's Chromium through
``executable_path``. Headless runs prefer Debian's ``chromium-headless-shell``: the
same engine without the browser's user interface, at about half the CPU.
"""

import json
import os
import shutil
import sys
from pathlib import Path

CHROMIUM_ENV = "CHROMIUM_PATH"
HEADLESS_SHELL_ENV = "CHROMIUM_HEADLESS_SHELL_PATH"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_HEADLESS_SHELL_CANDIDATES = ("chromium-headless-shell",)

# Without the background-networking switches Chromium keeps dialling out,
# which a closed network refuses many times a second.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--font-render-hinting=none",
    # Redraw whole frames: partial raster leaves one-shade differences from run to run,
    # and screenshots (reports, walkthrough) must repeat exactly.
    "--disable-partial-raster",
]


class ChromiumNotFound(RuntimeError):
    """No Chromium binary could be found."""


def _configured(variable: str) -> str | None:
    configured = os.environ.get(variable)
    if not configured:
        return None
    if Path(configured).is_file() and os.access(configured, os.X_OK):
        return configured
    raise ChromiumNotFound(f"{variable}={configured} is not an executable file.")


def find_headless_shell() -> str | None:
    """Path of Chromium's headless shell: ``$CHROMIUM_HEADLESS_SHELL_PATH``, else the first
    on PATH; None when there is none."""
    if configured := _configured(HEADLESS_SHELL_ENV):
        return configured
    return next(filter(None, map(shutil.which, _HEADLESS_SHELL_CANDIDATES)), None)


def find_chromium(headless: bool = False) -> str:
    """Path of the Chromium to drive: ``$CHROMIUM_PATH`` if set; else, for a headless run,
    the headless shell if installed; else the first Chromium on PATH."""
    if configured := _configured(CHROMIUM_ENV):
        return configured
    if headless and (shell := find_headless_shell()):
        return shell
    for name in _CANDIDATES:
        if found := shutil.which(name):
            return found
    raise ChromiumNotFound(
        "No Chromium found on PATH (looked for: "
        + ", ".join(_CANDIDATES)
        + "). Install it as root with `apt-get install -y chromium`, run `./dev setup`, "
        f"or point {CHROMIUM_ENV} at a Chromium binary."
    )


def launch_options(headless: bool = True) -> dict:
    """Keyword arguments for ``chromium.launch()``."""
    return {
        "executable_path": find_chromium(headless),
        "args": list(LAUNCH_ARGS),
        "headless": headless,
    }


def ffmpeg_link_path() -> Path:
    """Where Playwright looks for its ffmpeg, which records videos."""
    import playwright

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(
        b["revision"] for b in json.loads(browsers.read_text())["browsers"] if b["name"] == "ffmpeg"
    )
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright"
    return Path(root) / f"ffmpeg-{revision}" / "ffmpeg-linux"


def link_system_ffmpeg() -> Path | None:
    """Let Playwright record videos with the system's ffmpeg; None when there is none."""
    target = ffmpeg_link_path()
    if target.exists():
        return target
    system_ffmpeg = shutil.which("ffmpeg")
    if system_ffmpeg is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(system_ffmpeg)
    return target


def _ffmpeg() -> str | None:
    linked = link_system_ffmpeg()
    return str(linked) if linked else None


# What each check finds, and what it says when there is nothing.
_CHECKS = {
    "chromium": (find_chromium, ""),
    "headless-shell": (
        find_headless_shell,
        "no chromium-headless-shell: headless runs use Chromium",
    ),
    "ffmpeg": (_ffmpeg, "no ffmpeg on PATH: videos cannot be recorded"),
}


def main(argv: list[str]) -> int:
    """``python -m pages.browser [chromium|headless-shell|ffmpeg]``: check or prepare the
    browser tools."""
    what = argv[0] if argv else "chromium"
    if what not in _CHECKS:
        print(f"unknown check {what!r}: use {', '.join(_CHECKS)}", file=sys.stderr)
        return 2
    find, missing = _CHECKS[what]
    try:
        found = find()
    except ChromiumNotFound as exc:
        print(exc, file=sys.stderr)
        return 1
    if found is None:
        print(missing, file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
