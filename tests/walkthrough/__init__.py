"""Tests of the screenshot walkthrough, with a demonstration feature of their own."""
