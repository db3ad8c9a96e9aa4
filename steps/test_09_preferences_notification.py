"""Part II.3 of the guide: notification preferences and «Déconnexion»."""

from pytest_bdd import scenarios

scenarios("09_preferences_notification.feature")
