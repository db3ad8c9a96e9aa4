"""Part I of the guide: every registration error, reported at its field."""

from pytest_bdd import scenarios

scenarios("02_inscription_erreurs.feature")
