"""The registration journey on the English interface."""

from pytest_bdd import scenarios

scenarios("01_registration_en.feature")
