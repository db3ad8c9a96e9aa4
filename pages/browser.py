"""Where the system's Chromium is, and how Playwright must launch it here.

Playwright cannot download its own browsers on this machine, so the suite and
the walkthrough both drive the distribution's Chromium through
``executable_path``.
"""

import json
import os
import shutil
import sys
from pathlib import Path

CHROMIUM_ENV = "CHROMIUM_PATH"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

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


def find_chromium() -> str:
    """Path of the Chromium to drive: ``$CHROMIUM_PATH`` if set, else the first on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ChromiumNotFound(f"{CHROMIUM_ENV}={configured} is not an executable file.")
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
    return {"executable_path": find_chromium(), "args": list(LAUNCH_ARGS), "headless": headless}


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


def main(argv: list[str]) -> int:
    """``python -m pages.browser [chromium|ffmpeg]``: check or prepare the browser tools."""
    what = argv[0] if argv else "chromium"
    try:
        if what == "chromium":
            print(find_chromium())
        elif what == "ffmpeg":
            linked = link_system_ffmpeg()
            if linked is None:
                print("no ffmpeg on PATH: videos cannot be recorded", file=sys.stderr)
                return 1
            print(linked)
        else:
            print(f"unknown check {what!r}: use chromium or ffmpeg", file=sys.stderr)
            return 2
    except ChromiumNotFound as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
