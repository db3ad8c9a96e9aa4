"""Part II.3 of the guide on the English interface: notification preferences and «Sign out»."""

from pytest_bdd import scenarios

scenarios("09_notification_preferences_en.feature")
