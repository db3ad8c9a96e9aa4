"""Part I of the guide: registering in EU Login from the TRACES NT welcome page."""

from pytest_bdd import scenarios

scenarios("01_inscription.feature")
