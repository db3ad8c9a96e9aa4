"""How fast the machine is at the moment, printed by the benchmarks beside their figures.

This machine's speed changes by half from hour to hour, and from minute to minute (other
machines share its host), so a timing says little without the speed it was taken at. The
probe is a fixed piece of pure Python work, one ``sum(range(10**7))``: about 0.10 s at the
fastest hours seen here, 0.2 s or more at slow ones. Compare figures only at like probes
(``benchmarks/README.md``), or in pairs, old and new alternating.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

WORK = 10**7


def probe(reads: int = 3, clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds the fixed work takes, the median of ``reads`` readings: one reading can fall
    on a moment when another machine of the host takes the core."""
    seconds = []
    for _ in range(reads):
        began = clock()
        sum(range(WORK))
        seconds.append(clock() - began)
    return statistics.median(seconds)


def speed_line(before: float, after: float) -> str:
    """The probe's readings around a run, as the benchmarks print them."""
    return (
        f"the machine's speed probe (sum(range(10**7)) in Python; lower is faster, compare runs "
        f"at like readings): {before:.2f} s before, {after:.2f} s after"
    )
