"""benchmarks/machine.py: the speed probe the benchmarks print beside their figures."""

from __future__ import annotations

import itertools

import pytest

from benchmarks.machine import probe, speed_line


def clock_reading(durations):
    """A clock whose successive readings span ``durations``, one reading of the work each."""
    moments = [0.0]
    for seconds in durations:
        moments += [moments[-1] + 1.0, moments[-1] + 1.0 + seconds]
    return iter(moments[1:]).__next__


def test_the_probe_is_the_median_of_its_readings():
    # One reading taken while another machine of the host held the core does not count.
    assert probe(reads=3, clock=clock_reading([0.11, 0.95, 0.12])) == pytest.approx(0.12)
    # Neither the mean, the first, the last nor the least.
    assert probe(reads=5, clock=clock_reading([0.5, 0.1, 0.3, 0.9, 0.2])) == pytest.approx(0.3)


def test_the_probe_reads_as_often_as_asked():
    readings = itertools.count()
    probe(reads=4, clock=lambda: float(next(readings)))
    assert next(readings) == 8  # a reading before and after each of the four


def test_the_line_gives_both_readings_and_how_to_read_them():
    line = speed_line(0.104, 0.2149)
    assert "0.10 s before, 0.21 s after" in line
    assert "lower is faster" in line
