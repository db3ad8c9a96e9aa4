"""Part II.1 of the guide on the English interface: «+ Create a New operator»."""

from pytest_bdd import scenarios

scenarios("07_new_operator_en.feature")
