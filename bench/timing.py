"""Timing fresh processes: the median of several runs, beside a bare interpreter."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FOLLOWUP = str(Path(sys.executable).parent / "followup")


def median_seconds(command: list[str], env: dict[str, str], runs: int = 7) -> float:
    """Median wall time of `command` as a fresh process (one warm-up run first)."""
    subprocess.run(command, env=env, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def env_for(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FOLLOWUP_DATABASE_URL": database_url,
        "FOLLOWUP_NOW": "2026-11-23T12:00:00+00:00",
        "FOLLOWUP_USER": "local",
    }


def bare_python(env: dict[str, str]) -> float:
    return median_seconds([sys.executable, "-c", "pass"], env)
