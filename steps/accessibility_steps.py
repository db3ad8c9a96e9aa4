"""Accessibility, checked by axe-core on the screen a scenario has reached."""

from playwright.sync_api import Page
from pytest_bdd import then

from pages.accessibility import describe, violations


@then("la page ne présente aucune violation d'accessibilité")
@then("the page has no accessibility violation")
def no_accessibility_violation(page: Page) -> None:
    page.wait_for_load_state()
    found = violations(page)
    assert not found, f"{page.url} has serious or critical accessibility violations:\n" + describe(
        found
    )
