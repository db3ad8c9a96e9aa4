"""The accessibility check itself: it finds what axe-core calls serious or critical."""

from playwright.sync_api import Page

from pages.accessibility import describe, violations

CLEAN = (
    '<html lang="fr"><head><title>T</title></head><body><main><h1>Titre</h1></main></body></html>'
)
BROKEN = (
    '<html lang="fr"><head><title>T</title></head><body><main>'
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'  # no alt: critical
    '<p style="color:#bbb;background:#fff">Texte pâle</p>'  # low contrast: serious
    "</main></body></html>"
)


def test_a_clean_page_has_no_violation(page: Page):
    page.set_content(CLEAN)
    assert violations(page) == []


def test_missing_alternatives_and_low_contrast_are_found_and_told(page: Page):
    page.set_content(BROKEN)
    found = violations(page)
    assert {violation.rule for violation in found} == {"image-alt", "color-contrast"}
    assert {violation.impact for violation in found} == {"critical", "serious"}
    assert "image-alt (critical)" in describe(found)
    # The script is injected once per document: a second check finds the same.
    assert [v.rule for v in violations(page)] == [v.rule for v in found]
