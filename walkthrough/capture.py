"""Seeing what a step does in the browser, and photographing it the way the guide does.

``recording_locator_actions`` wraps Playwright's sync ``Locator`` action methods for the
duration of a run, so that the steps and page objects stay untouched: a click is
photographed just before it happens, a filled field is remembered to be outlined.
"""

from __future__ import annotations

import base64
import functools
import math
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Protocol

from playwright.sync_api import CDPSession, ElementHandle, Error, Expect, Locator, Page

from .model import Box, Exposure, Highlight, Picture, Shot, png_size

# Actions after which the page usually changes: the picture is taken just before them.
TRIGGERS = ("click", "dblclick", "tap", "check", "uncheck", "set_checked")
# Actions that put something in a field: the field is outlined in the step's picture.
INPUTS = ("fill", "clear", "type", "press_sequentially", "select_option", "set_input_files")
# ``press`` is a trigger for Enter (it submits), an input for any other key.
SUBMIT_KEYS = {"Enter", "NumpadEnter"}

MASK_COLOUR = "#9aa4b1"
# What never shows in a picture: the captcha's code and field, any password field, and the
# EU Login Mobile App's QR codes, their text and its one-time passwords (whoever has them
# holds the account's second factor).
SECRET_SELECTOR = ", ".join(
    [
        "[data-testid=captcha-code]",
        "details[open] [data-testid=qr-code-text]",
        "[data-testid=one-time-password]",
        ".qr-code svg",
        "input[type=password]",
        "input[name*=captcha i]",
        "input[id*=captcha i]",
        "input[autocomplete=one-time-code]",
    ]
)

_IS_SECRET_FIELD = """element => {
  const type = (element.getAttribute('type') || '').toLowerCase();
  const names = [element.name, element.id, element.getAttribute('autocomplete') || ''].join(' ');
  if (type === 'password') return 'password';
  if (/captcha|one-time-code/i.test(names)) return 'captcha';
  return '';
}"""

_ELEMENT_BOX = """element => {
  if (!element.isConnected) return null;
  const r = element.getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? [r.x, r.y, r.width, r.height] : null;
}"""

_VISIBLE_BOXES = """elements => elements.map(element => {
  const r = element.getBoundingClientRect();
  return [r.x, r.y, r.width, r.height];
}).filter(([x, y, w, h]) => w > 0 && h > 0 && x < innerWidth && y < innerHeight && x + w > 0 && y + h > 0)"""

# A fingerprint of what the page shows: address, scroll, markup, field values, focus.
# Playwright's screenshot leaves an empty style attribute on fields (caret hiding).
_STATE_KEY = """() => {
  const markup = document.documentElement.outerHTML.replace(/ style=""/g, '');
  const parts = [location.href, scrollX, scrollY, markup];
  for (const f of document.querySelectorAll('input, select, textarea')) {
    parts.push(f.type === 'checkbox' || f.type === 'radio' ? String(f.checked) : f.value);
  }
  parts.push(Array.prototype.indexOf.call(document.getElementsByTagName('*'), document.activeElement));
  const text = parts.join('\\u0001');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { hash ^= text.charCodeAt(i); hash = Math.imul(hash, 16777619); }
  return (hash >>> 0).toString(16) + ':' + text.length;
}"""

# Replace text that changes from run to run (the portal's random port, one-time tokens)
# so that the same scenario gives the same picture. Undone, with the marks, by _UNDRESS.
_REPLACE_TEXT = """replacements => {
  const state = {texts: []};
  window[Symbol.for('walkthrough')] = state;
  if (!document.body || !replacements.length) return;
  const patterns = replacements.map(([source, by]) => [new RegExp(source, 'g'), by]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let value = node.nodeValue;
    for (const [pattern, by] of patterns) value = value.replace(pattern, by);
    if (value !== node.nodeValue) { state.texts.push([node, node.nodeValue]); node.nodeValue = value; }
  }
}"""

