"""No process outlives a run: the check (process_check) finds, names and kills what a run left
running, spares what ended, fails a pytest run over it, and the servers tests start stop
with their whole process group."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import psutil
import pytest

from pages.browser import LAUNCH_ARGS
from process_check import (
    RUN_VARIABLE,
    Run,
    checked,
    stop_group,
    tagged,
    terminated_as_interrupted,
)

from .browser_server import browser_server
from .suite_runs import outcome, passed_count, run_suite, run_suites, start_suite
from .support import runs

# A daemon in miniature: its parent exits at once, and it lives on in a session of its own.
LEAK = (
    "import subprocess; "
    "print(subprocess.Popen(['sleep', '30'], start_new_session=True, "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid)"
)


def _leak() -> int:
    """Leave a ``sleep 30`` running, orphaned; its pid."""
    done = subprocess.run([sys.executable, "-c", LEAK], capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_process_left_running_is_named_and_killed():
    outer = os.environ.get(RUN_VARIABLE)
    run = Run.begin()
    assert os.environ[RUN_VARIABLE] == (f"{outer}/" if outer else "") + run.tag.split("/")[-1]
    pid = _leak()
    assert runs(pid)
    leftovers = run.end(grace=0.5)
    assert [(leftover.pid, leftover.pgid, leftover.command) for leftover in leftovers] == [
        (pid, pid, "sleep 30")
    ]
    assert not runs(pid)
    assert os.environ.get(RUN_VARIABLE) == outer


def test_processes_that_ended_are_not_leftovers():
    run = Run.begin()
    subprocess.run(["true"], check=True)
    # Ended but not reaped: a zombie, as orphans stay where PID 1 reaps none.
    zombie = subprocess.Popen(["true"])
    os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)
    # Ending as the run ends, as a browser does when its driver closes it.
    closing = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )
    assert closing.poll() is None
    closing.stdin.close()
    try:
        assert run.end() == []
    finally:
        zombie.wait()
        stop_group(closing)


def test_a_job_that_leaves_a_process_fails_naming_it(capsys: pytest.CaptureFixture):
    # A leaked `sleep 30` is not ending: half a second of grace tells it as well as three.
    assert checked(lambda: 0, "the job", grace=0.5) == 0
    pids = []
    assert checked(lambda: pids.append(_leak()) or 0, "the job", grace=0.5) == 1
    message = capsys.readouterr().err
    assert "1 process(es) started by the job were still running when it ended" in message
    assert re.search(rf"pid {pids[0]} \(group {pids[0]}, \d+ s old\): sleep 30", message)
    assert not runs(pids[0])

    def exits() -> None:
        _leak()
        raise SystemExit(0)

    with pytest.raises(SystemExit) as stopped:
        checked(exits, "the job", grace=0.5)
    assert stopped.value.code == 1


def test_stopping_a_group_stops_the_children_of_its_leader():
    # As `playwright run-server`: a wrapper whose child does the work.
    shell = subprocess.Popen(
        ["sh", "-c", "sleep 30 & echo $!; wait"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    child = int(shell.stdout.readline())
    assert runs(child)
    stop_group(shell, timeout=5)
    shell.stdout.close()
    assert not runs(child)
    # A child in our own group: stopping "its" group would stop this run.
    ours = subprocess.Popen(["sleep", "30"])
    try:
        with pytest.raises(ValueError, match="not started in a group of its own"):
            stop_group(ours)
    finally:
        ours.kill()
        ours.wait()


def _ended(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while runs(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _became_sleep(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).name() == "sleep":
                return True
        except psutil.NoSuchProcess:
            return False
        time.sleep(0.02)
    return False


def _end(pid: int) -> None:
    """SIGKILL to ``pid`` alone (an orphan: PID 1 reaps it, or it stays a zombie)."""
    os.kill(pid, signal.SIGKILL)
    assert _ended(pid)


# Started in a session of its own, as a daemon: another run's, or no run's at all.
OTHER_TAGS = {
    "another run": ["env", f"{RUN_VARIABLE}=other"],
    "no run": ["env", "-u", RUN_VARIABLE],
}


@pytest.mark.parametrize("tag", OTHER_TAGS.values(), ids=OTHER_TAGS.keys())
def test_a_process_of_another_run_or_of_none_survives_the_end_of_a_run(tag: list[str]):
    run = Run.begin()
    other = subprocess.Popen([*tag, "sleep", "30"], start_new_session=True)
    try:
        # Until env has exec'd sleep, the process still holds the environment it inherited.
        assert _became_sleep(other.pid)
        assert run.end(grace=0.5) == []
        assert runs(other.pid)
    finally:
        stop_group(other, timeout=5)
    assert not runs(other.pid)


def test_once_its_leader_was_reaped_only_the_runs_members_of_a_group_are_stopped():
    # The group outlives its leader; a group of that id may be another's by then (the pid
    # reused): members without the run's tag are spared, as such a group's would be.
    shell = subprocess.Popen(
        [
            "sh",
            "-c",
            # Each away from the pipe, which the leader alone closes as it ends.
            f"sleep 30 >/dev/null & echo $!; "
            f"env {RUN_VARIABLE}=other sleep 30 >/dev/null & echo $!; "
            f"env -u {RUN_VARIABLE} sleep 30 >/dev/null & echo $!",
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    ours, others, untagged = (int(line) for line in shell.stdout.read().split())
    shell.stdout.close()
    shell.wait()
    try:
        # Each pid is a forked shell until it has exec'd env and sleep; till then it still
        # carries the shell's environment, the run's tag included.
        assert all(_became_sleep(pid) for pid in (ours, others, untagged))
        stop_group(shell, timeout=5)
        assert _ended(ours)
        assert runs(others) and runs(untagged)
    finally:
        for pid in (ours, others, untagged):
            if runs(pid):
                _end(pid)


# A leader that ignores SIGTERM (so does its child) and ends 1.5 s after it: still before
# the timeout of 2 s.
STUBBORN = (
    "import signal, subprocess, time; "
    "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print(subprocess.Popen(['sleep', '30'], stdout=subprocess.DEVNULL).pid, flush=True); "
    "time.sleep(1.5)"
)


def test_what_outlives_the_timeout_is_killed_once_the_timeout_is_over():
    leader = subprocess.Popen(
        [sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    child = int(leader.stdout.readline())
    leader.stdout.close()
    started = time.monotonic()
    try:
        stop_group(leader, timeout=2)
        took = time.monotonic() - started
        assert _ended(child)
    finally:
        if runs(child):
            _end(child)
    # The leader's 1.5 s, then the rest of the 2 s; not 2 s more for the rest of its group.
    assert 1.9 < took < 3.0, took


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_pytest_run_that_leaves_a_process_fails_naming_it(workers: list[str]):
    run = run_suite("tests/checks/leaking_process.py", *workers)
    assert run.returncode == 1, outcome(run)
    assert passed_count(run) == 1, outcome(run)
    assert "processes left running" in run.stdout, outcome(run)
    named = re.search(r"pid (\d+) \(group \1, \d+ s old\): sleep 30", run.stdout)
    assert named, outcome(run)
    assert not runs(int(named.group(1)))


def test_sigterm_ends_a_block_as_ctrl_c_does():
    # This run's own handler set aside: the block acts where SIGTERM has its default action.
    ours = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with terminated_as_interrupted():
            handler = signal.getsignal(signal.SIGTERM)
            with pytest.raises(KeyboardInterrupt, match="stopped by SIGTERM"):
                handler(signal.SIGTERM, None)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        # A handler someone else set is theirs.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        with terminated_as_interrupted():
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, ours)


# `kill`, `timeout` and a CI job out of time signal the run; a cancelled job or Ctrl-C, its
# whole group (with xdist, the workers too).
SIGTERMS = {
    "serial, the run signalled": ([], os.kill),
    "xdist, the group signalled": (["-n", "1"], os.killpg),
}


@pytest.mark.parametrize(("workers", "send"), SIGTERMS.values(), ids=SIGTERMS.keys())
def test_a_run_stopped_by_sigterm_stops_the_servers_its_tests_started(tmp_path, workers, send):
    run = start_suite(
        "tests/checks/cancelled_run.py", *workers, env={"CANCELLED_RUN": str(tmp_path)}
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "pid").exists():
            assert run.poll() is None and time.monotonic() < deadline, "the test never started"
            time.sleep(0.05)
        server = int((tmp_path / "pid").read_text())
        assert runs(server)
        send(run.pid, signal.SIGTERM)
        stdout, stderr = run.communicate(timeout=30)
    finally:
        stop_group(run, timeout=5)
    # Stopped as Ctrl-C stops it: the fixture's teardown stopped the server.
    assert run.returncode == pytest.ExitCode.INTERRUPTED, f"{stdout[-3000:]}\n{stderr[-2000:]}"
    assert (tmp_path / "torn down").exists(), stdout[-3000:]
    assert not runs(server)
    assert "processes left running" not in stdout


def test_runs_side_by_side_each_give_their_own_output():
    checks = "steps/checks/failing_scenarios.py"
    version, collected = run_suites(("--version",), ("--collect-only", "-q", checks))
    assert version.returncode == 0, outcome(version)
    assert re.match(r"pytest \d", version.stdout) and "::" not in version.stdout
    assert collected.returncode == 0, outcome(collected)
    assert f"{checks}::" in collected.stdout and "pytest " not in collected.stdout


def test_runs_side_by_side_are_all_stopped_when_their_wait_is_interrupted(tmp_path, monkeypatch):
    wait = subprocess.Popen.wait
    waited = []

    def interrupted_once_the_test_waits(process, timeout=None):
        if waited:
            return wait(process, timeout)
        waited.append(process)
        deadline = time.monotonic() + 60
        while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "wait", interrupted_once_the_test_waits)
    with pytest.raises(KeyboardInterrupt):
        run_suites(
            ("tests/checks/cancelled_run.py",),
            ("--collect-only", "-q", "steps/checks/failing_scenarios.py"),
            env={"CANCELLED_RUN": str(tmp_path)},
        )
    monkeypatch.undo()
    server = int((tmp_path / "pid").read_text())
    # Stopped as Ctrl-C stops a run: the fixture's teardown stopped the server.
    assert (tmp_path / "torn down").exists()
    assert not runs(server)


def test_a_browser_server_and_its_browsers_stop_with_its_group(
    playwright, browser_type_launch_args: dict
):
    launch = {
        "executablePath": browser_type_launch_args["executable_path"],
        "args": list(LAUNCH_ARGS),
        "headless": True,
    }
    with browser_server() as server:
        browser = playwright.chromium.connect(
            server.url, headers={"x-playwright-launch-options": json.dumps(launch)}
        )
        page = browser.new_page()
        page.set_content("<title>Connected</title>")
        assert page.title() == "Connected"
        running = {process.name() for process in tagged(server.tag)}
        # The Node server, and the browser it launched in a group of its own, carry its tag.
        assert "node-MainThread" in running or "node" in running, running
        assert any(name.startswith("chrom") for name in running), running
        # Left open: stopping the server must close it.
    assert tagged(server.tag) == []
