"""Playwright page objects: one class per screen or dialog, the only home of locators."""
