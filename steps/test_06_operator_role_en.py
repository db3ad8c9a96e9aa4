"""Part II.1 of the guide on the English interface: the Operator role."""

from pytest_bdd import scenarios

scenarios("06_operator_role_en.feature")
