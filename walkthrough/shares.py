"""Sharing a guide's scenarios among the run's workers, so that they finish together.

Each worker claims the scenarios in an order of its own: first its share, then what is left
of the other workers' shares, the longest first in each. A worker that finishes its share
early takes the longest scenario left of another's (what the longest-first rule would take
then); the end of a late worker's share goes to the others.

Why not one order for all, the longest first (the classic longest-processing-time rule):
its last claim goes to whichever worker is free first, however long the other still runs.
With the French guide's nine scenarios (2.4 to 5.5 s each, as one run measured them) it gave
one worker 16.9 s and the other 19.2 s; in five runs, a worker waited 1.6 to 2.2 s for the
other at the end, a core unused while the media waited. Shares balanced beforehand give
18.2 s and 18.0 s.

The shares are made from the scenarios' expected lengths alone, in whole milliseconds, so
that every worker computes the same shares without asking the others, and so that the
search ends: each move or swap lowers the sum of the shares' squared lengths, a whole number.
"""

from __future__ import annotations

from collections.abc import Sequence


def shares(lengths: Sequence[float], workers: int) -> list[list[int]]:
    """The indices of ``lengths`` (seconds) in ``workers`` shares whose longest sum is as
    short as we can make it: the longest first to the least loaded share, then single moves
    and swaps between the longest share and another while the longest one gets shorter."""
    if workers < 1:
        raise ValueError(f"at least one worker, not {workers}")
    units = [round(length * 1000) for length in lengths]
    parts: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for index in sorted(range(len(units)), key=lambda i: (-units[i], i)):
        least = min(range(workers), key=lambda w: (loads[w], w))
        parts[least].append(index)
        loads[least] += units[index]
    while _improve(units, parts, loads):
        pass
    return [sorted(part, key=lambda i: (-units[i], i)) for part in parts]


def claim_order(lengths: Sequence[float], workers: int, worker: int) -> list[int]:
    """Every index of ``lengths``, in the order ``worker`` claims them: its share, then the
    others', the longest first in each."""
    if not 0 <= worker < workers:
        raise ValueError(f"no worker {worker} among {workers}")
    parts = shares(lengths, workers)
    others = [index for w, part in enumerate(parts) if w != worker for index in part]
    return parts[worker] + sorted(others, key=lambda i: (-lengths[i], i))


def _improve(units: Sequence[int], parts: list[list[int]], loads: list[int]) -> bool:
    """Move one scenario, or swap two, between the longest share and another, choosing the
    change that leaves the pair's longer share shortest; False if none shortens it."""
    heaviest = max(range(len(parts)), key=lambda w: (loads[w], -w))
    best: tuple[int, int, int, int | None] | None = None
    for other in range(len(parts)):
        if other == heaviest:
            continue
        gap = loads[heaviest] - loads[other]
        for given in parts[heaviest]:
            for taken in [None, *parts[other]]:
                shift = units[given] - (units[taken] if taken is not None else 0)
                if not 0 < shift < gap:
                    continue
                longer = max(loads[heaviest] - shift, loads[other] + shift)
                if best is None or longer < best[0]:
                    best = (longer, other, given, taken)
    if best is None:
        return False
    _, other, given, taken = best
    parts[heaviest].remove(given)
    parts[other].append(given)
    shift = units[given]
    if taken is not None:
        parts[other].remove(taken)
        parts[heaviest].append(taken)
        shift -= units[taken]
    loads[heaviest] -= shift
    loads[other] += shift
    return True
