"""``./dev load --fault``'s judgement (``benchmarks/faults.py``): which failures a fault
explains, and when ``/__health`` was back."""

import pytest

from benchmarks.faults import (
    SLACK_SECONDS,
    Failure,
    Fault,
    HealthWatch,
    outside_faults,
    parse_fault,
    timeline,
)


def _failure(start, end):
    return Failure(start, end, "3 mailbox", "trainee@example.com", "503 on /mailbox/")


def test_a_fault_is_named_with_its_time_or_takes_the_default():
    assert parse_fault("kill-worker@12.5", 20) == Fault("kill-worker", 12.5)
    assert parse_fault("restart-postgresql", 35) == Fault("restart-postgresql", 35)
    with pytest.raises(ValueError, match="unknown fault"):
        parse_fault("unplug", 20)


def test_only_requests_in_flight_at_a_fault_are_explained_by_it():
    fault = Fault("restart-postgresql", 35, began=100.0, ended=101.0)
    in_flight = _failure(99.5, 100.2)
    during = _failure(100.5, 100.6)
    just_after = _failure(101.0 + SLACK_SECONDS / 2, 101.9)
    long_before = _failure(90.0, 95.0)
    long_after = _failure(110.0, 110.1)
    failures = [in_flight, during, just_after, long_before, long_after]
    assert outside_faults(failures, [fault]) == [long_before, long_after]


def test_the_timeline_shows_failures_beside_the_fault_that_caused_them():
    fault = Fault("kill-worker", 20, began=1020.2, ended=1020.2)
    lines = timeline([_failure(1019.0, 1020.3), _failure(1019.5, 1020.4)], [fault], 1000.0)
    assert lines == ["  t=  20 s    2 failed  <- kill-worker"]


def test_health_is_back_after_the_last_answer_other_than_200():
    watch = HealthWatch("http://127.0.0.1:9/__health")
    watch.samples = [(99.8, 200), (100.2, 503), (100.4, 503), (100.6, 200), (100.8, 200)]
    fault = Fault("restart-postgresql", 35, began=100.0, ended=100.5)
    assert watch.back_after(fault) == pytest.approx(0.6)
    assert watch.unhealthy_after(fault) == 2
    # Answers after the next fault belong to that one.
    watch.samples.append((120.5, 503))
    assert watch.back_after(fault, until=120.0) == pytest.approx(0.6)
    assert watch.back_after(fault) is None
