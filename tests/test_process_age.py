"""process_check.age: a process's age read in one clock, not psutil's whole-second boot time."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from process_check.age import seconds_since_start

TICK = 1 / os.sysconf("SC_CLK_TCK")


def fake_proc(folder, pid: int, command: bytes, start_ticks: int, uptime: str):
    (folder / str(pid)).mkdir(parents=True)
    # proc(5): pid (comm) state, then fields 4 to 21, then the start in ticks (field 22).
    after = " ".join(["S", *map(str, range(4, 22)), str(start_ticks), "0", "0"])
    (folder / str(pid) / "stat").write_bytes(b"%d (%s) %s\n" % (pid, command, after.encode()))
    (folder / "uptime").write_text(f"{uptime} 1234.56\n")
    return folder


def test_the_age_is_the_uptime_less_the_start(tmp_path):
    proc = fake_proc(tmp_path, 4321, b"python3", start_ticks=round(250 / TICK), uptime="1000.25")
    assert seconds_since_start(4321, proc=proc) == pytest.approx(750.25)


def test_a_command_name_with_spaces_and_parentheses_is_read_past(tmp_path):
    proc = fake_proc(tmp_path, 77, b"a) b (c) 4 5", start_ticks=round(10 / TICK), uptime="12.5")
    assert seconds_since_start(77, proc=proc) == pytest.approx(2.5)


def test_a_command_name_cut_inside_a_character_is_read_past(tmp_path):
    # The kernel keeps 15 bytes of a name: "caf\xc3" is "café" cut in two.
    proc = fake_proc(tmp_path, 78, "café-worker-01".encode()[:4], start_ticks=0, uptime="3.0")
    assert seconds_since_start(78, proc=proc) == pytest.approx(3.0)


def test_an_ended_process_is_an_os_error(tmp_path):
    (tmp_path / "uptime").write_text("5.0 1.0\n")
    with pytest.raises(FileNotFoundError):
        seconds_since_start(999999, proc=tmp_path)


def test_a_new_process_is_no_older_than_the_time_since_it_was_asked_for():
    # psutil's create_time() made every process look older by the fraction of a second its
    # whole-second boot time lost (0.47 s on one boot): more than the child can have lived.
    # The seconds since boot, as /proc/uptime counts them.
    asked = time.clock_gettime(time.CLOCK_BOOTTIME)
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "from process_check.age import seconds_since_start as age; print(age())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lived = time.clock_gettime(time.CLOCK_BOOTTIME) - asked
    assert -TICK <= float(child.stdout) <= lived + TICK
