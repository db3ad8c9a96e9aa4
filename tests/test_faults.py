"""``./dev load --fault``'s judgement (``benchmarks/faults.py``): which failures a fault
explains, and when ``/__health`` was back."""

import os
import shutil
import tempfile

import psycopg
import pytest

from benchmarks.faults import (
    SLACK_SECONDS,
    Failure,
    Fault,
    HealthWatch,
    outside_faults,
    parse_fault,
    restart_postgresql,
    timeline,
)
from mock_portal.postgres import LocalCluster, PostgresUnavailable


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
    # Answered before anything broke, however close to the fault.
    just_before = _failure(99.0, 100.0 - SLACK_SECONDS / 2)
    long_after = _failure(110.0, 110.1)
    failures = [in_flight, during, just_after, long_before, just_before, long_after]
    assert outside_faults(failures, [fault]) == [long_before, just_before, long_after]


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


class _Cluster:
    """A stand-in for ``LocalCluster``: restarts, or fails to, as told."""

    def __init__(self, error: str | None = None):
        self.error = error
        self.restarts = 0

    def restart(self) -> None:
        self.restarts += 1
        if self.error:
            raise PostgresUnavailable(self.error)


def test_the_restart_fault_restarts_the_cluster_through_its_own_method():
    fault = Fault("restart-postgresql", 35)
    cluster = _Cluster()
    restart_postgresql(fault, cluster)
    assert cluster.restarts == 1
    assert 0 < fault.began <= fault.ended
    assert fault.detail.startswith("PostgreSQL restarted in ")
    failing = Fault("restart-postgresql", 35)
    restart_postgresql(failing, _Cluster("pg_ctl failed (1): server did not start"))
    assert "restart FAILED: pg_ctl failed (1): server did not start" in failing.detail


def _postmaster(cluster: LocalCluster) -> int:
    return int((cluster.data / "postmaster.pid").read_text().split()[0])


def test_a_restarted_cluster_ends_every_session_and_serves_again_with_its_settings():
    # Where the server's own user can reach it, as the test backends' cluster.
    memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    folder = tempfile.mkdtemp(prefix="portal-tests-restart-", dir=memory)
    cluster = LocalCluster(folder, durable=False)
    try:
        try:
            cluster.start()
        except PostgresUnavailable as error:
            pytest.skip(str(error))
        before = _postmaster(cluster)
        session = cluster._connect()
        cluster.restart()
        with pytest.raises(psycopg.OperationalError):
            session.execute("SELECT 1")
        session.close()
        assert _postmaster(cluster) != before
        with cluster._connect() as again:
            assert again.execute("SHOW fsync").fetchone() == ("off",)
            assert again.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
