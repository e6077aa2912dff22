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


def test_the_caseload_benchmark_prints_each_measure_and_its_floor() -> None:
    before = bench_schemas()
    out = run("caseload.py", "--seekers", "20", "--applications", "5", "--runs", "1")
    if not POSTGRES_URL:
        assert "PostgreSQL: left out" in out, out
        return
    assert re.search(r"^data: 20 job seekers x 5 applications in [\d.]+ s$", out, re.M), out
    assert re.search(r"^PostgreSQL floor +median +[\d.]+ ms \(CPU +[\d.]+ ms\)$", out, re.M), out
    for what in ("counted", "/caseload", "/api/caseload"):
        line = rf"^PostgreSQL {what} +median +[\d.]+ ms \(CPU +[\d.]+ ms; [\d.]+x the floor\)$"
        assert re.search(line, out, re.M), out
    assert bench_schemas() == before


def test_the_peers_data_set_is_rendered_for_each_tool(tmp_path: Path) -> None:
    """bench/peers.py render: followup's CSV, career-ops' two tables (as its parser splits
    them: a row an application, each with a company, a role, a status, a date), jobhound's
    meta.toml files (TOML, a file an application); and `pair` times commands in turn."""
    import tomllib

    peers = [sys.executable, str(ROOT / "bench" / "peers.py")]
    subprocess.run(
        [*peers, "render", str(tmp_path), "--applications", "25"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    csv_lines = (tmp_path / "followup.csv").read_text().splitlines()
    assert len(csv_lines) == 26 and csv_lines[0].startswith("company,role,stage")
    tracker = (tmp_path / "career-ops" / "data" / "applications.md").read_text().splitlines()
    rows = [line.split("|") for line in tracker if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == 25
    assert all(re.fullmatch(r" \d{4}-\d{2}-\d{2} ", row[2]) for row in rows)
    assert {row[6].strip() for row in rows} <= {"Interview", "Offer", "Rejected"}
    metas = sorted((tmp_path / "jobhound" / "opportunities").glob("*/meta.toml"))
    assert len(metas) == 25
    for meta in metas:
        data = tomllib.loads(meta.read_text())
        assert data["slug"] == meta.parent.name
        assert data["status"] in {"interview", "offer", "rejected"}
    paired = subprocess.run(
        [*peers, "pair", "--runs", "2", "true", "sleep 0.01"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert re.search(r"^median [\d.]+ s, \d+ MiB, 1.00x the first: true$", paired, re.M), paired
    assert re.search(r"^median [\d.]+ s, \d+ MiB, [\d.]+x the first: sleep 0.01$", paired, re.M)


def test_the_agenda_floor_prints_what_followup_prints(tmp_path: Path) -> None:
    """bench/agenda_floor.py is held to `followup due --json`'s bytes (agenda_pairs.py refuses
    to time it otherwise): a field added to the step's record must reach it too."""
    sys.path.insert(0, str(ROOT))
    from bench.data import cached_database
    from bench.timing import env_for

    path = cached_database(tmp_path, 40, seed=40)
    env = {
        **env_for(f"sqlite:///{path}"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    followup = Path(sys.executable).parent / "followup"
    for within in ("7d", "30d"):
        ours = subprocess.run(
            [followup, "due", "--within", within, "--json"], env=env, capture_output=True
        )
        floor = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "agenda_floor.py"), "--within", within],
            env=env,
            capture_output=True,
        )
        assert ours.returncode == floor.returncode == 0, (ours.stderr, floor.stderr)
        assert ours.stdout == floor.stdout and b'"needs"' in ours.stdout


def test_the_server_load_benchmark_prints_each_kind_and_its_verdict(tmp_path: Path) -> None:
    """bench/server_load.py on a tiny server: 3 job seekers of 2 applications, a coach, 2
    clients for 2 s, in a database of its own dropped afterwards."""
    import uuid

    if not POSTGRES_URL or not os.environ.get("FOLLOWUP_TEST_REDIS_URL"):
        import pytest

        pytest.skip("FOLLOWUP_TEST_POSTGRES_URL and FOLLOWUP_TEST_REDIS_URL not set")
    name = f"followup_bench_load_{uuid.uuid4().hex[:10]}"
    sizes = ["--seekers", "3", "--applications", "2", "--coaches", "1", "--clients", "2"]
    timing = ["--seconds", "2", "--warmup", "1", "--think", "0", "--job-workers", "1"]
    where = ["--database", name, "--drop", "--cache", str(tmp_path)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "server_load.py"),
            *sizes,
            *timing,
            *where,
            "--postgres",
            POSTGRES_URL,
            "--redis",  # a database of its own: the queue's name is every followup's
            os.environ["FOLLOWUP_TEST_REDIS_URL"].rstrip("/").rsplit("/", 1)[0] + "/13"
            if os.environ["FOLLOWUP_TEST_REDIS_URL"].count("/") > 2
            else os.environ["FOLLOWUP_TEST_REDIS_URL"] + "/13",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    out = done.stdout
    for kind in ("page", "api", "write", "all"):
        assert re.search(rf"^{kind} +\d+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$", out, re.M), out
    assert re.search(r"errors: 0$", out, re.M), out
    assert re.search(r"^target: p95 under 250 ms for pages and API reads: (PASS|FAIL)$", out, re.M)
    admin = parse(POSTGRES_URL).connect()
    try:
        with admin.transaction():
            left = admin.scalars(
                "SELECT datname FROM pg_database WHERE datname LIKE :n", {"n": name + "%"}
            )
    finally:
        admin.close()
    assert left == []
