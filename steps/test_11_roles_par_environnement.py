"""Part II of the guide: a role asked for in one environment stays there."""

from pytest_bdd import scenarios

scenarios("11_roles_par_environnement.feature")
