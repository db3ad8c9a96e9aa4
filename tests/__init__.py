"""Unit and integration tests of the mock portal, through Flask's test client."""
