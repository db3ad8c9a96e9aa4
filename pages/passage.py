"""Clicks on the way: what a step clicks to reach the screen it is about.

The walkthrough photographs a step just before its last click (and checks that screen's
accessibility). A step that passes through screens, a Given that signs in and sends a
request, clicks several times, and the walkthrough, which cannot know which click is the
last, photographed each one and kept only the last picture. A click made inside
``on_the_way()`` is one that another click of the same step always follows, so it is never
the step's last: the walkthrough does not photograph it. Should one be the last after all,
the walkthrough fails the step and says so, rather than show another picture.

Outside the walkthrough, the block changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ON_THE_WAY: ContextVar[bool] = ContextVar("on_the_way", default=False)


@contextmanager
def on_the_way() -> Iterator[None]:
    """Mark the clicks of the block as followed, always, by another click of the step."""
    token = _ON_THE_WAY.set(True)
    try:
        yield
    finally:
        _ON_THE_WAY.reset(token)


def is_on_the_way() -> bool:
    """Whether the click about to be made is inside an ``on_the_way()`` block."""
    return _ON_THE_WAY.get()
