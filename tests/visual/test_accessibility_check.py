"""The accessibility check itself: it finds what axe-core calls serious or critical."""

from urllib.parse import quote

from playwright.sync_api import Page

from pages.accessibility import describe, load_with_every_document, rules_below, violations

CLEAN = (
    '<html lang="fr"><head><title>T</title></head><body><main><h1>Titre</h1></main></body></html>'
)
BROKEN = (
    '<html lang="fr"><head><title>T</title></head><body><main>'
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'  # no alt: critical
    '<p style="color:#bbb;background:#fff">Texte pâle</p>'  # low contrast: serious
    "</main></body></html>"
)
# Lesser violations beside the serious ones: a paragraph outside every landmark ("region")
# and a heading that skips a level ("heading-order"), both moderate.
MIXED = BROKEN.replace("<body>", "<body><p>Hors repère</p>").replace(
    "</main>", "<h1>Titre</h1><h3>Sous-titre</h3></main>"
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


def test_rules_that_can_only_find_lesser_violations_are_not_run(page: Page):
    page.set_content(MIXED)
    found = violations(page)
    skipped = set(rules_below(page))
    assert {"region", "heading-order"} <= skipped
    assert not {"image-alt", "color-contrast", "label", "button-name"} & skipped
    # Every rule run, the lesser ones are there; of the serious and critical, none is missed.
    every = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    assert {"region", "heading-order"} <= {rule["id"] for rule in every}
    assert sorted(v.rule for v in found) == sorted(
        rule["id"] for rule in every if rule["impact"] in ("serious", "critical")
    )


def test_without_axe_cores_catalogue_every_rule_is_run(page: Page):
    page.set_content(CLEAN)
    page.evaluate("window.axe = {run: () => null}")  # a build that keeps its rules elsewhere
    assert rules_below(page) == []
