"""How long Insights take at 10,000 applications the first time after a change, on SQLite and
on PostgreSQL, beside their floor: one statement that reads every row they count.

Run: `.venv/bin/python bench/insights.py [--applications 10000] [--runs 7] [--postgres URL]`.
Target (issue 17): at most 100 ms after a change.

The data is `bench/data.py`'s database (built once and kept in `bench/data/`), copied to a
temporary folder; with PostgreSQL (`--postgres`, else $FOLLOWUP_BENCH_POSTGRES_URL, else
$FOLLOWUP_TEST_POSTGRES_URL) it is loaded into a schema of its own (`followup import --json`'s
path) and vacuumed, as autovacuum would, dropped at the end. Each run first writes something
(the user's revision moves, so what the web app kept is stale), then times, in the process of
the web app:

- `counted`: `services.applications.insights` (what the page computes after a change);
- `/insights` and `/api/insights`: the page and the API through FastAPI's test client, the
  first request after the change (counting, then rendering the page or the JSON);
- `floor`: one SELECT of count(*) over the applications, the steps done, the touches and the
  decisions: reading what is counted, once, and nothing more.

Each line gives the median of the runs (wall time, and this process's CPU time) and the
ratio to the floor; with the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from bench.data import NOW, cached_database
from followup import bootstrap, services
from followup.adapters.sql.database import parse
from followup.adapters.sql.store import open_store
from followup.config import settings
from followup.web.app import create_app

TARGET_MS = 100.0
FLOOR = """
SELECT (SELECT count(*) FROM applications WHERE user_id = :owner)
     + (SELECT count(*) FROM steps WHERE user_id = :owner AND status = 'done')
     + (SELECT count(*) FROM touches WHERE user_id = :owner)
     + (SELECT count(*) FROM decisions WHERE user_id = :owner)
"""


def load() -> str:
    with open("/proc/loadavg") as found:
        return " ".join(found.read().split()[:3])


@contextmanager
def on_postgres(server: str, source: str) -> Iterator[str]:
    """The SQLite database `source` loaded into a new schema on `server`: its URL."""
    schema = f"followup_bench_{uuid.uuid4().hex[:12]}"
    admin = parse(server).connect()
    with admin.transaction():
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    url = f"{server}{separator}options=-csearch_path%3D{schema}"
    try:
        with open_store(source, "local").reading() as repo:
            tables, schema_revision = repo.dump(), repo.schema_revision()
        target = open_store(url, "local")
        with target.transaction() as repo:
            repo.load(tables, schema_revision)
        target.close()
        # What autovacuum does to a table after many inserts: statistics, and the visibility
        # map that lets a count read an index alone.
        vacuum = parse(url).connect().raw
        vacuum.autocommit = True
        for (table,) in vacuum.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)
        ).fetchall():
            vacuum.execute(f"VACUUM ANALYZE {schema}.{table}")
        vacuum.close()
        yield url
    finally:
        with admin.transaction():
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def median_ms(
    measure: Callable[[], None], change: Callable[[], None], runs: int
) -> tuple[float, float]:
    """The median wall time of `measure` after `change`, and the median CPU time this
    process took for it (less swayed by what else runs; PostgreSQL's own is not in it)."""
    times, cpu = [], []
    for _ in range(runs + 1):  # the first is a warm-up
        change()
        started, used = time.perf_counter(), time.process_time()
        measure()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(times[1:]) * 1000, statistics.median(cpu[1:]) * 1000


def measure(name: str, url: str, home: Path, runs: int) -> bool:
    env = {
        "FOLLOWUP_DATABASE_URL": url,
        "FOLLOWUP_NOW": NOW.isoformat(),
        "FOLLOWUP_USER": "local",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    app = bootstrap.build(settings.load(env))
    profile = services.people.profile(app.store)

    def change() -> None:  # a write: the revision moves, what the page kept is stale
        with app.store.transaction() as repo:
            if profile is not None:
                repo.save_profile(profile)
            else:
                repo.connection.execute("UPDATE users SET revision = revision + 1")

    def floor() -> None:
        with app.store.reading() as repo:
            owner = repo.connection.scalar("SELECT id FROM users WHERE name = 'local'")
            repo.connection.scalar(FLOOR, {"owner": owner})

    results = {}
    with TestClient(create_app(app), base_url="http://127.0.0.1:8765") as client:
        results["floor"] = median_ms(floor, change, runs)
        results["counted"] = median_ms(
            lambda: services.applications.insights(app.store, app.now()), change, runs
        )
        for path in ("/insights", "/api/insights"):
            results[path] = median_ms(lambda p=path: client.get(p).raise_for_status(), change, runs)
    floor_ms = results["floor"][0]
    for what, (ms, cpu) in results.items():
        ratio = "" if what == "floor" else f"; {ms / floor_ms:.1f}x the floor"
        print(f"{name:10} {what:13} median {ms:7.1f} ms (CPU {cpu:5.1f} ms{ratio})")
    met = results["counted"][0] <= TARGET_MS
    print(f"{name:10} target: counted at most {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FOLLOWUP_BENCH_POSTGRES_URL")
        or os.environ.get("FOLLOWUP_TEST_POSTGRES_URL"),
        help="a PostgreSQL server's URL (a schema of its own is made and dropped)",
    )
    args = parser.parse_args()
    source = cached_database(args.cache, args.applications)
    print(f"load average before: {load()} ({os.cpu_count()} cores)")
    met = True
    with tempfile.TemporaryDirectory(prefix="followup-insights-") as folder:
        home = Path(folder)
        copy = home / "followup.db"
        shutil.copyfile(source, copy)
        met &= measure("SQLite", f"sqlite:///{copy}", home, args.runs)
        if args.postgres:
            with on_postgres(args.postgres, f"sqlite:///{copy}") as url:
                met &= measure("PostgreSQL", url, home, args.runs)
        else:
            print("PostgreSQL: left out (give --postgres URL or FOLLOWUP_BENCH_POSTGRES_URL)")
    print(f"load average after: {load()}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
