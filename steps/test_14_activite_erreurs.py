"""Part III of the guide: the rules of an activity, each refusal at its field."""

from pytest_bdd import scenarios

scenarios("14_activite_erreurs.feature")
