"""Part II.1 of the guide: «+ Créer un nouvel opérateur» and its errors."""

from pytest_bdd import scenarios

scenarios("07_nouvel_operateur.feature")