# What Playwright's screenshot options did (caret="hide", mask, animations="disabled"),
# done here in the same call as the rest, as it does them: the fields' caret made
# transparent, the secrets covered by boxes of MASK_COLOUR in a layer above everything
# (the top layer, above a modal dialog) that takes no events, animations run to their end.
# Playwright's own preparation waits for the page's frames several times a picture.
_DRESS = """([state, selector, colour]) => {
  state.carets = [];
  for (const field of document.querySelectorAll('input,textarea,[contenteditable]')) {
    state.carets.push([field, field.style.getPropertyValue('caret-color'),
                       field.style.getPropertyPriority('caret-color')]);
    field.style.setProperty('caret-color', 'transparent', 'important');
  }
  for (const animation of document.getAnimations()) {
    if (!animation.effect || animation.playbackRate === 0) continue;
    try {
      if (Number.isFinite(animation.effect.getComputedTiming().endTime)) animation.finish();
      else animation.cancel();
    } catch (e) {}
  }
  // No secret on the page, no layer: the page need not be painted again for nothing.
  const secrets = document.querySelectorAll(selector);
  if (!document.documentElement || !secrets.length) return;
  const glass = document.createElement('x-walkthrough-masks');
  glass.setAttribute('popover', 'manual');
  glass.style.cssText = 'inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; '
    + 'padding: 0; margin: 0; border: none; overflow: visible; pointer-events: none; '
    + 'display: flex; background-color: transparent';
  const layer = glass.attachShadow({mode: 'closed'});
  for (const element of secrets) {
    const r = element.getBoundingClientRect();
    const mask = document.createElement('div');
    mask.style.cssText = 'position: absolute; display: block; background-color: ' + colour
      + '; left: ' + r.x + 'px; top: ' + r.y + 'px; width: ' + r.width + 'px; height: '
      + r.height + 'px';
    layer.appendChild(mask);
  }
  document.documentElement.appendChild(glass);
  glass.showPopover();
  state.glass = glass;
}"""

# Put the page back as it was: its text, its fields' caret, no masks.
_UNDRESS = """() => {
  const key = Symbol.for('walkthrough');
  const state = window[key];
  if (!state) return;
  for (const [node, value] of state.texts) node.nodeValue = value;
  for (const [field, value, priority] of state.carets || []) {
    field.style.setProperty('caret-color', value, priority);
  }
  if (state.glass) state.glass.remove();
  delete window[key];
}"""

FIELD_MARGIN = 4
# _REPLACE_TEXT, the boxes of the target, of each field (null once it left the page) and
# of the visible secrets, then _DRESS: what a picture needs from the page, in one call.
_PREPARE = (
    "async ([replacements, target, fields, selector, colour]) => {\n"
    "  (" + _REPLACE_TEXT + ")(replacements);\n"
    "  const box = " + _ELEMENT_BOX + ";\n"
    "  const secrets = (" + _VISIBLE_BOXES + ")(Array.from(document.querySelectorAll(selector)));\n"
    "  const found = {target: target ? box(target) : null, fields: fields.map(box), secrets,\n"
    "                 scroll: [scrollX, scrollY]};\n"
    "  (" + _DRESS + ")([window[Symbol.for('walkthrough')], selector, colour]);\n"
    "  await document.fonts.ready;\n"
    "  return found;\n"
    "}"
)

TARGET_WIDEN, TARGET_MARGIN_MIN, TARGET_MARGIN_MAX = 0.1, 14, 40
# A checkbox is 13 pixels wide: its circle must still be seen.
TARGET_MIN_RADIUS = 18

# How long an element that was just found may take to be found again; how long a page may
# take to be ready for a target to be measured in it, before Playwright's scroll takes over.
ELEMENT_TIMEOUT_MS = _READY_PATIENCE_MS = 1_000

_CENTRE = "element => element.scrollIntoView({block: 'center', inline: 'nearest'})"

