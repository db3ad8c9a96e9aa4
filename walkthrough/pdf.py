"""The guide as a PDF: its HTML page printed by Chromium, A4 landscape.

The first page holds the title and the table of contents, then each numbered step has a
page of its own, so a guide of N numbered steps prints on exactly 1 + N pages (the HTML's
print style sheet sees to it). Chromium opens the page from its file: its pictures, inline,
never cross Playwright's pipe twice.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written by Chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _pdf_date(moment: str) -> bytes:
    digits = re.sub(r"\D", "", moment)[:14].ljust(14, "0")
    return f"D:{digits}+00'00'".encode()


def _print(browser: Browser, html: Path) -> bytes:
    page = browser.new_page()
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        return page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


def print_pdf(html: Path, moment: str, browser: Browser | None = None) -> bytes:
    """The HTML file printed by Chromium (``browser``, or one launched for it), dated
    ``moment``.

    Chromium dates its PDFs with the current time; the date is replaced by one of the same
    length, so that the cross-reference offsets still hold.
    """
    if browser is not None:
        pdf = _print(browser, html)
    else:
        from playwright.sync_api import sync_playwright

        from pages.browser import launch_options

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(**launch_options())
            try:
                pdf = _print(launched, html)
            finally:
                launched.close()
    date = _pdf_date(moment)
    return re.sub(
        rb"/(CreationDate|ModDate) \(D:\d{14}[+-Z]\d\d'\d\d'\)",
        lambda m: b"/" + m.group(1) + b" (" + date + b")",
        pdf,
    )
