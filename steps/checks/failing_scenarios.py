"""A scenario that fails on purpose, for the tests of the reports.

Its name does not match ``test_*.py``: only a run that names this file collects it.
"""

from pathlib import Path

from pytest_bdd import scenarios

scenarios(str(Path(__file__).with_name("deliberate_failure.feature")))