# The element's box when it is plainly in view: shown, whole inside the viewport and inside
# every box that clips it (the phone's screen scrolls), in the top frame; else null, and
# Playwright scrolls. Measured once the document has run its deferred scripts (they run
# after the parser, before DOMContentLoaded) and can be rendered: a page just opened (the
# phone's) may still wait for its stylesheets, and a frame's callbacks run only once nothing
# blocks its rendering. A page whose load has ended has both (its stylesheets and scripts
# came before): it is measured at once, where a frame cost 7 ms a click on average, for the
# page and the compositor to draw. A wait longer than a second (a hidden page has no
# frames) is left to Playwright too.
_IN_VIEW = """async (element, patience) => {
  const ready = (async () => {
    if (document.readyState === 'complete') return true;
    const [navigation] = performance.getEntriesByType('navigation');
    if (navigation && !navigation.domContentLoadedEventEnd) {
      await new Promise(resolve => document.addEventListener('DOMContentLoaded', resolve, {once: true}));
    }
    await new Promise(resolve => requestAnimationFrame(() => resolve(true)));
    return true;
  })();
  const late = new Promise(resolve => setTimeout(() => resolve(false), patience));
  if (!(await Promise.race([ready, late]))) return null;
  if (!element.isConnected || window !== window.top) return null;
  if (element.checkVisibility && !element.checkVisibility({visibilityProperty: true})) return null;
  const r = element.getBoundingClientRect();
  if (!(r.width > 0 && r.height > 0)) return null;
  const inside = (left, top, width, height) =>
    r.left >= left && r.top >= top && r.right <= left + width && r.bottom <= top + height;
  const root = document.documentElement;
  if (!inside(0, 0, Math.min(innerWidth, root.clientWidth), Math.min(innerHeight, root.clientHeight))) return null;
  // Up through the boxes that hold it, a shadow root's host included.
  const holder = node => node.parentElement || (node.getRootNode() instanceof ShadowRoot ? node.getRootNode().host : null);
  for (let box = holder(element); box && box !== root; box = holder(box)) {
    const style = getComputedStyle(box);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const b = box.getBoundingClientRect();
    if (!inside(b.left + box.clientLeft, b.top + box.clientTop, box.clientWidth, box.clientHeight)) return null;
  }
  return [r.x, r.y, r.width, r.height];
}"""


class ActionListener(Protocol):
    """What the wrapped ``Locator`` reports to."""

    def before_trigger(self, locator: Locator, action: str) -> None: ...

    def after_input(self, locator: Locator, action: str, value: str | None) -> None: ...

    def looked_at(self, page: Page) -> None: ...


def _input_value(action: str, args: tuple, kwargs: dict) -> str | None:
    if action == "fill":
        return args[0] if args else kwargs.get("value")
    if action in ("type", "press_sequentially"):
        return args[0] if args else kwargs.get("text")
    return None


def _kind(action: str, args: tuple, kwargs: dict) -> str:
    if action == "press":
        key = args[0] if args else kwargs.get("key", "")
        return "trigger" if key in SUBMIT_KEYS else "input"
    return "trigger" if action in TRIGGERS else "input"


@contextmanager
def recording_locator_actions(listener: ActionListener) -> Iterator[None]:
    """Report every ``Locator`` action to ``listener`` until the block ends."""
    depth = 0

    def wrap(action: str, original):
        @functools.wraps(original)
        def recorded(self: Locator, *args, **kwargs):
            nonlocal depth
            if depth:  # an action made by another action: report the outer one only
                return original(self, *args, **kwargs)
            kind = _kind(action, args, kwargs)
            depth += 1
            try:
                if kind == "trigger" and not kwargs.get("trial"):
                    listener.before_trigger(self, action)
                result = original(self, *args, **kwargs)
                if kind == "input":
                    listener.after_input(self, action, _input_value(action, args, kwargs))
                return result
            finally:
                depth -= 1

        return recorded

    # What a step checks tells which screen it is about: a step that only looks is
    # photographed on the screen it looked at, whatever another screen did meanwhile (the
    # phone redraws by itself when a request arrives).
    asserting = Expect.__call__

    @functools.wraps(asserting)
    def looking(self, actual, *args, **kwargs):
        page = actual if isinstance(actual, Page) else getattr(actual, "page", None)
        if isinstance(page, Page):
            listener.looked_at(page)
        return asserting(self, actual, *args, **kwargs)

    originals = {name: getattr(Locator, name) for name in (*TRIGGERS, *INPUTS, "press")}
    for name, original in originals.items():
        setattr(Locator, name, wrap(name, original))
    Expect.__call__ = looking
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(Locator, name, original)
        Expect.__call__ = asserting


def secret_kind(handle: ElementHandle) -> str:
    """``password``, ``captcha`` or ``''``: whether what is typed there must stay hidden."""
    return handle.evaluate(_IS_SECRET_FIELD)


def element_box(handle: ElementHandle) -> Box | None:
    """Where the element is in the viewport; None once it left the page."""
    try:
        found = handle.evaluate(_ELEMENT_BOX)
    except Error:  # the page it belonged to is gone
        return None
    return Box(*found) if found else None


def state_key(page: Page) -> str:
    """A fingerprint of what the page shows, to tell whether it changed since a picture."""
    return page.evaluate(_STATE_KEY)


