"""How long the screenshot walkthrough takes: per scenario, per format, in all.

    .venv/bin/python benchmarks/walkthrough.py [walkthrough options] [-- pytest options]

The options are those of ``python -m walkthrough`` (default: the French guide, every
format). It prints a table and exits non-zero if the guide could not be made; it asserts
no time, since the machine decides.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from walkthrough.__main__ import generate, parser, split_arguments


def main(argv: list[str]) -> int:
    """Generate the guide once and print where the time went."""
    started = time.perf_counter()
    own, extra = split_arguments(argv)
    outcome = generate(parser().parse_args(own), extra)
    total = time.perf_counter() - started
    if outcome.written is None:
        print(outcome.error, file=sys.stderr)
        return 1
    recorder, written = outcome.recorder, outcome.written
    rows = []
    for scenario in recorder.scenarios:
        seconds = recorder.durations.get(scenario.nodeid, 0.0)
        pictures = sum(step.picture is not None for step in scenario.steps)
        label = f"scenario {scenario.index}: {scenario.title} ({pictures} pictures)"
        rows.append((label, seconds))
    formats = [(f"format {fmt}", seconds) for fmt, seconds in written.seconds.items()]
    measured = sum(seconds for _, seconds in rows + formats)
    rows.append(("pytest start-up, portal, browser, teardown", outcome.run_seconds - measured))
    rows += formats
    rows.append(("total (without the interpreter's own start)", total))
    width = max(len(label) for label, _ in rows)
    print()
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
