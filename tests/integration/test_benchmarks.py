"""bench/import.py and bench/insights.py run end to end on small data, on SQLite and (when
FOLLOWUP_TEST_POSTGRES_URL is set) PostgreSQL, and print what they measure beside its floor.
Their timings are not checked here; that they leave no schema behind is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from followup.adapters.sql.database import parse
from tests.integration.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_BENCH")}
    env.pop("FOLLOWUP_TEST_POSTGRES_URL", None)
    postgres = ["--postgres", POSTGRES_URL] if POSTGRES_URL else []
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args, *postgres],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a target missed, on a busy machine
    return done.stdout


def bench_schemas() -> list[str]:
    if not POSTGRES_URL:
        return []
    admin = parse(POSTGRES_URL).connect()
    try:
        with admin.transaction():
            return admin.scalars(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'followup_bench_%'"
            )
    finally:
        admin.close()


def test_the_import_benchmark_prints_rows_a_second_and_its_floor() -> None:
    before = bench_schemas()
    out = run("import.py", "--rows", "40", "--runs", "1")
    names = ["SQLite", "PostgreSQL"] if POSTGRES_URL else ["SQLite"]
    for name in names:
        pattern = (
            rf"^{name} +40 rows: median [\d.]+ s \([\d,]+ rows/s; runs [\d.]+\); floor [\d.]+ s "
            r"\([\d,]+ rows/s\): [\d.]+x the floor; target under [\d.]+ s: (met|MISSED)$"
        )
        assert re.search(pattern, out, re.M), out
    assert re.search(r"^load average before: [\d.]+ [\d.]+ [\d.]+", out, re.M), out
    assert bench_schemas() == before


def test_the_insights_benchmark_prints_each_measure_and_its_floor(tmp_path: Path) -> None:
    before = bench_schemas()
    out = run("insights.py", "--applications", "60", "--runs", "1", "--cache", str(tmp_path))
    names = ["SQLite", "PostgreSQL"] if POSTGRES_URL else ["SQLite"]
    for name in names:
        assert re.search(rf"^{name} +floor +median +[\d.]+ ms \(CPU +[\d.]+ ms\)$", out, re.M), out
        for what in ("counted", "/insights", "/api/insights"):
            line = rf"^{name} +{what} +median +[\d.]+ ms \(CPU +[\d.]+ ms; [\d.]+x the floor\)$"
            assert re.search(line, out, re.M), out
    assert bench_schemas() == before
