"""The garbage collector of a test process: rarer collections from its first import, and
what the collected session holds set aside.

A pytest process of the suite imports Flask, SQLAlchemy, Playwright, Faker and a dozen
plugins, 150,000 to 300,000 objects that live as long as it does. With Python's default
thresholds the collector collects the youngest every 700 allocations, and walks them all at each
full collection: the imports alone cost five to seven full collections, as the heap grows by
a quarter each time. Measured here (CPU-seconds, user and system):

- a pytest process's start (collecting one feature): 2.4 by default, 1.9 with these
  thresholds set before the plugins are imported. The suite starts some fifty such
  processes a run: its xdist workers, the runs of the suite inside the suite, the
  walkthrough's workers.
- the Flask tests of tests/traces in one process (833 tests): the collector took 8.8 of
  123 CPU-seconds; with the thresholds and the collected session frozen, 3.1. 20,000 and
  50,000 allocations took no less (3.4 and 3.8).

pyproject's ``addopts`` loads this plugin with ``-p``, which pytest imports before the
plugins it finds installed: the thresholds are set on import. Once the tests are collected,
the session is collected one last time and frozen (``gc.freeze``): frozen objects are never
walked again, nor ever collected, so only what the tests allocate afterwards is. The
package is installed, so the plugin loads whatever the directory pytest starts in.
"""

from __future__ import annotations

import gc

import pytest

# Young collections every 10,000 allocations instead of 700; the older generations as
# before, each after 10 of the one below.
THRESHOLDS = (10_000, 10, 10)

# On import: before the plugins and the project are imported, which is most of a start.
gc.set_threshold(*THRESHOLDS)


def set_aside_what_lives_on() -> None:
    """Collect what is garbage now, then freeze the rest: it lives to the process's end."""
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    # After every other plugin has seen the collection (an xdist controller collects nothing
    # and keeps the thresholds alone).
    set_aside_what_lives_on()
