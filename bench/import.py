"""How fast `followup import --csv` takes 10,000 rows, on SQLite and on PostgreSQL, beside its
floor: the same rows written by the database driver alone.

Run: `.venv/bin/python bench/import.py [--rows 10000] [--runs 3] [--postgres URL]`.
Target (issue 17): under 5 s on SQLite and under 10 s on PostgreSQL at 10,000 rows.

The file is the canonical data set's (`bench/data.py: write_csv`): a row an application, with
its interview and interviewer, as `followup export --csv` writes them. Each run imports it
with the installed `followup` as a fresh process, into an empty database migrated beforehand
(so the time is the import's, not the schema's): a SQLite file in a temporary folder, and a
schema of its own on the PostgreSQL server (`--postgres`, else $FOLLOWUP_BENCH_POSTGRES_URL,
else $FOLLOWUP_TEST_POSTGRES_URL; without one, PostgreSQL is left out), dropped at the end.

The floor: every row the import wrote (the user, applications, interviews, contacts, steps), written
again into another empty database by the driver alone, in one transaction: `executemany` a
table on SQLite, `COPY` a table on PostgreSQL. What the import costs beyond it is reading,
checking and planning each row, and building the objects.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.data import write_csv
from bench.timing import FOLLOWUP, env_for
from followup.adapters.sql.database import parse
from followup.adapters.sql.store import open_store

DOCS = (dict, list)
TARGETS = {"SQLite": 5.0, "PostgreSQL": 10.0}  # seconds at 10,000 rows
TABLES = ("users", "applications", "interviews", "contacts", "steps")  # what an import writes


def load() -> str:
    with open("/proc/loadavg") as found:
        return " ".join(found.read().split()[:3])


@contextmanager
def sqlite_databases(folder: Path) -> Iterator[Any]:
    def fresh() -> str:
        return f"sqlite:///{folder / (uuid.uuid4().hex + '.db')}"

    yield fresh


@contextmanager
def postgres_databases(server: str) -> Iterator[Any]:
    """Fresh schemas on `server` (a URL each), all dropped when the block ends."""
    admin = parse(server).connect()
    made: list[str] = []
    separator = "&" if "?" in server else "?"

    def fresh() -> str:
        schema = f"followup_bench_{uuid.uuid4().hex[:12]}"
        with admin.transaction():
            admin.execute(f"CREATE SCHEMA {schema}")
        made.append(schema)
        return f"{server}{separator}options=-csearch_path%3D{schema}"

    try:
        yield fresh
    finally:
        for schema in made:
            with admin.transaction():
                admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def migrated(url: str) -> str:
    open_store(url, "local").close()
    return url


def import_once(url: str, csv: Path, home: Path, rows: int) -> float:
    env = {
        **env_for(url),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [FOLLOWUP, "import", "--csv", str(csv)], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0 or f"{rows} imported" not in done.stdout:
        raise SystemExit(f"the import failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def written(url: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every row of the tables an import writes, as the driver reads them."""
    database = parse(url)
    connection = database.connect()
    try:
        found = {}
        for table in TABLES:
            cursor = connection.raw.cursor()
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [column[0] for column in cursor.description]
            found[table] = (names, cursor.fetchall())
        return found
    finally:
        connection.close()


def floor_once(url: str, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> float:
    """Write `rows` into the empty database at `url` by the driver alone; the seconds taken."""
    connection = parse(url).connect()
    sqlite = url.startswith("sqlite")
    try:
        started = time.perf_counter()
        with connection.transaction():
            cursor = connection.raw.cursor()
            for table in TABLES:
                names, values = rows[table]
                listed = ", ".join(f'"{name}"' for name in names)
                if sqlite:
                    marks = ", ".join("?" for _ in names)
                    cursor.executemany(f"INSERT INTO {table} ({listed}) VALUES ({marks})", values)
                else:
                    with cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                        for row in values:  # JSON documents come back as Python values
                            copy.write_row([json.dumps(v) if type(v) in DOCS else v for v in row])
        return time.perf_counter() - started
    finally:
        connection.close()


def measure(name: str, databases: Any, csv: Path, rows: int, runs: int, home: Path) -> bool:
    times, floors = [], []
    for _ in range(runs):
        url = migrated(databases())
        times.append(import_once(url, csv, home, rows))
        floors.append(floor_once(migrated(databases()), written(url)))
    median, floor = statistics.median(times), statistics.median(floors)
    target = TARGETS[name] * rows / 10_000
    met = median < target
    print(
        f"{name:10} {rows:,} rows: median {median:.2f} s ({rows / median:,.0f} rows/s; "
        f"runs {', '.join(f'{t:.2f}' for t in times)}); floor {floor:.3f} s "
        f"({rows / floor:,.0f} rows/s): {median / floor:.1f}x the floor; "
        f"target under {target:.1f} s: {'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FOLLOWUP_BENCH_POSTGRES_URL")
        or os.environ.get("FOLLOWUP_TEST_POSTGRES_URL"),
        help="a PostgreSQL server's URL (a schema of its own is made and dropped)",
    )
    args = parser.parse_args()
    print(f"load average before: {load()} ({os.cpu_count()} cores)")
    met = True
    with tempfile.TemporaryDirectory(prefix="followup-import-") as folder:
        home = Path(folder)
        csv = write_csv(home / f"canonical-{args.rows}.csv", args.rows)
        with sqlite_databases(home) as fresh:
            met &= measure("SQLite", fresh, csv, args.rows, args.runs, home)
        if args.postgres:
            with postgres_databases(args.postgres) as fresh:
                met &= measure("PostgreSQL", fresh, csv, args.rows, args.runs, home)
        else:
            print("PostgreSQL: left out (give --postgres URL or FOLLOWUP_BENCH_POSTGRES_URL)")
    print(f"load average after: {load()}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
