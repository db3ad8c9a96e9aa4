"""Accessibility checks of a page with axe-core (through axe-playwright-python).

Serious and critical violations are what a screen must never have: they stop someone
from using it with a keyboard, a screen reader or low vision.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page

BLOCKING_IMPACTS = ("serious", "critical")
_AXE = Axe()


@dataclass(frozen=True)
class Violation:
    """An axe-core rule the page breaks, and where."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.rule} ({self.impact}): {self.help} – {where}"


def load_with_every_document(context: BrowserContext) -> None:
    """Have axe-core loaded with every document of ``context`` from now on, ready for
    ``violations``. A script the document loads is compiled once and its code reused by
    the next documents; injected after the load, its 570 kB are compiled again each time
    (some 40 ms of a screen's check)."""
    context.add_init_script(script=_AXE.axe_script)


# The rules none of whose checks can be of one of ``impacts``: their violations could only
# be lesser ones, so running them (a fifth of axe-core's time on the portal's pages,
# "region" the longest of them) would find nothing asked for. Read from axe-core's
# own catalogue, so that a rule whose impact an upgrade raises is run again; a rule or
# check whose impact it does not state is always run.
_RULES_BELOW = """(impacts) => {
    const audit = window.axe && axe._audit;
    if (!audit || !Array.isArray(audit.rules) || !audit.data || !audit.data.checks) return [];
    const impactOf = (check) => (audit.data.checks[typeof check === "string" ? check : check.id] || {}).impact;
    return audit.rules.filter((rule) => {
        const checks = [...(rule.any || []), ...(rule.all || []), ...(rule.none || [])].map(impactOf);
        const stated = rule.impact ? [...checks, rule.impact] : checks;
        return checks.length > 0 && stated.every((impact) => impact && !impacts.includes(impact));
    }).map((rule) => rule.id);
}"""
_RUN = f"""(impacts) => axe.run(document, {{
    resultTypes: ["violations"],
    rules: Object.fromEntries(({_RULES_BELOW})(impacts).map((id) => [id, {{enabled: false}}])),
}})"""


def rules_below(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:
    """The axe-core rules that cannot find a violation of ``impacts`` (loaded on ``page``)."""
    return page.evaluate(_RULES_BELOW, list(impacts))


def violations(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[Violation]:
    """The page's violations of ``impacts``, as axe-core finds them now."""
    # axe-core is injected once per document; a navigation brings a new document.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    results = page.evaluate(_RUN, list(impacts))
    return [
        Violation(
            rule=found["id"],
            impact=found.get("impact") or "",
            help=found.get("help", ""),
            targets=tuple(" ".join(map(str, node["target"])) for node in found["nodes"]),
        )
        for found in results["violations"]
        if (found.get("impact") or "") in impacts
    ]


def describe(found: list[Violation]) -> str:
    """The violations, one per line, for an assertion message."""
    return "\n".join(f"  - {violation}" for violation in found)
