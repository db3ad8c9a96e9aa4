"""Part III of the guide: who may see or change an operator's page."""

from pytest_bdd import scenarios

scenarios("15_acces_operateur.feature")
