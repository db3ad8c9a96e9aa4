"""Part II.1 of the guide: creating the Operator role by searching for the company."""

from pytest_bdd import scenarios

scenarios("06_role_operateur.feature")
