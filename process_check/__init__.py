"""No process outlives a run: tag what a run starts, and at its end kill and name what is left.

As Jenkins' ProcessTreeKiller does, a run puts a tag of its own in the environment
(``TRACES_NT_RUN``); every process it starts inherits it, however far it wanders (a
PostgreSQL postmaster that ``pg_ctl`` daemonised, a browser a Playwright server detached
into a group of its own, a child whose parent was killed). At the end, any process still
carrying the tag, and its descendants, is a leftover: the run names it, kills its group,
and fails. A run started inside another (a nested pytest, the pytest of the walkthrough)
tags ``OUTER/INNER``: it checks its own, and the outer run still sees them as its.

A child subreaper (``PR_SET_CHILD_SUBREAPER``) would find orphans by lineage instead,
but would make the run reap every orphan it adopts, and keep as zombies the postmasters
whose liveness ``pg_ctl`` and pid files probe: the tag needs no such care.

It is a package of its own, installed beside ``mock_portal`` and ``walkthrough``: the pytest
suite (``process_check.pytest_plugin``), ``python -m walkthrough`` and the benchmarks all
use it, and none of those packages is the right home for the others' plumbing (``tests/``
is not installed, and the ``traces-walkthrough`` script must import it from anywhere).
``process_check.gc_tuning``, the garbage collector of each pytest process, lives here for the
same reason: pytest must import it before anything else, from wherever it starts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import psutil

from .age import seconds_since_start

RUN_VARIABLE = "TRACES_NT_RUN"
# A browser or a driver that is closing when the run ends gets this long to finish.
GRACE_SECONDS = 3.0

T = TypeVar("T")


@dataclass(frozen=True)
class Leftover:
    """A process that was still running at the end of the run that started it."""

    pid: int
    pgid: int
    age: float
    command: str

    def __str__(self) -> str:
        return f"pid {self.pid} (group {self.pgid}, {self.age:.0f} s old): {self.command}"


def _belongs(value: str | None, tag: str) -> bool:
    return value is not None and (value == tag or value.startswith(tag + "/"))


def _ours() -> set[int]:
    """This process and its ancestors: they carry the tag of an outer run, or ours."""
    me = psutil.Process()
    return {me.pid, *(parent.pid for parent in me.parents())}


def tagged(tag: str) -> list[psutil.Process]:
    """The running processes of the run ``tag`` (or of a run inside it), and their
    descendants, whose environment a process title may have overwritten."""
    spared = _ours()
    found: dict[int, psutil.Process] = {}
    for process in psutil.process_iter():
        if process.pid in spared:
            continue
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            if _belongs(process.environ().get(RUN_VARIABLE), tag):
                found[process.pid] = process
                for child in process.children(recursive=True):
                    if child.pid not in spared:
                        found.setdefault(child.pid, child)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # ended meanwhile, or another user's that we cannot read
    return [process for process in found.values() if _running(process)]


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _still_running(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Those of ``processes`` that still run after up to ``timeout`` seconds, polled. (Not
    psutil.wait_procs: it counts a zombie as alive, and orphans that PID 1 does not reap
    stay zombies.)"""
    deadline = time.monotonic() + timeout
    pause = 0.01
    while alive := [process for process in processes if _running(process)]:
        if time.monotonic() >= deadline:
            return alive
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
    return []


def _describe(process: psutil.Process) -> Leftover | None:
    try:
        with process.oneshot():
            command = " ".join(process.cmdline()) or f"[{process.name()}]"
            age = seconds_since_start(process.pid)
        return Leftover(process.pid, os.getpgid(process.pid), age, command)
    except (psutil.NoSuchProcess, ProcessLookupError, FileNotFoundError):
        return None


def _signal(processes: list[psutil.Process], signum: int) -> None:
    """``signum`` to each process's group; to the process alone when its group is ours or
    an ancestor's, which must live on."""
    spared_groups = set()
    for pid in _ours():
        with contextlib.suppress(ProcessLookupError):
            spared_groups.add(os.getpgid(pid))
    signalled = set()
    for process in processes:
        try:
            group = os.getpgid(process.pid)
            if group in spared_groups:
                process.send_signal(signum)
            elif group not in signalled:
                os.killpg(group, signum)
                signalled.add(group)
        except (ProcessLookupError, psutil.NoSuchProcess):
            pass


