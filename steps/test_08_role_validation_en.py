"""Part II.2 of the guide on the English interface: the authority validates the role."""

from pytest_bdd import scenarios

scenarios("08_role_validation_en.feature")
