"""The accessibility check itself: it finds what axe-core calls serious or critical."""

from urllib.parse import quote

from playwright.sync_api import Page

from pages.accessibility import describe, load_with_every_document, violations

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


def test_axe_core_can_come_with_every_document_of_a_context(page: Page):
    page.goto("data:text/html," + quote(CLEAN))
    assert page.evaluate("typeof window.axe") == "undefined"
    load_with_every_document(page.context)
    for markup in (BROKEN, CLEAN):  # each new document has it before any check
        page.goto("data:text/html," + quote(markup))
        assert page.evaluate("typeof window.axe") == "object"
    page.goto("data:text/html," + quote(BROKEN))
    assert {violation.rule for violation in violations(page)} == {"image-alt", "color-contrast"}
