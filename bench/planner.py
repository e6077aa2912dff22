"""How fast the planner plans: 100,000 random applications (mixed countries, touches,
decisions) planned in one process on one core.

Run: `.venv/bin/python bench/planner.py [--applications 100000]`.
Target (issue 3): at least 20,000 applications planned per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import NOW, application, events
from followup.bootstrap import default_playbook
from followup.domain.planner import Home, plan
from followup.domain.values import Region

TARGET = 20_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    apps = [events(rng, application(rng, i)) for i in range(1, args.applications + 1)]
    playbook, home = default_playbook(), Home(Region("GB", "ENG"), "Europe/London")
    for app in apps[:2000]:  # warm the holiday tables of every country and year used
        plan(app, playbook, NOW, home)
    started, cpu_started = time.perf_counter(), time.process_time()
    steps = sum(len(plan(app, playbook, NOW, home)) for app in apps)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rate = len(apps) / cpu  # one core: the CPU time of this single-threaded process
    print(f"planned {len(apps)} applications ({steps} steps) in {cpu:.2f} s of CPU time")
    print(f"({elapsed:.2f} s wall clock: {len(apps) / elapsed:,.0f} per second)")
    print(f"{rate:,.0f} applications per second on one core")
    print(f"target: at least {TARGET:,} per second:", "met" if rate >= TARGET else "MISSED")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
