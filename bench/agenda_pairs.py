"""Paired timings of the agenda against its floors (issue 17): each command beside the one it
is held to, run alternately as fresh processes, and the ratio of their medians.

- The human agenda against its JSON, at 5,000 applications: `due`, `today`, `list`, `plan APP`
  each against the same with `--json` (target: `due` at most 1.2 times `due --json`).
- `due --json` against `bench/agenda_floor.py`, the standard library printing the same bytes
  from the same database (target: at most 1.3 times at 100 applications; 5,000 shown too).

Run: `.venv/bin/python bench/agenda_pairs.py [--runs 9] [--only human|floor]`.
On a machine shared with other work, timings move by 10-30 % from minute to minute: the two
commands of a pair are run one after the other, A B A B ..., so both see the same load, and the
load average is printed with each pair. Beside the wall time: the CPU time of a run (user +
system, less swayed by the other work). Output goes to a pipe, as a script would read it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import cached_database
from bench.timing import FOLLOWUP, env_for

FLOOR = [sys.executable, str(Path(__file__).with_name("agenda_floor.py"))]
HUMAN_TARGET, FLOOR_TARGET = 1.2, 1.3


def _load() -> str:
    return "load average " + ", ".join(f"{n:.2f}" for n in os.getloadavg())


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def paired(a: list[str], b: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    """Medians of `runs` runs of each, alternating (a warm-up of each first)."""
    _run(a, env), _run(b, env)
    times: dict[str, list[float]] = {"a": [], "b": [], "a_cpu": [], "b_cpu": []}
    for n in range(runs):
        order = (("a", a), ("b", b)) if n % 2 == 0 else (("b", b), ("a", a))
        for name, command in order:
            wall, cpu = _run(command, env)
            times[name].append(wall)
            times[f"{name}_cpu"].append(cpu)
    return {name: statistics.median(values) for name, values in times.items()}


def _show(label: str, a: str, b: str, found: dict[str, float], target: float | None) -> bool:
    ratio, cpu_ratio = found["a"] / found["b"], found["a_cpu"] / found["b_cpu"]
    met = target is None or ratio <= target
    verdict = "" if target is None else f"  target ≤ {target}: {'met' if met else 'MISSED'}"
    print(f"{label}  ({_load()})")
    print(f"  {a:34} median {found['a']:.3f} s  CPU {found['a_cpu']:.3f} s")
    print(f"  {b:34} median {found['b']:.3f} s  CPU {found['b_cpu']:.3f} s")
    print(f"  ratio {ratio:.2f} (CPU {cpu_ratio:.2f}){verdict}")
    return met


def _env(size: int) -> dict[str, str]:
    path = cached_database(Path(__file__).parent / "data", size, seed=size)
    # As a user runs it: Python keeps the bytecode it compiles.
    return {k: v for k, v in env_for(f"sqlite:///{path}").items() if k != "PYTHONDONTWRITEBYTECODE"}


def human(runs: int) -> bool:
    env = _env(5_000)
    met = True
    for command in (["due"], ["today"], ["list"], ["plan", "2500"]):
        shown = " ".join(command)
        found = paired([FOLLOWUP, *command], [FOLLOWUP, *command, "--json"], env, runs)
        target = HUMAN_TARGET if command == ["due"] else None
        met &= _show(
            f"{shown} at 5,000 applications",
            f"followup {shown}",
            f"followup {shown} --json",
            found,
            target,
        )
    # As on a terminal 100 columns wide: styled, and the long lines wrapped.
    styled = {**env, "FORCE_COLOR": "1", "COLUMNS": "100"}
    found = paired([FOLLOWUP, "due"], [FOLLOWUP, "due", "--json"], styled, runs)
    _show(
        "due at 5,000 applications, styled and wrapped (FORCE_COLOR=1 COLUMNS=100)",
        "followup due",
        "followup due --json",
        found,
        None,
    )
    return met


def floor(runs: int) -> bool:
    met = True
    for size in (100, 5_000):
        env = _env(size)
        ours = subprocess.run([FOLLOWUP, "due", "--json"], env=env, check=True, capture_output=True)
        theirs = subprocess.run(FLOOR, env=env, check=True, capture_output=True)
        if ours.stdout != theirs.stdout:
            print(f"the floor does not print what followup prints at {size}: fix the floor")
            return False
        found = paired([FOLLOWUP, "due", "--json"], FLOOR, env, runs)
        target = FLOOR_TARGET if size == 100 else None
        met &= _show(
            f"due --json against the floor at {size:,} applications ({len(ours.stdout):,} bytes)",
            "followup due --json",
            "bench/agenda_floor.py",
            found,
            target,
        )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", choices=("human", "floor"))
    args = parser.parse_args()
    met = True
    if args.only in (None, "human"):
        met &= human(args.runs)
    if args.only in (None, "floor"):
        met &= floor(args.runs)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
