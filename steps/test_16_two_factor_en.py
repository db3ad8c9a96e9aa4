"""Two-factor sign-in with the EU Login Mobile App, on the English interface."""

from pytest_bdd import scenarios

scenarios("16_two_factor_en.feature")
