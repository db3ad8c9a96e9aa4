"""Step definitions, shared fixtures and report hooks of the browser acceptance suite."""
