"""Part I of the guide: the registration screen's language, and help when the mail does not come."""

from pytest_bdd import scenarios

scenarios("17_ecran_enregistrement.feature")
