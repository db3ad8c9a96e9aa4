"""Values that cost a process most of a second and are the same for the same inputs, kept in
a file so that the next process reads them instead.

The operators Faker generates for the seed are one: building Faker's locales for ten
countries took 0.6 to 0.8 s of every portal's start, read from the file 4 ms, and a run of the
test suite starts portals in dozens of processes (its workers, the runs and walkthroughs under
test, the classroom's servers).

The folder is ``$MOCK_PORTAL_CACHE`` when it is set (set and empty: no file is kept), else
``traces-nt-mock`` in the user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``). A
file is named after a digest of everything its value depends on, so another version of the
code, of Faker or of Python reads another file. A folder that cannot be written and a file
that cannot be read cost the computation again, never the start.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

CACHE_VARIABLE = "MOCK_PORTAL_CACHE"


def folder() -> Path | None:
    """Where the values are kept; None when no file is to be kept."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home to be found: nothing kept
            return None
    return Path(base) / "traces-nt-mock"


def json_value(
    name: str,
    depends_on: Iterable[str | bytes],
    compute: Callable[[], object],
    valid: Callable[[object], bool] = lambda value: True,
):
    """``compute()`` as JSON gives it back (tuples become lists), read from the file of
    ``name`` and ``depends_on`` when a process has computed it before, and found ``valid``."""
    digest = hashlib.sha256()
    for part in depends_on:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    where = folder()
    path = where / f"{name}-{digest.hexdigest()[:32]}.json" if where else None
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not there yet, or cut short: computed again
            pass
        else:
            if valid(kept):
                return kept
    text = json.dumps(compute(), ensure_ascii=False)
    if path is not None:
        _keep(path, text, name)
    return json.loads(text)


def _keep(path: Path, text: str, name: str) -> None:
    """Write ``path`` whole or not at all (processes starting together each write theirs),
    and remove the files of ``name`` that other inputs made."""
    scratch = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
        scratch = None
        for older in path.parent.glob(f"{name}-*.json"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home, a full disk: the value was computed, the start goes on
    finally:
        if scratch is not None:
            Path(scratch).unlink(missing_ok=True)