def kill(processes: list[psutil.Process], grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to the processes' groups, then SIGKILL to what still runs after ``grace``."""
    _signal(processes, signal.SIGTERM)
    if alive := _still_running(processes, grace):
        _signal(alive, signal.SIGKILL)
        _still_running(alive, grace)


def describe(leftovers: list[Leftover], what: str = "the run") -> str:
    """The message that fails a run: which processes it left running."""
    lines = [
        f"{len(leftovers)} process(es) started by {what} were still running when it ended "
        "(now killed): stop every process a test or a job starts, and its group."
    ]
    lines += [f"  {leftover}" for leftover in leftovers]
    return "\n".join(lines)


class Run:
    """A run's tag on this process's environment, from ``begin()`` to ``end()``."""

    def __init__(self, tag: str, previous: str | None):
        self.tag = tag
        self._previous = previous
        self._ended = False

    @classmethod
    def begin(cls) -> Run:
        """Tag the environment: inside another run, with a tag inside that run's."""
        previous = os.environ.get(RUN_VARIABLE)
        own = uuid.uuid4().hex[:12]
        tag = f"{previous}/{own}" if previous else own
        os.environ[RUN_VARIABLE] = tag
        return cls(tag, previous)

    def leftovers(self, grace: float = GRACE_SECONDS) -> list[psutil.Process]:
        """The run's processes still running, once those that are ending had ``grace``
        seconds to end."""
        found = tagged(self.tag)
        if not found or not _still_running(found, grace):
            return []
        return tagged(self.tag)

    def end(self, grace: float = GRACE_SECONDS) -> list[Leftover]:
        """The leftovers, described, then killed; the environment as it was before."""
        self.restore()
        found = self.leftovers(grace)
        described = [leftover for process in found if (leftover := _describe(process))]
        if found:
            kill(found, grace)
        return described

    def restore(self) -> None:
        """Put back the environment's tag as it was before ``begin()``."""
        if self._ended:
            return
        self._ended = True
        if self._previous is None:
            os.environ.pop(RUN_VARIABLE, None)
        else:
            os.environ[RUN_VARIABLE] = self._previous


def _end(run: Run, what: str, grace: float) -> bool:
    leftovers = run.end(grace)
    if leftovers:
        print(describe(leftovers, what), file=sys.stderr, flush=True)
    return bool(leftovers)


def checked(main: Callable[[], T], what: str = "the run", grace: float = GRACE_SECONDS) -> T | int:
    """``main()`` as a run of its own: what it returns or raises, but a success turned into
    exit code 1 when it left a process running (named on stderr), once the processes that
    are ending had ``grace`` seconds to end."""
    run = Run.begin()
    try:
        code = main()
    except SystemExit as exit_:
        if _end(run, what, grace) and not exit_.code:
            raise SystemExit(1) from None
        raise
    except BaseException:
        _end(run, what, grace)
        raise
    if _end(run, what, grace) and not code:
        return 1
    return code


# -- processes in their own group --------------------------------------------------------


def _group(pgid: int) -> list[psutil.Process]:
    """The running processes of group ``pgid``. Zombies do not count: where PID 1 reaps no
    orphans (a container's), a member that ended stays one for good."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return []
    except PermissionError:
        pass
    members = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == pgid and _running(process):
                members.append(process)
        except (ProcessLookupError, psutil.NoSuchProcess):
            continue
    return members


def _of_run(process: psutil.Process, tag: str | None) -> bool:
    """Whether ``process`` carries ``tag`` (or that of a run inside it or around it), or
    descends from a process that does (a process title may have overwritten its own)."""
    if tag is None:
        return False
    spared = _ours()
    try:
        for each in [process, *process.parents()]:
            if each.pid in spared:  # this process and its ancestors carry any tag
                return False
            value = each.environ().get(RUN_VARIABLE)
            if value is not None and (_belongs(value, tag) or _belongs(tag, value)):
                return True
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return False


def _members(process: subprocess.Popen, tag: str | None) -> list[psutil.Process]:
    """What still runs of the group ``process`` leads. Once the leader was reaped its pid, the
    group's id, may be another process's: only the members of the run ``tag`` are sure."""
    members = _group(process.pid)
    if process.returncode is None:
        return members
    return [member for member in members if _of_run(member, tag)]


def _signal_group(process: subprocess.Popen, tag: str | None, signum: int) -> None:
    # The leader not reaped yet, running or a zombie, holds its pid: the group is its own.
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        return
    for member in _members(process, tag):
        with contextlib.suppress(psutil.NoSuchProcess):
            member.send_signal(signum)


@contextlib.contextmanager
def terminated_as_interrupted() -> Iterator[None]:
    """SIGTERM ends the block as Ctrl-C does (``KeyboardInterrupt``), so that what it started
    is stopped on the way out: ``kill``, ``timeout`` and a cancelled CI job send SIGTERM, and
    a process killed outright leaves its servers running. In the main thread only, and only
    where SIGTERM still has its default action: a handler someone else set is theirs."""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def interrupt(signum: int, frame) -> None:
        raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_group(
    process: subprocess.Popen, signum: int = signal.SIGTERM, timeout: float = 10.0
) -> int:
    """Stop ``process``, started with ``start_new_session=True``, and its whole group:
    ``signum`` to the group, then SIGKILL to what still runs of it ``timeout`` seconds later.
    Once the leader was reaped, only the members carrying this run's tag (``TRACES_NT_RUN``)
    are signalled: a group of that id may be another's, its leader reusing the pid."""
    # Reaped already, its pid may be another's, in any group: its own group may live on.
    if process.poll() is None and os.getpgid(process.pid) != process.pid:
        raise ValueError("the process was not started in a group of its own")
    tag = os.environ.get(RUN_VARIABLE)
    deadline = time.monotonic() + timeout
    _signal_group(process, tag, signum)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(max(deadline - time.monotonic(), 0))
    # The leader gone, the rest of its group (gunicorn's workers, a browser) follows it.
    if process.returncode is not None:
        while _members(process, tag) and time.monotonic() < deadline:
            time.sleep(0.05)
    if process.returncode is None or _members(process, tag):
        _signal_group(process, tag, signal.SIGKILL)
    return process.wait()


def run_in_group(
    command: list[str], *, timeout: float | None = None, **options
) -> subprocess.CompletedProcess:
    """``subprocess.run`` in a group of its own, the whole group killed on a timeout or an
    interruption (subprocess.run kills the child alone, and its own children live on)."""
    if options.pop("capture_output", False):
        options["stdout"] = options["stderr"] = subprocess.PIPE
    with subprocess.Popen(command, start_new_session=True, **options) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            stop_group(process)
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