def _target_shape(box: Box) -> Box:
    # An ellipse through the box's corners, wider than the box by a tenth of its width
    # (within bounds), and a little taller than it must be, as a pen would draw it.
    half_width, half_height = box.width / 2, box.height / 2
    rx = half_width + min(max(box.width * TARGET_WIDEN, TARGET_MARGIN_MIN), TARGET_MARGIN_MAX)
    ry = half_height / math.sqrt(1 - (half_width / rx) ** 2) + TARGET_MARGIN_MIN / 3
    rx, ry = max(rx, TARGET_MIN_RADIUS), max(ry, TARGET_MIN_RADIUS)
    cx, cy = box.x + half_width, box.y + half_height
    return Box(cx - rx, cy - ry, 2 * rx, 2 * ry)


def _field_shape(box: Box) -> Box:
    return Box(
        box.x - FIELD_MARGIN,
        box.y - FIELD_MARGIN,
        box.width + 2 * FIELD_MARGIN,
        box.height + 2 * FIELD_MARGIN,
    )


def bring_into_view(locator: Locator) -> ElementHandle | None:
    """The element, scrolled so that it and its circle are in view; None if it has no box.

    Like a click it waits for the element; a target whose circle would be cut by the
    viewport's edge is scrolled to the middle. An element already in view is measured in
    one call, once its page has run its scripts and can be rendered, at once when its load
    has ended (``_IN_VIEW``).
    Playwright's scroll would first wait until it has kept its place for two frames and
    more, some 50 ms where the call takes 25: the portal's screens do not move (no
    animation, reduced motion), so that a target in view is where the picture shows it.
    A portal whose screens move would need Playwright's wait back.
    """
    handle = locator.element_handle()
    try:
        found = handle.evaluate(_IN_VIEW, _READY_PATIENCE_MS)
    except Error:  # its document was replaced meanwhile: Playwright finds it in the new one
        found = None
    if found is not None:
        box = Box(*found)
    else:
        locator.scroll_into_view_if_needed()
        handle = locator.element_handle(timeout=ELEMENT_TIMEOUT_MS)
        measured = handle.bounding_box()
        if measured is None:
            return None
        box = Box(**measured)
    shape = _target_shape(box)
    viewport = locator.page.viewport_size
    if viewport and (shape.y < 0 or shape.y + shape.height > viewport["height"]):
        handle.evaluate(_CENTRE)
    return handle


def highlights(
    target: Box | None, fields: list[Box], values: list[str | None] | None = None
) -> list[Highlight]:
    """The marks of a picture: the target circled, each field outlined (once), with the
    value typed there (``values``, in the order of ``fields``)."""
    marks = []
    seen = set()
    for box, value in zip(fields, values or [None] * len(fields), strict=True):
        if box != target and box not in seen:
            seen.add(box)
            marks.append(Highlight("field", box, _field_shape(box), value))
    if target is not None:
        marks.append(Highlight("target", target, _target_shape(target)))
    return marks


def photograph(
    page: Page,
    target: ElementHandle | None,
    fields: list[ElementHandle],
    replacements: list[tuple[str, str]],
    clip: Box | None = None,
    typed: dict[int, str] | None = None,
) -> Picture:
    """A viewport screenshot (or the ``clip`` of it), ``target`` circled, ``fields`` outlined,
    secrets masked. Boxes are in the page's coordinates. The marks are drawn later, when the
    picture is developed (``marks.develop``).

    The marks are measured after the changing text is replaced (a shorter link has a
    smaller circle), and the page is left as it was.
    """
    typed = typed or {}
    try:
        target_box, boxes, masked, scroll = _prepare(page, replacements, target, fields, typed)
        plain = _screenshot(page, clip, scroll)
    finally:
        page.evaluate(_UNDRESS)
    marks = highlights(target_box, [box for box, _ in boxes], [value for _, value in boxes])
    if not marks:
        return Picture(png=plain, masked=masked, plain=plain)
    origin = (clip.x, clip.y) if clip is not None else (0.0, 0.0)
    shot = Shot(plain, marks=tuple(marks), origin=origin)
    return Picture(
        png=b"", highlights=marks, masked=masked, exposure=Exposure((shot,), png_size(plain))
    )


