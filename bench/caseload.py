"""How long a coach's caseload takes with 1,000 job seekers of 50 applications each, on
PostgreSQL (server mode's database), beside its floor: one statement that reads every row it
counts.

Run: `.venv/bin/python bench/caseload.py [--seekers 1000] [--applications 50] [--runs 7]
[--postgres URL]` (else $FOLLOWUP_BENCH_POSTGRES_URL, else $FOLLOWUP_TEST_POSTGRES_URL).
Target (issue 18): the caseload counted in at most 500 ms.

The data is made by SQL in a schema of its own (dropped at the end): the job seekers, each
sharing with one coach, their profiles in a few time zones and ten cohorts; for each job
seeker's applications an interview every other one, five steps (some done, some overdue),
two touches, and a decision every seventh. Then VACUUM ANALYZE, as autovacuum would. Timed,
in one process:

- `counted`: `services.coaching.caseload` (the numbers, the flags, the sort, the access log);
- `/caseload` and `/api/caseload`: the page and the API through FastAPI's test client;
- `floor`: one SELECT of count(*) over the applications, steps, touches, decisions and
  interviews of the coach's job seekers: reading what is counted, once, and nothing more.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from followup import bootstrap
from followup.adapters.sql.database import parse
from followup.config import settings
from followup.domain.accounts import SESSION_COOKIE, Role, token_hash
from followup.services import coaching
from followup.web.app import create_app

TARGET_MS = 500.0
NOW = "2026-11-23T12:00:00+00:00"
SECRET = "a benchmark's secret key, long enough to be one"
_SEEKERS = "SELECT seeker_id FROM coaching WHERE coach_id = :coach AND state = 'active'"
FLOOR = f"""
SELECT (SELECT count(*) FROM applications WHERE user_id IN ({_SEEKERS}))
     + (SELECT count(*) FROM steps WHERE user_id IN ({_SEEKERS}))
     + (SELECT count(*) FROM touches WHERE user_id IN ({_SEEKERS}))
     + (SELECT count(*) FROM decisions WHERE user_id IN ({_SEEKERS}))
     + (SELECT count(*) FROM interviews WHERE user_id IN ({_SEEKERS}))
