"""Part II of the guide: one EU Login account for every TRACES NT environment."""

from pytest_bdd import scenarios

scenarios("05_environnements.feature")
