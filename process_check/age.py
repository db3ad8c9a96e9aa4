"""How long ago a process started, to the kernel's tick.

psutil's ``create_time()`` adds the process's start, counted in ticks since boot, to the
boot time of ``/proc/stat``, which the kernel gives in whole seconds: every age it yields is
too long by the boot's lost fraction of a second, the same for every process until the next
boot, barring a step of the clock (0.47 s on the boot where it was found). The walkthrough's
figures of each worker's start, and the benchmark's whole run, counted it. Here both ends
are read in the same clock, the seconds since boot: ``/proc/uptime``, and the start in
``/proc/PID/stat``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil

PROC = Path("/proc")


def seconds_since_start(pid: int | None = None, proc: Path = PROC) -> float:
    """How long ago process ``pid`` (this one by default) started; ``ProcessLookupError``,
    or another ``OSError`` such as ``FileNotFoundError``, if it has ended. Where there is no
    ``/proc`` (not Linux), psutil's figure, whose start is not counted from a boot time."""
    if sys.platform != "linux":
        try:
            return time.time() - psutil.Process(pid).create_time()
        except psutil.NoSuchProcess as ended:
            raise ProcessLookupError(f"no process {pid}") from ended
    # Bytes: the command's name is whatever bytes it was given, cut at 15 of them, maybe
    # inside a character. In parentheses, it may hold spaces and parentheses: count after
    # the last one. Field 22 of proc(5), the start in ticks since boot, is the 20th after it.
    stat = (proc / ("self" if pid is None else str(pid)) / "stat").read_bytes()
    start_ticks = int(stat[stat.rindex(b")") + 2 :].split()[19])
    uptime = float((proc / "uptime").read_text().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
