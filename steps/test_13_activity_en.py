"""Part III of the guide on the English interface: adding an activity."""

from pytest_bdd import scenarios

scenarios("13_activity_en.feature")
