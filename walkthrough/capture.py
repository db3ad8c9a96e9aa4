"""Seeing what a step does in the browser, and photographing it the way the guide does.

``recording_locator_actions`` wraps Playwright's sync ``Locator`` action methods for the
duration of a run, so that the steps and page objects stay untouched: a click is
photographed just before it happens, a filled field is remembered to be outlined.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from PIL import Image, ImageDraw
from playwright.sync_api import ElementHandle, Error, Expect, Locator, Page

from .model import Box, Highlight, Picture

# Actions after which the page usually changes: the picture is taken just before them.
TRIGGERS = ("click", "dblclick", "tap", "check", "uncheck", "set_checked")
# Actions that put something in a field: the field is outlined in the step's picture.
INPUTS = ("fill", "clear", "type", "press_sequentially", "select_option", "set_input_files")
# ``press`` is a trigger for Enter (it submits), an input for any other key.
SUBMIT_KEYS = {"Enter", "NumpadEnter"}

HIGHLIGHT_COLOUR = "#145aff"  # rgb(20, 90, 255): no colour of the portal's own style sheet
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

# Draw the marks over everything, in a layer that takes no events.
_UNDRESS = """() => {
  const key = Symbol.for('walkthrough');
  const state = window[key];
  if (!state) return;
  for (const [node, value] of state.texts) node.nodeValue = value;
  delete window[key];
}"""

TARGET_BORDER, FIELD_BORDER = 4, 3
FIELD_RADIUS = 6
FIELD_MARGIN = 4
TARGET_WIDEN, TARGET_MARGIN_MIN, TARGET_MARGIN_MAX = 0.1, 14, 40
# A checkbox is 13 pixels wide: its circle must still be seen.
TARGET_MIN_RADIUS = 18

_CENTRE = "element => element.scrollIntoView({block: 'center', inline: 'nearest'})"


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


def bring_into_view(locator: Locator) -> bool:
    """Scroll so that the element and its circle are in view; False if it has no box.

    Like a click it waits for the element; a target whose circle would be cut by the
    viewport's edge is scrolled to the middle.
    """
    locator.scroll_into_view_if_needed()
    found = locator.bounding_box()
    if found is None:
        return False
    shape = _target_shape(Box(**found))
    viewport = locator.page.viewport_size
    if viewport and (shape.y < 0 or shape.y + shape.height > viewport["height"]):
        locator.evaluate(_CENTRE)
    return True


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


# Marks are drawn at this many times the picture's scale, then reduced: smooth edges.
_SUPERSAMPLE = 4


def _mark_layer(
    mark: Highlight, origin: tuple[float, float]
) -> tuple[Image.Image, tuple[int, int]]:
    """One mark on a transparent layer of its own size, and where it goes on the picture.

    Drawn as the browser would draw a ``border`` of the mark's width inside its box: a
    circle for the target, a rectangle with rounded corners for a field."""
    x, y = mark.shape.x - origin[0], mark.shape.y - origin[1]
    left, top = math.floor(x), math.floor(y)
    width = math.ceil(x + mark.shape.width) - left
    height = math.ceil(y + mark.shape.height) - top
    scale = _SUPERSAMPLE
    layer = Image.new("RGBA", (width * scale, height * scale), (0, 0, 0, 0))
    box = (
        (x - left) * scale,
        (y - top) * scale,
        (x - left + mark.shape.width) * scale - 1,
        (y - top + mark.shape.height) * scale - 1,
    )
    draw = ImageDraw.Draw(layer)
    if mark.kind == "target":
        draw.ellipse(box, outline=HIGHLIGHT_COLOUR, width=TARGET_BORDER * scale)
    else:
        draw.rounded_rectangle(
            box, radius=FIELD_RADIUS * scale, outline=HIGHLIGHT_COLOUR, width=FIELD_BORDER * scale
        )
    return layer.resize((width, height), Image.Resampling.LANCZOS), (left, top)


def draw_marks(png: bytes, marks: list[Highlight], origin: tuple[float, float]) -> bytes:
    """``png`` with ``marks`` drawn (their boxes in the page's coordinates; ``origin`` is
    where the picture starts on the page).

    Drawn on the screenshot rather than on the page, so that one screenshot gives both the
    marked picture and the plain one the simulation's test mode shows."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    for mark in marks:
        layer, where = _mark_layer(mark, origin)
        _composite(image, layer, where)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def _composite(image: Image.Image, layer: Image.Image, where: tuple[int, int]) -> None:
    """The mark's layer over the picture; of a mark reaching past its edge, the part inside."""
    left, top = where
    crop = (
        max(0, -left),
        max(0, -top),
        min(layer.width, image.width - left),
        min(layer.height, image.height - top),
    )
    if crop[0] >= crop[2] or crop[1] >= crop[3]:
        return
    image.alpha_composite(layer.crop(crop), dest=(left + crop[0], top + crop[1]))


