"""The workers of a walkthrough run share its scenarios through claims in the run's folder:
each replays only what it claimed, and ships it; the fixtures of a module another worker took
a scenario of are torn down as pytest tears them down after an item."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkthrough.recorder import PLACE, Recorder, RunOptions
from walkthrough.runfolder import RunFolder

pytest_plugins = ["pytester"]

SUITE = {
    "test_first": """
        import pytest

        OPENED = []

        @pytest.fixture(scope="module")
        def module_state():
            OPENED.append("first")
            yield
            OPENED.remove("first")

        def test_one(module_state):
            pass

        def test_two(module_state):
            pass
    """,
    "test_second": """
        from test_first import OPENED

        def test_three():
            # The first module's fixture is gone, though its last test ran elsewhere.
            assert OPENED == []
    """,
}


class Places:
    """Stands in for ``walkthrough.plugin``'s collection: each test a place in one guide."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for position, item in enumerate(items):
            item.stash[PLACE] = ("fr", position)


def _worker(pytester: pytest.Pytester, folder: RunFolder) -> pytest.RunResult:
    recorder = Recorder(RunOptions(), folder, worker=0)
    # pytest-playwright keeps state of its own per process: not in the run inside this one.
    arguments = ("-p", "no:cacheprovider", "-p", "no:playwright")
    return pytester.runpytest_inprocess(*arguments, plugins=[recorder, Places()])


def test_a_worker_replays_what_it_claims_and_tears_down_what_another_took(
    pytester: pytest.Pytester, tmp_path: Path
):
    pytester.makepyfile(**SUITE)
    folder = RunFolder(tmp_path / "run")
    folder.prepare(None)
    assert folder.claim("fr", 1)  # test_two: another worker's
    result = _worker(pytester, folder)
    result.assert_outcomes(passed=2)  # test_one and test_three
    assert sorted(path.name for path in (folder.path / "claims").iterdir()) == [
        "fr-000",
        "fr-001",
        "fr-002",
    ]


def test_a_stopped_run_claims_nothing_more(pytester: pytest.Pytester, tmp_path: Path):
    pytester.makepyfile(**SUITE)
    folder = RunFolder(tmp_path / "run")
    folder.prepare(None)
    folder.stop()  # a scenario failed in another worker
    result = _worker(pytester, folder)
    result.assert_outcomes()
    assert not folder.claim("fr", 0)
