"""How fast `followup due --json` answers as a fresh process, at 100, 1,000 and 5,000
applications (interviews over the last six weeks, some steps done, some decisions).

Run: `.venv/bin/python bench/due_latency.py [--runs 7]`.
Target (issue 3): at most 0.15 s at 5,000 applications, and nearly flat in their number.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import build_database
from bench.timing import FOLLOWUP, bare_python, env_for, median_seconds

TARGET = 0.15
SIZES = (100, 1_000, 5_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    medians = {}
    for size in SIZES:
        url = build_database(Path(__file__).parent / "data" / f"due-{size}.db", size, seed=size)
        env = env_for(url)
        medians[size] = median_seconds([FOLLOWUP, "due", "--json"], env, args.runs)
        print(f"followup due --json at {size:>5} applications: median {medians[size]:.3f} s")
    print(f"python -c pass:                            median {bare_python(env):.3f} s")
    met = medians[SIZES[-1]] <= TARGET
    print(f"target: at most {TARGET} s at {SIZES[-1]}:", "met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
