"""Preconditions through the control API: the state a Given names, without its screens.

A Given that establishes a state («son rôle … a été validé par l'autorité …», «il a ajouté …
l'activité …») costs a dozen screens when replayed; the control API reaches the same state by
the same rules in one call. Scenarios the walkthrough photographs (@guide) keep the screens,
which are their point, and so does a portal without the control API.
"""

from __future__ import annotations

import re

import pytest

from pages.control import PortalControl

# The environment the Givens act in: the page objects' default.
ENVIRONMENT = "production"
_CODE = re.compile(r"\(([A-Z]{2})\)\s*$")


def shortcut(request: pytest.FixtureRequest) -> PortalControl | None:
    """The control API when the scenario may skip screens; None when it replays them."""
    from steps.target import has_control_api

    if request.node.get_closest_marker("guide") is not None:
        return None
    if not has_control_api(request.config):
        return None
    return request.getfixturevalue("portal")


def country_code(label: str) -> str:
    """``Belgique (BE)`` as ``BE``."""
    match = _CODE.search(label)
    if match is None:
        raise ValueError(f"Expected a country as the portal names it, «Belgique (BE)»: {label!r}")
    return match.group(1)
