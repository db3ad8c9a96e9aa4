"""Values kept in a file for the next process: read back the same, computed again when the
file is missing, cut short or cannot be written, and never kept when the folder is unset."""

from __future__ import annotations

import json

import pytest

from mock_portal import fakes, filecache
from mock_portal.traces import seeddata


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(filecache.CACHE_VARIABLE, str(folder))
    return folder


def _counted(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_value_is_computed_once_then_read(cache):
    compute, calls = _counted({"rows": [("BE", 1.25)]})
    first = filecache.json_value("rows", ["a", b"b"], compute)
    again = filecache.json_value("rows", ["a", b"b"], compute)
    assert first == again == {"rows": [["BE", 1.25]]}  # as JSON gives it back, both times
    assert calls == [1]
    assert [path.name[:5] for path in cache.glob("*.json")] == ["rows-"]


def test_other_inputs_read_another_file_and_replace_the_old_one(cache):
    compute, calls = _counted([1])
    filecache.json_value("rows", ["version 1"], compute)
    filecache.json_value("rows", ["version 2"], compute)
    filecache.json_value("other", ["version 1"], compute)
    assert calls == [1, 1, 1]
    assert sorted(path.name.split("-")[0] for path in cache.glob("*.json")) == ["other", "rows"]


def test_a_file_cut_short_is_computed_again_and_written_whole(cache):
    compute, calls = _counted({"n": 1})
    filecache.json_value("rows", ["a"], compute)
    [path] = cache.glob("*.json")
    path.write_text('{"n": ', encoding="utf-8")
    assert filecache.json_value("rows", ["a"], compute) == {"n": 1}
    assert calls == [1, 1]
    assert json.loads(path.read_text(encoding="utf-8")) == {"n": 1}


def test_a_folder_that_cannot_be_written_costs_the_computation_only(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(filecache.CACHE_VARIABLE, str(blocked / "cache"))
    compute, calls = _counted([1])
    assert filecache.json_value("rows", ["a"], compute) == [1]
    assert filecache.json_value("rows", ["a"], compute) == [1]
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == [blocked]


def test_an_empty_folder_setting_keeps_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv(filecache.CACHE_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compute, calls = _counted([1])
    filecache.json_value("rows", ["a"], compute)
    filecache.json_value("rows", ["a"], compute)
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []


def test_the_user_cache_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv(filecache.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert filecache.folder() == tmp_path / "traces-nt-mock"


def test_generated_operators_are_read_back_without_faker(cache, monkeypatch):
    seeddata.generated_operators.cache_clear()
    made = seeddata.generated_operators(31)
    seeddata.generated_operators.cache_clear()

    def no_faker(*args):
        raise AssertionError("Faker was asked again")

    monkeypatch.setattr(fakes, "country_faker", no_faker)
    try:
        assert seeddata.generated_operators(31) == made
    finally:
        seeddata.generated_operators.cache_clear()
    assert made[0]["activities"] and isinstance(made[0]["activities"][0], tuple)
    assert [path.name.split("-")[1] for path in cache.glob("*.json")] == ["31"]


def has_two_rows(value) -> bool:
    return len(value.get("rows", [])) == 2


def test_a_value_found_wrong_is_computed_again(cache):
    compute, calls = _counted({"rows": [1, 2]})
    filecache.json_value("rows", ["a"], compute, has_two_rows)
    [path] = cache.glob("*.json")
    path.write_text('{"rows": [1]}', encoding="utf-8")
    assert filecache.json_value("rows", ["a"], compute, has_two_rows) == {"rows": [1, 2]}
    assert calls == [1, 1]


def test_a_list_of_operators_cut_short_is_drawn_again(cache):
    seeddata.generated_operators.cache_clear()
    try:
        made = seeddata.generated_operators(32)
        [path] = cache.glob("operators-32-*.json")
        path.write_text(json.dumps([{"name": "only one", "activities": []}]), encoding="utf-8")
        seeddata.generated_operators.cache_clear()
        assert seeddata.generated_operators(32) == made
    finally:
        seeddata.generated_operators.cache_clear()
