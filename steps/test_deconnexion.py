"""Part II.3 of the guide: «Déconnexion»."""

from pytest_bdd import scenarios

scenarios("deconnexion.feature")