def _prepare(
    page: Page,
    replacements: list[tuple[str, str]],
    target: ElementHandle | None,
    fields: list[ElementHandle],
    typed: dict[int, str],
) -> tuple[Box | None, list[tuple[Box, str | None]], list[Box], tuple[float, float]]:
    """Replace the changing text and measure the target, the fields and the secrets: in one
    call to the page, or one per element when some element belongs to a page gone since."""
    try:
        arguments = [replacements, target, fields, SECRET_SELECTOR, MASK_COLOUR]
        found = page.evaluate(_PREPARE, arguments)
    except Error:
        page.evaluate(_REPLACE_TEXT, replacements)
        target_box = element_box(target) if target is not None else None
        boxes = [(box, typed.get(id(h))) for h in fields if (box := element_box(h))]
        masked = page.locator(SECRET_SELECTOR).evaluate_all(_VISIBLE_BOXES)
        scroll = page.evaluate(
            "async ([selector, colour]) => {(" + _DRESS + ")([window[Symbol.for('walkthrough')], "
            "selector, colour]); await document.fonts.ready; return [scrollX, scrollY];}",
            [SECRET_SELECTOR, MASK_COLOUR],
        )
        return target_box, boxes, [Box(*box) for box in masked], tuple(scroll)
    target_box = Box(*found["target"]) if found["target"] else None
    boxes = [
        (Box(*box), typed.get(id(handle)))
        for handle, box in zip(fields, found["fields"], strict=True)
        if box
    ]
    return target_box, boxes, [Box(*box) for box in found["secrets"]], tuple(found["scroll"])


# Each page's DevTools session, opened at its first picture.
_SESSIONS: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()


def _screenshot(page: Page, clip: Box | None, scroll: tuple[float, float]) -> bytes:
    """The viewport (or ``clip`` of it) as PNG, asked of Chromium as Playwright asks it, with
    the page already dressed (_PREPARE): Playwright's screenshot would prepare it again, and
    wait for its frames, several times a picture. Chromium's faster PNG encoder: the same
    pixels, in a file a third larger, which ``marks.develop`` writes again anyway when it
    draws marks."""
    session = _SESSIONS.get(page)
    if session is None:
        session = _SESSIONS[page] = page.context.new_cdp_session(page)
    if clip is None:
        viewport = page.viewport_size
        clip = Box(0, 0, viewport["width"], viewport["height"])
    area = {"x": clip.x + scroll[0], "y": clip.y + scroll[1], "width": clip.width}
    area |= {"height": clip.height, "scale": 1}
    answer = session.send(
        "Page.captureScreenshot",
        {"format": "png", "clip": area, "captureBeyondViewport": False, "optimizeForSpeed": True},
    )
    return base64.b64decode(answer["data"])


# The EU Login Mobile App's page draws a phone; a step that acts on it is shown with the
# phone's screen beside the computer's, as a person sees both.
PHONE_SCREEN = "[data-testid=phone]"
PHONE_GAP = 24


def is_phone(page: Page) -> bool:
    """Whether ``page`` is the EU Login Mobile App's phone."""
    return not page.is_closed() and page.locator(PHONE_SCREEN).count() > 0


def photograph_phone(
    phone: Page,
    computer: Page,
    target: ElementHandle | None,
    fields: list[ElementHandle],
    replacements: list[tuple[str, str]],
    typed: dict[int, str] | None = None,
) -> Picture:
    """The computer's screen as it is, and beside it the phone's, ``target`` circled there."""
    found = phone.locator(PHONE_SCREEN).bounding_box()
    screen = Box(**found)
    beside_it = photograph(phone, target, fields, replacements, clip=screen, typed=typed)
    return side_by_side(photograph(computer, None, [], replacements), beside_it, screen)


def _shot(picture: Picture) -> Shot:
    return picture.exposure.shots[0] if picture.exposure is not None else Shot(picture.png)


def side_by_side(computer: Picture, phone: Picture, screen: Box) -> Picture:
    """One picture: the computer on the left, the phone on the right, centred; the phone's
    marks and masks moved to where it now stands."""
    (computer_width, computer_height), (phone_width, phone_height) = computer.size, phone.size
    width = computer_width + PHONE_GAP + phone_width
    height = max(computer_height, phone_height)
    left, top = computer_width + PHONE_GAP, (height - phone_height) // 2
    shots = (
        replace(_shot(computer), left=0, top=0),
        replace(_shot(phone), left=left, top=top),
    )

    def moved(box: Box) -> Box:
        return Box(box.x - screen.x + left, box.y - screen.y + top, box.width, box.height)

    return Picture(
        png=b"",
        highlights=[
            *computer.highlights,
            *(
                Highlight(h.kind, moved(h.element), moved(h.shape), h.value)
                for h in phone.highlights
            ),
        ],
        masked=[*computer.masked, *(moved(box) for box in phone.masked)],
        exposure=Exposure(shots, (width, height)),
    )
