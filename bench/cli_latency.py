"""How fast the command answers: `followup list --json` and `followup show APP --json` as fresh
processes over a database of 10,000 applications (an interview and three contacts each).

Run: `.venv/bin/python bench/cli_latency.py [--applications 10000] [--runs 7]`.
Target (issue 2): each median under 0.3 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import build_database
from bench.timing import FOLLOWUP, bare_python, env_for, median_seconds

TARGET = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = Path(__file__).parent / "data" / f"cli-{args.applications}.db"
    started = time.perf_counter()
    url = build_database(path, args.applications)
    print(f"built {args.applications} applications in {time.perf_counter() - started:.1f} s")
    env = env_for(url)
    results = {
        "python -c pass": bare_python(env),
        "followup list --json": median_seconds([FOLLOWUP, "list", "--json"], env, args.runs),
        "followup show APP --json": median_seconds(
            [FOLLOWUP, "show", str(args.applications // 2), "--json"], env, args.runs
        ),
    }
    for name, seconds in results.items():
        print(f"{name:28} median {seconds:.3f} s")
    slow = [n for n, s in results.items() if n.startswith("followup") and s >= TARGET]
    print("target: each followup median under 0.3 s:", "met" if not slow else f"MISSED {slow}")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
