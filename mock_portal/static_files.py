"""The portal's stylesheets, scripts and icon, each page naming them by their content.

A page links ``/static/portal.css?v=<digest of the file>``. A browser keeps a file so named
for a year without asking again, and a changed file gets a new name: before, every page
of every trainee asked again for each of its three or four files (``no-cache``), more than
half the requests a scenario sends. A file asked for without its current digest is served
as Flask serves it, checked again at each use.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG

from flask import Flask, request
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600


class Digests:
    """The digest of each file of a folder, read again when the file changes on disk."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def __len__(self) -> int:
        """How many files it knows: at most the folder's."""
        return len(self._known)

    def of(self, filename: str) -> str | None:
        # Only the folder's own files, as Flask serves them: a name that climbs out has none.
        # Known by the path Flask would serve, so that the many spellings of one file a
        # visitor may type (``x/../portal.css``) are one entry, not one each.
        path = safe_join(str(self.folder), filename)
        if path is None:
            return None
        try:
            stat = os.stat(path)
            if not S_ISREG(stat.st_mode):
                return None
            version = (stat.st_mtime_ns, stat.st_size)
            known = self._known.get(path)
            if known is None or known[0] != version:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
                known = self._known[path] = (version, digest)
        except (OSError, ValueError):
            # Gone or unreadable: the page links it without a digest, checked at each use.
            return None
        return known[1]


def init_app(app: Flask) -> None:
    """Name static files by their digest in the pages, and let browsers keep them."""
    digests = Digests(app.static_folder)

    @app.url_defaults
    def _named_by_content(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values:
            return
        if digest := digests.of(values.get("filename", "")):
            values["v"] = digest

    @app.after_request
    def _kept_by_browsers(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        asked = request.args.get("v")
        if asked and asked == digests.of((request.view_args or {}).get("filename", "")):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response
