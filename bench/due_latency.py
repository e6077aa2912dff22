"""How fast `followup due --json` answers as a fresh process, at 100, 1,000 and 5,000
applications (interviews over the last six weeks, some steps done, some decisions).

Run: `.venv/bin/python bench/due_latency.py [--runs 7]`.
Target (issue 3): at most 0.15 s at 5,000 applications, and nearly flat in their number.
Beside each median: the CPU time a run takes (less swayed than wall time by other work on
the machine) and how many steps and replies it prints.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import build_database
from bench.timing import FOLLOWUP, bare_python, env_for, median_seconds

TARGET = 0.15
SIZES = (100, 1_000, 5_000)
COMMAND = [FOLLOWUP, "due", "--json"]


def _entries(env: dict[str, str]) -> str:
    """How many steps and replies `due --json` prints: its time grows with them."""
    shown = json.loads(subprocess.run(COMMAND, env=env, check=True, capture_output=True).stdout)
    return f"{len(shown['overdue']) + len(shown['due']):,} steps, {len(shown['replies']):,} replies"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    medians = {}
    for size in SIZES:
        url = build_database(Path(__file__).parent / "data" / f"due-{size}.db", size, seed=size)
        # As a user runs it: Python keeps the bytecode it compiles. (With PYTHONDONTWRITEBYTECODE
        # and sources newer than their bytecode, as in a tree being edited, each run would
        # compile them again: a measure of the compiler.)
        env = {k: v for k, v in env_for(url).items() if k != "PYTHONDONTWRITEBYTECODE"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        medians[size] = median_seconds(COMMAND, env, args.runs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cpu = used / (args.runs + 1)  # the warm-up run too
        print(
            f"followup due --json at {size:>5} applications: median {medians[size]:.3f} s "
            f"(CPU {cpu:.3f} s a run; {_entries(env)})"
        )
    print(f"python -c pass:                            median {bare_python(env):.3f} s")
    met = medians[SIZES[-1]] <= TARGET
    print(f"target: at most {TARGET} s at {SIZES[-1]}:", "met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
