"""What `followup due --json` imports, and what it costs (`python -X importtime`), beside the
floor script's imports (`bench/agenda_floor.py`: sqlite3, json, datetime, zoneinfo).

Run: `.venv/bin/python bench/start_up.py [--runs 15] [--top 25]`.
Each command runs `--runs` times at 100 applications; for each module the smallest time seen
is kept (the machine's other work only ever adds), and the modules' own times are summed. It
prints the sums and their ratio, then the modules that cost most, with and without what they
import. A module imported on the first run only (the playbook's TOML, before its compiled copy
is kept) does not count.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.agenda_pairs import FLOOR
from bench.data import cached_database
from bench.timing import FOLLOWUP, env_for

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def imports(command: list[str], env: dict[str, str], runs: int) -> dict[str, tuple[int, int]]:
    """Each module's smallest own and cumulative import time (µs) over `runs` runs."""
    best: dict[str, tuple[int, int]] = {}
    seen: list[set[str]] = []
    subprocess.run(command, env=env, check=True, capture_output=True)  # the copy is kept
    for _ in range(runs):
        err = subprocess.run(
            command, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, check=True, capture_output=True
        ).stderr.decode()
        names = set()
        for found in LINE.finditer(err):
            own, total, name = int(found[1]), int(found[2]), found[4]
            names.add(name)
            old = best.get(name, (own, total))
            best[name] = (min(old[0], own), min(old[1], total))
        seen.append(names)
    every = set.intersection(*seen)
    return {name: times for name, times in best.items() if name in every}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    path = cached_database(Path(__file__).parent / "data", 100, seed=100)
    env = {k: v for k, v in env_for(f"sqlite:///{path}").items() if k != "PYTHONDONTWRITEBYTECODE"}
    ours = imports([FOLLOWUP, "due", "--json"], env, args.runs)
    floor = imports(FLOOR, env, args.runs)
    total, floor_total = sum(o for o, _ in ours.values()), sum(o for o, _ in floor.values())
    print(f"load average {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
    print(f"followup due --json imports {len(ours)} modules: {total / 1000:.1f} ms")
    print(f"the floor imports {len(floor)} modules: {floor_total / 1000:.1f} ms")
    print(f"ratio {total / floor_total:.2f}; followup's own modules ", end="")
    own = sum(o for name, (o, _) in ours.items() if name.startswith("followup"))
    print(f"{own / 1000:.1f} ms, the rest {(total - own) / 1000:.1f} ms")
    print(f"\n{'with imports':>14} {'own':>8}  module (followup due --json)")
    for name, (o, c) in sorted(ours.items(), key=lambda item: -item[1][1])[: args.top]:
        print(f"{c / 1000:11.2f} ms {o / 1000:5.2f} ms  {name}{'' if name in floor else ' *'}")
    print("(* not imported by the floor)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