def photograph(
    page: Page,
    target: ElementHandle | None,
    fields: list[ElementHandle],
    replacements: list[tuple[str, str]],
    clip: Box | None = None,
    typed: dict[int, str] | None = None,
) -> Picture:
    """A viewport screenshot (or the ``clip`` of it), ``target`` circled, ``fields`` outlined,
    secrets masked. Boxes are in the page's coordinates.

    The marks are measured after the changing text is replaced (a shorter link has a
    smaller circle), and the page is left as it was.
    """
    secrets = page.locator(SECRET_SELECTOR)
    page.evaluate(_REPLACE_TEXT, replacements)
    try:
        target_box = element_box(target) if target is not None else None
        typed = typed or {}
        boxes = [(box, typed.get(id(h))) for h in fields if (box := element_box(h))]
        marks = highlights(target_box, [box for box, _ in boxes], [value for _, value in boxes])
        masked = [Box(*found) for found in secrets.evaluate_all(_VISIBLE_BOXES)]
        plain = page.screenshot(
            animations="disabled",
            caret="hide",
            mask=[secrets],
            mask_color=MASK_COLOUR,
            clip=vars(clip) if clip is not None else None,
        )
    finally:
        page.evaluate(_UNDRESS)
    origin = (clip.x, clip.y) if clip is not None else (0.0, 0.0)
    png = draw_marks(plain, marks, origin) if marks else plain
    return Picture(png=png, highlights=marks, masked=masked, plain=plain)


# The EU Login Mobile App's page draws a phone; a step that acts on it is shown with the
# phone's screen beside the computer's, as a person sees both.
PHONE_SCREEN = "[data-testid=phone]"
PHONE_GAP = 24
BACKDROP = (217, 222, 229)


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


def _beside(computer_png: bytes, phone_png: bytes) -> tuple[bytes, tuple[int, int]]:
    """The two screens on one canvas, and where the phone's stands on it."""
    left_image = Image.open(io.BytesIO(computer_png)).convert("RGB")
    right_image = Image.open(io.BytesIO(phone_png)).convert("RGB")
    width = left_image.width + PHONE_GAP + right_image.width
    height = max(left_image.height, right_image.height)
    canvas = Image.new("RGB", (width, height), BACKDROP)
    canvas.paste(left_image, (0, 0))
    left, top = left_image.width + PHONE_GAP, (height - right_image.height) // 2
    canvas.paste(right_image, (left, top))
    png = io.BytesIO()
    canvas.save(png, format="PNG")
    return png.getvalue(), (left, top)


def side_by_side(computer: Picture, phone: Picture, screen: Box) -> Picture:
    """One picture: the computer on the left, the phone on the right, centred; the phone's
    marks and masks moved to where it now stands."""
    png, (left, top) = _beside(computer.png, phone.png)
    plain = None
    if computer.plain is not None and phone.plain is not None:
        plain, _ = _beside(computer.plain, phone.plain)

    def moved(box: Box) -> Box:
        return Box(box.x - screen.x + left, box.y - screen.y + top, box.width, box.height)

    return Picture(
        png=png,
        highlights=[
            *computer.highlights,
            *(
                Highlight(h.kind, moved(h.element), moved(h.shape), h.value)
                for h in phone.highlights
            ),
        ],
        masked=[*computer.masked, *(moved(box) for box in phone.masked)],
        plain=plain,
    )
