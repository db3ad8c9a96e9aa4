"""The process check of a pytest run, loaded for every run by the root ``conftest.py``.

The run's controller (the only process of a run without xdist) tags the environment
before any worker or test starts; xdist's workers inherit the tag and check nothing. Once
every worker has exited, the controller kills what still carries the tag, names it, and
the run fails. A pytest run that a test starts (``tests/suite_runs.py``) tags a run inside
the outer one: it fails on its own leftovers, which are the outer run's too.

A run stopped by SIGTERM (a CI job cancelled or out of time, ``timeout``, ``kill``) stops as
Ctrl-C stops it: pytest ends the test under way, runs the teardowns, which stop the servers
the tests started, and the check runs. Killed outright, pytest would leave them running.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator

import pytest

from . import Run, describe, terminated_as_interrupted

_RUN = pytest.StashKey[Run]()
_TERM = pytest.StashKey[contextlib.ExitStack]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # First, so that whatever another plugin starts while configuring carries the tag.
    if not hasattr(config, "workerinput"):
        config.stash[_RUN] = Run.begin()
    # In the controller and in each worker: a signal to the run's group reaches them all.
    config.stash[_TERM] = stack = contextlib.ExitStack()
    stack.enter_context(terminated_as_interrupted())


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None]:
    # Innermost: xdist's own sessionfinish, which waits for its workers, has run before.
    result = yield
    run = session.config.stash.get(_RUN, None)
    if run is None:
        return result
    leftovers = run.end()
    if leftovers:
        message = describe(leftovers, "this pytest run")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.line("")
            reporter.write_sep("=", "processes left running", red=True)
            reporter.write_line(message, red=True)
        else:
            print(message, file=sys.stderr)
        if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    return result


def pytest_unconfigure(config: pytest.Config) -> None:
    # A run that stopped before its session ends here; an in-process run (the walkthrough's
    # pytest.main) gives back its caller's tag.
    run = config.stash.get(_RUN, None)
    if run is not None:
        run.restore()
    if (stack := config.stash.get(_TERM, None)) is not None:
        stack.close()
