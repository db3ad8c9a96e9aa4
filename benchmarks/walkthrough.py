"""How long the screenshot walkthrough takes, where the time goes, and beside its floor.

    .venv/bin/python benchmarks/walkthrough.py [--floor] [--floor-rounds N]
        [walkthrough options: --lang fr|en|fr,en, --formats ...] [-- pytest options]

It writes the guides as ``python -m walkthrough`` does (default: the French guide, every
format) and prints the whole run's wall time against its target (20 s a guide), then where
the time went: the command's start, each worker's start (interpreter, pytest and its
collection, the portal, the browser), its scenarios (of which the pictures and the portal's
resets), the pictures developed, each medium written. With ``--floor`` it first plays the
same journeys as plain Playwright code (``plain_journeys.py``, ``plain_journeys_mobile.py``:
no pytest, no page objects, no picture) with one browser and a fresh portal, after a warm-up
round, and prints the run's time over theirs: the ratio, against its target. The English
guide tells the same journeys (``tests/walkthrough/test_guide_structure.py``): its floor is
the French journeys'. Nothing is asserted: the machine decides; its load and its speed (the
probe of ``benchmarks/machine.py``) are printed.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import probe, speed_line
from process_check.age import seconds_since_start
from walkthrough.__main__ import generate, parser, split_arguments

# A guide in every format, on this 2-core machine, once set up.
TARGET_SECONDS = 20.0
# The run over the floor: the floor, plus what cannot be overlapped with it: each worker's
# start (some 3 s: pytest, the seeded portal, the browser) and the media written after the
# last scenario (some 5 s, the PDF the longest): 8 s over a floor of some 20 s is 1.4. The
# pictures, the portal's resets and the media cost as much CPU as the journeys themselves,
# which the second core takes.
TARGET_RATIO = 1.5
_PR_SET_CHILD_SUBREAPER = 36


def _adopt_orphans() -> None:
    # Browsers outlive their driver by a moment; adopted, their CPU time counts here.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap() -> None:
    """Collect the adopted orphans that ended (their CPU time joins ours)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def floor(rounds: int) -> tuple[float, int]:
    """The French guide's journeys in plain Playwright: the median seconds of a round (after
    a warm-up round), and how many journeys a round plays."""
    from playwright.sync_api import sync_playwright

    from benchmarks.plain_journeys import JOURNEYS, run_journey
    from benchmarks.plain_journeys_mobile import JOURNEYS as MOBILE_JOURNEYS
    from mock_portal.testing import serve_portal
    from pages.browser import launch_options
    from steps.edition import GUIDE, TWO_FACTOR_ENVIRONMENTS

    journeys = [journey for journey, _ in (*JOURNEYS.values(), *MOBILE_JOURNEYS.values())]
    # The portal a walkthrough's worker serves (the root conftest's settings).
    settings = {
        "TWO_FACTOR_ENVIRONMENTS": list(TWO_FACTOR_ENVIRONMENTS[GUIDE]),
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    totals = []
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_portal(Path(folder), settings) as live,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(**launch_options())
        try:
            for round_number in range(rounds + 1):
                started = time.perf_counter()
                for journey in journeys:
                    run_journey(journey, browser, live.base_url)
                if round_number:  # round 0 warms the browser and the portal up
                    totals.append(time.perf_counter() - started)
        finally:
            browser.close()
    return statistics.median(totals), len(journeys)


def _line(label: str, seconds: float, note: str = "", indent: int = 0) -> None:
    print(f"{'  ' * indent}{label:<{58 - 2 * indent}} {seconds:7.1f} s   {note}".rstrip())


def report(generated, wall: float, start_seconds: float, floor_seconds: float | None) -> None:
    """Print the run against its targets, then where its time went."""
    replayed = generated.replay
    guides = [o for o in generated.outcomes if o.written is not None]
    languages = ", ".join(o.language for o in generated.outcomes)
    pictures = sum(
        step.picture is not None
        for outcome in generated.outcomes
        for scenario in outcome.recording.scenarios
        for step in scenario.steps
    )
    scenarios = sum(len(o.recording.scenarios) for o in generated.outcomes)
    count = len(generated.outcomes)
    print()
    print(f"walkthrough ({languages}): {scenarios} scenarios, {pictures} pictures")
    _line(
        f"whole run, {len(guides)} guide(s) in every format asked",
        wall,
        f"target <= {TARGET_SECONDS * count:.0f} s",
    )
    if floor_seconds is not None:
        floor_total = floor_seconds * count
        _line(f"floor: the same journeys in plain Playwright, x{count}", floor_total)
        print(f"{'ratio: run / floor':<58} {wall / floor_total:7.2f}     target <= {TARGET_RATIO}")
    print()
    print("where the time goes (wall seconds; the workers, then the media, side by side)")
    _line("the command's start (interpreter, imports)", start_seconds)
    _line(f"replay: {len(replayed.codes)} worker(s) side by side", replayed.seconds)
    shipments = replayed.shipments
    for worker, phases in enumerate(replayed.worker_phases):
        label = f"worker {worker + 1}"
        own = [s for s in shipments if s.worker == worker]
        accounted = 0.0
        for phase in ("interpreter and imports", "pytest start-up and collection"):
            _line(f"{label}: {phase}", phases.get(phase, 0.0), indent=1)
            accounted += phases.get(phase, 0.0)
        inside: dict[str, float] = {}
        for shipment in own:
            for phase, seconds in shipment.phases.items():
                inside[phase] = inside.get(phase, 0.0) + seconds
        for phase in ("portal start and seeding", "browser launch"):
            if phase in inside:
                _line(f"{label}: {phase}", inside[phase], "(in its first scenario)", indent=1)
                accounted += inside.pop(phase)
        played = sum(s.seconds for s in own) - (accounted - _startup(phases))
        _line(f"{label}: {len(own)} scenario(s)", played, indent=1)
        for phase, seconds in sorted(inside.items()):
            _line(f"of which {phase}", seconds, indent=2)
        accounted += played
        life = replayed.worker_seconds[worker]
        _line(f"{label}: the rest (teardown, skipped claims)", life - accounted, indent=1)
        _line(f"{label}: idle until the last worker ends", replayed.seconds - life, indent=1)
    _line("pictures developed by the command meanwhile", replayed.develop_seconds, indent=1)
    writing = generated.seconds.get("writing", 0.0)
    _line("writing: the media side by side", writing)
    for outcome in guides:
        for fmt, seconds in sorted(outcome.written.seconds.items(), key=lambda item: -item[1]):
            # Unindented, "format ...": benchmarks/speed.py reads these lines.
            _line(f"format {fmt} ({outcome.language})", seconds)
    _line("total", wall)
    print()
    print("per scenario (its worker's seconds, set-up and steps)")
    for shipment in sorted(shipments, key=lambda s: (s.language, s.position)):
        title = shipment.scenario.title if shipment.scenario else shipment.nodeid
        _line(
            f"{shipment.language} {shipment.position + 1}. {title[:44]}", shipment.seconds, indent=1
        )


def _startup(phases: dict[str, float]) -> float:
    return phases.get("interpreter and imports", 0.0) + phases.get(
        "pytest start-up and collection", 0.0
    )


def main(argv: list[str]) -> int:
    """Generate the guides once (after the floor, if asked) and print where the time went."""
    start_seconds = seconds_since_start()
    bench = argparse.ArgumentParser(add_help=False)
    bench.add_argument("--floor", action="store_true")
    bench.add_argument("--floor-rounds", type=int, default=1)
    own_bench, rest = bench.parse_known_args(argv)
    _adopt_orphans()
    floor_seconds = None
    if own_bench.floor:
        floor_seconds, journeys = floor(own_bench.floor_rounds)
        print(f"floor: {journeys} journeys in plain Playwright, {floor_seconds:.1f} s a round")
        time.sleep(1.0)  # the floor's browser processes end, adopted here: not the run's CPU
        _reap()
    own, extra = split_arguments(rest)
    args = parser().parse_args(own)
    load_before = os.getloadavg()[0]  # before the probe's own work
    speed_before = probe()  # before the clock starts: not the run's time
    cpu_before = _cpu()
    began = time.perf_counter()
    generated = generate(args, extra)
    wall = start_seconds + time.perf_counter() - began
    _reap()
    cpu = _cpu() - cpu_before
    speed_after = probe()
    if generated.error or any(outcome.written is None for outcome in generated.outcomes):
        print(generated.error or "a guide was not written", file=sys.stderr)
        return 1
    report(generated, wall, start_seconds, floor_seconds)
    print()
    cores = len(os.sched_getaffinity(0))
    print(
        f"CPU: {cpu:.0f} CPU-s for the run (its whole process tree); the machine's load "
        f"average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {cores} cores"
    )
    print(speed_line(speed_before, speed_after))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
