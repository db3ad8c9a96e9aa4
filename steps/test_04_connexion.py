"""Part II of the guide: signing in to TRACES NT through EU Login."""

from pytest_bdd import scenarios

scenarios("04_connexion.feature")
