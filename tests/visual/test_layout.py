"""What a trainer's screen shows at 1280 pixels: a top bar on one line, selects that show
their options whole."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from steps.journeys import sign_in_to_traces
from steps.mobile_apps import MobileApps
from steps.people import seeded_authority

# Room a select keeps for its arrow, beyond its padding.
ARROW = 24
FITS = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight) - ARROW;
  return [...select.options].filter((o) => context.measureText(o.text).width > room)
    .map((o) => o.text);
}""".replace("ARROW", str(ARROW))


@pytest.fixture
def authority(page: Page, mobile_apps: MobileApps) -> Page:
    """The Belgian authority, signed in: its top bar holds the most links."""
    belgian = seeded_authority("BEAFSCA04")
    sign_in_to_traces(page, belgian.email, belgian.password, "Production", mobile_apps)
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_top_bar_of_an_authority_holds_on_one_line(authority: Page, language: str):
    if language == "en":
        authority.get_by_role("link", name="English (en)").click()
        # The click only starts the navigation: wait for the English page, not the French
        # one unloading or the English one half parsed.
        expect(authority.locator("html")).to_have_attribute("lang", "en")
    authority.wait_for_load_state("load")  # measured whole and styled
    tops = authority.locator(".topright > *, .topright nav > *").evaluate_all(
        "(items) => items.map((item) => Math.round(item.getBoundingClientRect().top + "
        "item.getBoundingClientRect().height / 2))"
    )
    assert len(tops) >= 7
    assert max(tops) - min(tops) <= 2, tops
    heights = authority.locator(".topright a").evaluate_all(
        "(links) => links.map((link) => link.getClientRects().length)"
    )
    assert set(heights) == {1}, "a link of the top bar wraps onto two lines"


SEARCH = "/tracesnt/roles/new/operator?country=BE"


@pytest.mark.parametrize(
    "paths",
    [
        [SEARCH],
        [SEARCH, "/tracesnt/operators/new?country=BE"],  # offered once a search was made
        ["/tracesnt/operators/1/activities/new"],
    ],
    ids=["search", "new-operator", "add-activity"],
)
def test_section_and_activity_selects_show_every_option_whole(authority: Page, paths: list):
    for path in paths:
        authority.goto(path)
    assert authority.url.endswith(paths[-1])
    for name in ("section", "activity_type"):
        select = authority.locator(f"select[name={name}]")
        assert select.locator("option").count() > 5
        cut = select.evaluate(FITS)
        assert cut == [], f"{name} cuts: {cut}"
