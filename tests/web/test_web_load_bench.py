"""bench/web_load.py runs end to end on a small database: it builds the data, starts
`followup serve`, loads it and prints the percentiles. Its timings are not checked here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_web_load_benchmark_prints_its_percentiles(tmp_path: Path) -> None:
    small = ["--applications", "50", "--clients", "2", "--seconds", "1", "--warmup", "0.2"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "web_load.py"), *small, "--cache", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: the target missed, on a busy machine
    out = done.stdout
    assert re.search(r"^page +requests +req/s +p50 ms +p95 ms +p99 ms$", out, re.M), out
    for page in ("today", "application", "all"):
        assert re.search(rf"^{page} +[1-9]\d* +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$", out, re.M), out
    assert re.search(r"^Today page: \d+ KiB, [1-9]\d* steps, \d+ replies$", out, re.M), out
    assert "errors: 0" in out
    assert re.search(r"^target: p95 under 100 ms over both pages: (PASS|FAIL)$", out, re.M)
    assert (tmp_path / "cached-50-seed1.db").is_file()  # kept for the next run