"""

# The data, by SQL (:now the benchmark's moment, :seekers and :applications its size).
DATA = [
    """INSERT INTO users (name, created_at, email, email_key, role, cohort)
    SELECT 'seeker-' || g, :now - interval '90 days', 'seeker' || g || '@example.org',
           'seeker' || g || '@example.org', 'seeker', 'Cohort ' || (g % 10)
    FROM generate_series(1, :seekers) AS g""",
    """INSERT INTO profiles (user_id, name, skills, timezone, tone)
    SELECT id, name, CAST('[]' AS JSON),
           (ARRAY['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[id % 4 + 1],
           'warm'
    FROM users WHERE role = 'seeker'""",
    """INSERT INTO coaching (coach_id, seeker_id, asked_by, state, share_drafts, created_at,
                            accepted_at)
    SELECT :coach, id, 'seeker', 'active', false, :now, :now FROM users WHERE role = 'seeker'""",
    """INSERT INTO applications (user_id, company, role, source, stage, created_at, settings)
    SELECT u.id, 'Company ' || a, 'Analyst', 'direct',
           (ARRAY['applied', 'interviewing', 'interviewing', 'offer', 'rejected', 'applied',
                  'closed'])[a % 7 + 1],
           :now - make_interval(days => (a * 3 + u.id) % 120), CAST('{}' AS JSON)
    FROM users AS u CROSS JOIN generate_series(1, :applications) AS a WHERE u.role = 'seeker'""",
    """INSERT INTO interviews (user_id, application_id, "start", "end", timezone, format, round,
                              topics)
    SELECT user_id, id, created_at + interval '10 days', created_at + interval '10 days 1 hour',
           'Europe/London', 'video', 1, CAST('[]' AS JSON)
    FROM applications WHERE id % 2 = 0""",
    """INSERT INTO steps (user_id, application_id, kind, channel, status, earliest, due,
                         timezone, recipients, rationale, sources, key, done_at, changed_at)
    SELECT a.user_id, a.id, 'status-check', 'email',
           CASE WHEN s <= 2 THEN 'done' WHEN s = 5 THEN 'skipped' ELSE 'planned' END,
           a.created_at + make_interval(days => s * 7),
           a.created_at + make_interval(days => s * 7 + 2),
           'Europe/London', CAST('[]' AS JSON), 'bench', CAST('[]' AS JSON),
           'bench-' || a.id || '-' || s,
           CASE WHEN s <= 2 THEN a.created_at + make_interval(days => s * 7 + 1) END, :now
    FROM applications AS a CROSS JOIN generate_series(1, 5) AS s""",
    """INSERT INTO touches (user_id, application_id, channel, direction, "at")
    SELECT a.user_id, a.id, 'email', CASE WHEN t = 1 THEN 'out' ELSE 'in' END,
           a.created_at + make_interval(days => t * 5)
    FROM applications AS a CROSS JOIN generate_series(1, 2) AS t""",
    """INSERT INTO decisions (user_id, application_id, kind, "at")
    SELECT user_id, id, 'rejected', created_at + interval '30 days' FROM applications
    WHERE id % 7 = 0""",
]


def load() -> str:
    with open("/proc/loadavg") as found:
        return " ".join(found.read().split()[:3])


@contextmanager
def schema_on(server: str) -> Iterator[str]:
    """A new, empty schema on `server`: its URL; dropped at the end."""
    schema = f"followup_bench_{uuid.uuid4().hex[:12]}"
    admin = parse(server).connect()
    with admin.transaction():
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.transaction():
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def median_ms(measure: Callable[[], None], runs: int) -> tuple[float, float]:
    """The median wall time of `measure`, and the median CPU time this process took."""
    times, cpu = [], []
    for _ in range(runs + 1):  # the first is a warm-up
        started, used = time.perf_counter(), time.process_time()
        measure()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(times[1:]) * 1000, statistics.median(cpu[1:]) * 1000


def measure(url: str, home: Path, seekers: int, applications: int, runs: int) -> bool:
    env = {
        "FOLLOWUP_DATABASE_URL": url,
        "FOLLOWUP_NOW": NOW,
        "FOLLOWUP_SERVER": "1",
        "FOLLOWUP_SECRET_KEY": SECRET,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    app = bootstrap.build(settings.load(env))
    now = app.now()
    with app.accounts.transaction() as rows:
        coach = rows.create("coach@example.org", Role.COACH, now)
    started = time.perf_counter()
    with app.accounts.transaction() as rows:
        sizes = {"now": now, "seekers": seekers, "applications": applications, "coach": coach.id}
        for statement in DATA:
            rows.connection.execute(statement, sizes)
    vacuum = parse(url).connect().raw
    vacuum.autocommit = True
    vacuum.execute("VACUUM ANALYZE")
    vacuum.close()
    print(
        f"data: {seekers} job seekers x {applications} applications in "
        f"{time.perf_counter() - started:.1f} s"
    )

    def floor() -> None:
        with app.accounts.reading() as rows:
            rows.connection.scalar(FLOOR, {"coach": coach.id})

    token = secrets.token_urlsafe(32)
    with app.accounts.transaction() as rows:
        rows.open_session(coach.id, token_hash(token), now, timedelta(days=1))
    results = {"floor": median_ms(floor, runs)}
    found = coaching.caseload(app, coach)
    assert len(found.rows) == seekers, len(found.rows)
    results["counted"] = median_ms(lambda: coaching.caseload(app, coach), runs)
    with TestClient(create_app(app), base_url="http://127.0.0.1:8765") as client:
        client.cookies.set(SESSION_COOKIE, token)
        for path in ("/caseload", "/api/caseload"):
            results[path] = median_ms(lambda p=path: client.get(p).raise_for_status(), runs)
    floor_ms = results["floor"][0]
    for what, (ms, cpu) in results.items():
        ratio = "" if what == "floor" else f"; {ms / floor_ms:.1f}x the floor"
        print(f"PostgreSQL {what:13} median {ms:7.1f} ms (CPU {cpu:6.1f} ms{ratio})")
    met = results["counted"][0] <= TARGET_MS
    print(f"PostgreSQL target: counted at most {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}")
    app.store.close()
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FOLLOWUP_BENCH_POSTGRES_URL")
        or os.environ.get("FOLLOWUP_TEST_POSTGRES_URL"),
        help="a PostgreSQL server's URL (a schema of its own is made and dropped)",
    )
    args = parser.parse_args()
    if not args.postgres:
        print("PostgreSQL: left out (give --postgres URL or FOLLOWUP_BENCH_POSTGRES_URL)")
        return 0
    print(f"load average before: {load()} ({os.cpu_count()} cores)")
    with (
        tempfile.TemporaryDirectory(prefix="followup-caseload-") as folder,
        schema_on(args.postgres) as url,
    ):
        met = measure(url, Path(folder), args.seekers, args.applications, args.runs)
    print(f"load average after: {load()}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
