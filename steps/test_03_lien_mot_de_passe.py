"""Part I of the guide: the mailed password link, valid 90 minutes and once."""

from pytest_bdd import scenarios

scenarios("03_lien_mot_de_passe.feature")
