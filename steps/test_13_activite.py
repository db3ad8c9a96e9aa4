"""Part III of the guide: «+ Ajouter une activité» and the authority's validation."""

from pytest_bdd import scenarios

scenarios("13_activite.feature")
