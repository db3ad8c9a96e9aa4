"""Two-factor sign-in with the EU Login Mobile App (TRACES NT has asked for it since June 2024)."""

from pytest_bdd import scenarios

scenarios("16_deux_facteurs.feature")
