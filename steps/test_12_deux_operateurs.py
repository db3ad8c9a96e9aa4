"""Part II.1 of the guide: working for two different operators."""

from pytest_bdd import scenarios

scenarios("12_deux_operateurs.feature")
