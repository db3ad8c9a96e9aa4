"""The registration journey on the English interface."""

from pytest_bdd import scenarios

scenarios("registration_en.feature")
