"""Bringing a step's target into view before its picture: measured at once when it is
plainly in view, scrolled by Playwright when it is not (below the fold, hidden in a box that
scrolls, not shown yet), and moved to the middle when its circle would be cut."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from playwright.sync_api import Locator, Page

from tests.support import served_locally
from walkthrough import capture
from walkthrough.model import Box

SCREEN = """<html><body style="margin: 0">
<div id="box" style="height: 100px; overflow-y: auto">
  <div style="height: 400px"></div><button id="inside">Inside</button>
</div>
<button id="near">Near</button>
<button id="late" hidden>Late</button>
<button id="edge" style="position: absolute; top: 775px; left: 10px; width: 80px;
  height: 20px; box-sizing: border-box">Edge</button>
<div style="height: 3000px"></div>
<button id="far">Far</button>
</body></html>"""


@pytest.fixture
def scrolled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The targets Playwright is asked to scroll to, by id."""
    asked: list[str] = []
    original = Locator.scroll_into_view_if_needed

    def scrolling(self: Locator, *args, **kwargs):
        asked.append(self.get_attribute("id"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Locator, "scroll_into_view_if_needed", scrolling)
    return asked


@pytest.fixture
def screen(page: Page, scrolled: list[str]) -> list[str]:
    """The page above at 1280x800; the targets Playwright was asked to scroll to."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_content(SCREEN)
    return scrolled


def _scroll(page: Page) -> list[float]:
    return page.evaluate("[scrollY, document.getElementById('box').scrollTop]")


def _in_viewport(page: Page, selector: str) -> bool:
    box = Box(**page.locator(selector).bounding_box())
    return box.y >= 0 and box.y + box.height <= 800


def test_a_target_in_view_is_measured_without_a_scroll(page: Page, screen: list[str]):
    handle = capture.bring_into_view(page.locator("#near"))
    assert handle is not None and handle.get_attribute("id") == "near"
    assert screen == [] and _scroll(page) == [0, 0]


def test_a_target_below_the_fold_is_scrolled_to(page: Page, screen: list[str]):
    handle = capture.bring_into_view(page.locator("#far"))
    assert handle is not None and handle.get_attribute("id") == "far"
    assert screen == ["far"] and _scroll(page)[0] > 0 and _in_viewport(page, "#far")


def test_a_target_hidden_in_a_box_that_scrolls_is_scrolled_to_inside_it(
    page: Page, screen: list[str]
):
    # In the viewport, but below what its box shows: the box must scroll, not the page.
    assert page.locator("#inside").bounding_box()["y"] < 800
    assert capture.bring_into_view(page.locator("#inside")) is not None
    assert screen == ["inside"] and _scroll(page)[1] > 0
    inside = page.locator("#inside").bounding_box()
    box = page.locator("#box").bounding_box()
    assert box["y"] <= inside["y"] and inside["y"] + inside["height"] <= box["y"] + box["height"]


def test_a_target_not_shown_yet_is_waited_for(
    page: Page, screen: list[str], monkeypatch: pytest.MonkeyPatch
):
    # Shown 300 ms after Playwright is asked to scroll to it: hidden when first measured.
    asking = Locator.scroll_into_view_if_needed

    def show_it_later(self: Locator, *args, **kwargs):
        self.page.evaluate(
            "setTimeout(() => { document.getElementById('late').hidden = false; }, 300)"
        )
        return asking(self, *args, **kwargs)

    monkeypatch.setattr(Locator, "scroll_into_view_if_needed", show_it_later)
    handle = capture.bring_into_view(page.locator("#late"))
    assert handle is not None and handle.is_visible()
    assert screen == ["late"]


def test_a_target_whose_circle_the_edge_would_cut_is_moved_to_the_middle(
    page: Page, screen: list[str]
):
    assert _in_viewport(page, "#edge")  # the button itself is in view: no scroll asked
    assert capture.bring_into_view(page.locator("#edge")) is not None
    assert screen == [] and _scroll(page)[0] > 0
    edge = Box(**page.locator("#edge").bounding_box())
    assert 300 < edge.y < 500  # about the middle of 800


class _SlowPage(BaseHTTPRequestHandler):
    """Pages whose stylesheet (``/``) or deferred script (``/deferred``) comes half a second
    after them, and makes their button 300 px wide."""

    def do_GET(self) -> None:  # http.server calls it by this name
        if self.path.startswith("/slow."):
            time.sleep(0.5)
        if self.path == "/slow.css":
            self._send("text/css", b"#go { width: 300px; }")
        elif self.path == "/slow.js":
            self._send("text/javascript", b"document.getElementById('go').style.width = '300px';")
        else:
            late = (
                b'<script src="/slow.js" defer></script>'
                if self.path == "/deferred"
                else b'<link rel="stylesheet" href="/slow.css">'
            )
            page = (
                b"<html><head>" + late + b'</head><body><button id="go">Go</button></body></html>'
            )
            self._send("text/html", page)

    def _send(self, kind: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def slow_page() -> Iterator[str]:
    with served_locally(_SlowPage) as base_url:
        yield base_url


@pytest.mark.parametrize("path", ["", "deferred"], ids=["stylesheet", "deferred-script"])
def test_a_target_is_measured_once_its_page_has_run_its_scripts_and_can_be_rendered(
    page: Page, slow_page: str, path: str, scrolled: list[str]
):
    # The button is there before its stylesheet and its deferred script: measured then, its
    # circle and the picture (taken once the page is drawn) would disagree, as on a phone
    # page just opened. Measured at once all the same: Playwright's scroll would wait too.
    page.goto(slow_page + path, wait_until="commit")
    handle = capture.bring_into_view(page.locator("#go"))
    assert handle is not None
    assert handle.evaluate("element => getComputedStyle(element).width") == "300px"
    assert scrolled == []


def test_a_target_on_a_page_whose_load_has_ended_is_measured_without_waiting_for_a_frame(
    page: Page, screen: list[str], monkeypatch: pytest.MonkeyPatch
):
    # Its stylesheets and scripts came before its load ended: no frame need be waited for.
    # None comes here (a frame's callbacks are never called): waited for, it would leave
    # the target to Playwright's scroll after the patience.
    monkeypatch.setattr(capture, "_READY_PATIENCE_MS", 100)
    assert page.evaluate("document.readyState") == "complete"
    page.evaluate("window.requestAnimationFrame = () => 0")
    handle = capture.bring_into_view(page.locator("#near"))
    assert handle is not None and handle.get_attribute("id") == "near"
    assert screen == []


def test_a_page_that_keeps_a_target_waiting_is_left_to_playwright(
    page: Page, slow_page: str, scrolled: list[str], monkeypatch: pytest.MonkeyPatch
):
    # A stylesheet that comes after the patience (a hidden page, which has no frames, waits
    # as long): Playwright's scroll takes over, and waits for the page itself.
    monkeypatch.setattr(capture, "_READY_PATIENCE_MS", 100)
    page.goto(slow_page, wait_until="commit")
    handle = capture.bring_into_view(page.locator("#go"))
    assert handle is not None and scrolled == ["go"]
    assert handle.evaluate("element => getComputedStyle(element).width") == "300px"
