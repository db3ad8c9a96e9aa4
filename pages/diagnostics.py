"""What the screen showed when a step failed: where, which screen, and what it said."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Error, Page

# Each invalid field with its label and the message tied to it (aria-describedby).
_INVALID_FIELDS_SCRIPT = """elements => elements.map(element => {
  const label = element.labels && element.labels.length ? element.labels[0].innerText : element.name;
  const ids = (element.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  const message = ids.map(id => document.getElementById(id)).filter(Boolean)
    .map(node => node.innerText.trim()).join(' ');
  return `${label.trim()}: ${message}`;
})"""


@dataclass
class ScreenState:
    """A description of the screen for a failure report."""

    url: str
    title: str = ""
    heading: str = ""
    alerts: list[str] = field(default_factory=list)
    invalid_fields: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """Readable lines for the report."""
        lines = [
            f"Screen: {self.heading or '(no heading)'} [{self.title}]",
            f"URL: {self.url}",
        ]
        lines += [f"Alert: {alert}" for alert in self.alerts]
        lines += [f"Invalid field: {invalid}" for invalid in self.invalid_fields]
        lines += [f"(could not read: {problem})" for problem in self.problems]
        return "\n".join(lines)


def describe_screen(page: Page) -> ScreenState:
    """Read the page without waiting: a failure report must not hang on a broken page."""
    state = ScreenState(url=page.url)
    readings = {
        "title": page.title,
        "heading": lambda: " / ".join(page.get_by_role("heading", level=1).all_inner_texts()),
        "alerts": lambda: [
            text.strip() for text in page.get_by_role("alert").all_inner_texts() if text.strip()
        ],
        "invalid_fields": lambda: page.locator("[aria-invalid=true]").evaluate_all(
            _INVALID_FIELDS_SCRIPT
        ),
    }
    for name, read in readings.items():
        try:
            setattr(state, name, read())
        except Error as exc:
            state.problems.append(f"{name}: {exc.message.splitlines()[0]}")
    return state
