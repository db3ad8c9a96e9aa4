"""Tests of TRACES NT roles, operators and activities, through the Flask test client."""
