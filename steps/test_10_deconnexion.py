"""Part II.3 of the guide: «Déconnexion»."""

from pytest_bdd import scenarios

scenarios("10_deconnexion.feature")
