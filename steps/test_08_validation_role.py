"""Part II.2 of the guide: the authority validates, suspends and re-activates the role."""

from pytest_bdd import scenarios

scenarios("08_validation_role.feature")
