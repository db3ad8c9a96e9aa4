"""The portal's stylesheets, scripts and icon, named by their content in every page: a
browser keeps them, and a changed file gets a new address (``mock_portal/static_files.py``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask import request, request_started

from mock_portal.static_files import YEAR, Digests
from mock_portal.testing import serve_portal

# What the database cannot change: how static files are named and served (tests/backends.py).
pytestmark = pytest.mark.any_database

KEPT = f"public, max-age={YEAR}, immutable"


def _static_links(client, path: str) -> list[str]:
    body = client.get(path).get_data(as_text=True)
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', body)


@pytest.mark.parametrize("path", ["/tracesnt/login", "/cas/login", "/mobile-app/"])
def test_pages_name_their_static_files_by_content_and_browsers_keep_them(client, path):
    links = _static_links(client, path)
    assert links, f"{path} links no stylesheet or script"
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{16}$", link), link
        answer = client.get(link)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == KEPT


@pytest.mark.parametrize("asked", ["", "?v=", "?v=0123456789abcdef", "?v=<script>"])
def test_a_static_file_asked_without_its_current_digest_is_checked_again_at_each_use(client, asked):
    answer = client.get(f"/static/portal.css{asked}")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-cache"
    assert answer.headers["ETag"]


def test_a_changed_file_gets_a_new_digest(tmp_path):
    sheet = tmp_path / "sheet.css"
    sheet.write_text("body { color: black; }", encoding="utf-8")
    digests = Digests(str(tmp_path))
    first = digests.of("sheet.css")
    assert first == digests.of("sheet.css")
    sheet.write_text("body { color: navy; }", encoding="utf-8")
    # A save within the clock's resolution would keep the time: the size changed anyway.
    stamp = sheet.stat().st_mtime_ns
    os.utime(sheet, ns=(stamp, stamp + 1_000_000))
    assert digests.of("sheet.css") not in (None, first)


@pytest.mark.parametrize("name", ["missing.css", "../secret.txt", "/etc/hostname", "", "."])
def test_only_a_file_of_the_folder_has_a_digest(tmp_path, name):
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("not served", encoding="utf-8")
    assert Digests(str(tmp_path / "static")).of(name) is None


def test_the_spellings_of_one_file_are_one_file(tmp_path):
    # A visitor may type any number of them: each must not be remembered apart.
    (tmp_path / "sheet.css").write_text("body { color: black; }", encoding="utf-8")
    digests = Digests(str(tmp_path))
    spellings = [
        "sheet.css",
        "./sheet.css",
        "x/../sheet.css",
        "a/b/../../sheet.css",
        ".//sheet.css",
    ]
    assert len({digests.of(name) for name in spellings}) == 1
    assert len(digests) == 1


def test_a_file_that_cannot_be_read_is_linked_without_a_digest(tmp_path, monkeypatch):
    (tmp_path / "sheet.css").write_text("body { color: black; }", encoding="utf-8")

    def unreadable(_path):
        raise PermissionError("not the portal's to read")

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    assert Digests(str(tmp_path)).of("sheet.css") is None


def test_every_spelling_of_a_file_is_served_as_itself(app, client):
    digest = Digests(app.static_folder).of("portal.css")
    for spelling in ("portal.css", "x/../portal.css", "./portal.css"):
        answer = client.get(f"/static/{spelling}?v={digest}")
        assert answer.status_code == 200, spelling
        assert answer.headers["Cache-Control"] == KEPT


def test_a_browser_asks_for_each_static_file_once(browser, tmp_path):
    with serve_portal(tmp_path) as portal:
        asked = []

        def count(_sender, **_extra):
            if request.endpoint == "static":
                asked.append(request.path)

        request_started.connect(count, portal.app)
        context = browser.new_context()
        try:
            page = context.new_page()
            for path in ("/tracesnt/login", "/cas/login", "/tracesnt/login", "/cas/login"):
                page.goto(portal.base_url + path)
        finally:
            context.close()
            request_started.disconnect(count, portal.app)
    assert "/static/portal.css" in asked
    assert sorted(asked) == sorted(set(asked)), asked
