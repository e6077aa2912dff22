"""Server mode under load: 1,000 job seekers with 50 applications each and 20 coaches on
PostgreSQL; 100 signed-in clients at once mixing pages, API reads and writes; p50/p95/p99
and requests per second by kind.

Run: `.venv/bin/python bench/server_load.py [--seekers 1000] [--applications 50]
[--coaches 20] [--clients 100] [--seconds 30] [--workers 1] [--job-workers 0] [--json]`.
Target (issue #18): p95 under 250 ms for pages and for API reads.

The data is built once and kept in its own PostgreSQL database
(`followup_server_load_<seekers>x<applications>_<coaches>`, on `--postgres`, default
postgresql://postgres@127.0.0.1:5432/; `--fresh` builds it again): a few job seekers' worth of
planned applications made by `bench/data.py` (kept as SQLite files in `--cache`), each job
seeker's copy restored into their account as `followup import --json --account` does (new
ids), each coach with the consent of `seekers / coaches` job seekers (`coaching` rows,
active). Built under a temporary name and renamed when whole. followup connects as the role
`followup_bench`, which owns the database and is no superuser, as a deployed server's user
is: row-level security (migration 0015) holds it and its cost is measured.

Each run signs every client in (a session row each, as the sign-in page makes one), starts
`followup serve --server --workers N` on a free port with FOLLOWUP_NOW fixed, and
`--job-workers` `followup worker` processes on Redis (`--redis`, db 9). Each client is one
keep-alive connection signed in as a different person, asking for the next thing as soon as
it has the last (no think time). A job seeker's mix: Today (30 %), an application's page
(25 %), GET /api/applications (15 %), /api/insights (10 %), /api/applications/ID (5 %), and
writes (15 %: a touch logged through the API with the CSRF header, which replans). One
client in ten is a coach, asking for their caseload (GET /caseload) or one job seeker's page
in it (GET /caseload/ID), half and half, when this followup has them; without them (404 at
the start), coaches are left out of the mix and the report says so.
The touches written are deleted after the run. CPU is measured over the counted seconds:
this process, the server's processes, and the whole machine (PostgreSQL included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from deploy.server_demo import database_url

from bench.data import NOW, cached_database
from bench.timing import FOLLOWUP
from bench.web_load import cpu_seconds, free_port, percentile

TARGET_P95_MS = 250.0
# The role followup connects as, owner of the tables and no superuser, as deployed: row-level
# security (migration 0015) holds it, as it would a real server (a superuser skips it).
ROLE = "followup_bench"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/9"
SECRET = "the server load benchmark's secret key, not a real one"
TEMPLATES = 5  # distinct job searches, each seeker a copy of one
KINDS = ("page", "api", "write", "caseload")
SEEKER_MIX = (
    ("page", "today", 30),
    ("page", "application", 25),
    ("api", "applications", 15),
    ("api", "insights", 10),
    ("api", "application", 5),
    ("write", "touch", 15),
)
WRITTEN = "server_load write"  # the note of the touches the clients log, deleted afterwards


@dataclass(frozen=True)
class Snapshot:
    wall: float
    client: float
    followup: float  # the web processes' and the workers' CPU seconds
    machine: float
    backends: dict[int, float]  # PostgreSQL's, by pid


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, Snapshot] = field(default_factory=dict)


# -- the data ------------------------------------------------------------------------------


def _admin(base: str) -> Any:
    import psycopg

    return psycopg.connect(database_url(base, "postgres"), autocommit=True)


def _exists(base: str, name: str) -> bool:
    with _admin(base) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return found.fetchone() is not None


def _drop(base: str, name: str) -> None:
    with _admin(base) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _role_url(base: str, name: str) -> str:
    """The database `name` as ROLE sees it (the server's own user, `SET ROLE` at connect)."""
    return f"{database_url(base, name)}?options=-crole%3D{ROLE}"


def _ensure_role(base: str) -> None:
    with _admin(base) as admin:
        found = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone()
        if found is None:
            admin.execute(f"CREATE ROLE {ROLE} NOLOGIN")


def server_env(url: str, home: Path, port: int = 0, redis: str = REDIS) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    return env | {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "FOLLOWUP_NOW": NOW.isoformat(),  # the moment the data was built for
        "FOLLOWUP_SERVER": "1",
        "FOLLOWUP_DATABASE_URL": url,
        "FOLLOWUP_SECRET_KEY": SECRET,
        "FOLLOWUP_PUBLIC_URL": f"http://127.0.0.1:{port or 8766}",
        "FOLLOWUP_JOBS_BACKEND": "redis",
        "FOLLOWUP_JOBS_URL": redis,
    }


@contextmanager
def opened(url: str, home: Path) -> Iterator[Any]:
    from followup import bootstrap
    from followup.config import settings

    app = bootstrap.build(settings.load(server_env(url, home)))
    try:
        yield app
    finally:
        app.store.close()


def templates(cache: Path, applications: int) -> list[dict[str, Any]]:
    """TEMPLATES job searches of `applications` planned applications each, as exports."""
    from followup.adapters.sql.store import open_store
    from followup.services.backup import export_data

    found = []
    for seed in range(1, TEMPLATES + 1):
        path = cached_database(cache, applications, seed=100 + seed)
        store = open_store(f"sqlite:///{path}", "local")
        try:
            found.append(export_data(store, "local", NOW))
        finally:
            store.close()
    return found


def build(base: str, name: str, args: argparse.Namespace, home: Path) -> None:
    """The database `name`: the accounts, their data and the coaches' consent."""
    from followup.adapters.sql.dialects import insert
    from followup.domain.accounts import Role
    from followup.services.backup import import_data

    searches = templates(args.cache, args.applications)
    building = f"{name}_building"
    _drop(base, building)
    _ensure_role(base)
    with _admin(base) as admin:
        admin.execute(f'CREATE DATABASE "{building}" OWNER {ROLE}')
    started = time.perf_counter()
    with opened(_role_url(base, building), home) as app:
        with app.accounts.transaction() as rows:
            seekers = [
                rows.create(f"seeker{i}@bench.example", Role.SEEKER, NOW, cohort=f"c{i % 4}")
                for i in range(args.seekers)
            ]
            coaches = [
                rows.create(f"coach{i}@bench.example", Role.COACH, NOW) for i in range(args.coaches)
            ]
            each = max(1, args.seekers // max(1, args.coaches))
            for n, coach in enumerate(coaches):
                for seeker in seekers[n * each : (n + 1) * each]:
                    values = {
                        "coach_id": coach.id,
                        "seeker_id": seeker.id,
                        "asked_by": "coach",
                        "state": "active",
                        "share_drafts": False,
                        "created_at": NOW,
                        "accepted_at": NOW,
                    }
                    rows.connection.execute(insert("coaching", tuple(values)), values)
        for i, seeker in enumerate(seekers):
            mine = app.for_user(seeker.name)
            import_data(mine.store, searches[i % len(searches)], renumber=True)
            if not args.json and (i + 1) % 100 == 0:
                print(f"  {i + 1} job seekers loaded ({time.perf_counter() - started:.0f} s)")
    with _admin(base) as admin:
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    import psycopg

    with psycopg.connect(database_url(base, name), autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


def sign_in(url: str, home: Path, clients: int, coaches: bool) -> list[tuple[str, str]]:
    """A session each for `clients` people (one in ten a coach when `coaches`): (role, token)."""
    from followup.domain.accounts import token_hash

    with opened(url, home) as app, app.accounts.transaction() as rows:
        found = rows.connection.rows(
            "SELECT id, role FROM users WHERE role IN ('seeker', 'coach') ORDER BY role, id"
        )
        seekers = [r["id"] for r in found if r["role"] == "seeker"]
        coach_ids = [r["id"] for r in found if r["role"] == "coach"]
        chosen: list[tuple[str, int]] = []
        for n in range(clients):
            if coaches and coach_ids and n % 10 == 9:
                chosen.append(("coach", coach_ids[(n // 10) % len(coach_ids)]))
            else:
                chosen.append(("seeker", seekers[n % len(seekers)]))
        signed = []
        for role, account_id in chosen:
            token = secrets.token_urlsafe(32)
            rows.open_session(account_id, token_hash(token), NOW, timedelta(days=1))
            signed.append((role, token))
        return signed


def clean_up(url: str, home: Path) -> None:
    with opened(url, home) as app, app.accounts.transaction() as rows:
        rows.connection.execute("DELETE FROM touches WHERE note = :n", {"n": WRITTEN})
        rows.connection.execute("DELETE FROM sessions")


# -- the processes -------------------------------------------------------------------------


def _tree_cpu(pid: int) -> float | None:
    """CPU seconds of `pid` and its children (uvicorn's worker processes)."""
    total = cpu_seconds(pid)
    if total is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        total += _tree_cpu(int(child)) or 0.0
    return total


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy so far (all cores; /proc/stat)."""
    try:
        parts = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in parts]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def start(
    env: dict[str, str], home: Path, port: int, workers: int, job_workers: int
) -> tuple[list[subprocess.Popen[bytes]], str]:
    url = f"http://127.0.0.1:{port}"
    log = (home / "serve.log").open("wb")
    command = [FOLLOWUP, "serve", "--server", "--port", str(port), "--workers", str(workers)]
    started = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)]
    for _ in range(job_workers):
        started.append(
            subprocess.Popen([FOLLOWUP, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=log)
        )
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/api/csrf", timeout=10).status_code == 200:
                return started, url
        except httpx.TransportError:
            pass
        if started[0].poll() is not None or time.monotonic() > deadline:
            stop(started)
            raise SystemExit(f"followup serve did not start:\n{(home / 'serve.log').read_text()}")
        time.sleep(0.2)


def stop(started: list[subprocess.Popen[bytes]]) -> None:
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the clients ---------------------------------------------------------------------------


def _backends(base: str, name: str) -> dict[int, float]:
    """The CPU seconds so far of each PostgreSQL backend connected to the database `name`
    (the server on this machine: /proc)."""
    with _admin(base) as admin:
        found = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        pids = [row[0] for row in found.fetchall()]
    return {pid: cpu for pid in pids if (cpu := cpu_seconds(pid)) is not None}


def _snapshot(pids: list[int], name: str, base: str) -> Snapshot:
    """Wall time, this process's CPU, the followup processes', the whole machine's busy
    seconds, and the database's backends' CPU by pid."""
    followup = sum(_tree_cpu(pid) or 0.0 for pid in pids)
    return Snapshot(
        time.perf_counter(), time.process_time(), followup, _machine_busy(), _backends(base, name)
    )


async def person(
    url: str,
    role: str,
    token: str,
    seed: int,
    counting: float,
    until: float,
    samples: Samples,
    think: float,
) -> None:
    """One signed-in person on one keep-alive connection until `until`, pausing a random
    time of mean `think` seconds (exponential) after each answer (0: none)."""
    rng = random.Random(seed)
    cookies = {"followup_session": token}
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=url, cookies=cookies, limits=limits, timeout=60) as http:
        csrf = (await http.get("/api/csrf")).json()["token"]
        if role == "coach":  # the job seekers who share with this coach
            ids = [r["seeker_id"] for r in (await http.get("/api/caseload")).json()["rows"]]
        else:
            ids = [a["id"] for a in (await http.get("/api/applications")).json()]
        weights = [w for _kind, _what, w in SEEKER_MIX]
        while (started := time.perf_counter()) < until:
            if role == "coach":  # the caseload, or one job seeker's page in it
                kind, what = "caseload", rng.choice(("caseload", "seeker"))
            else:
                kind, what, _ = rng.choices(SEEKER_MIX, weights)[0]
            application = rng.choice(ids) if ids else 0
            try:
                if what == "today":
                    response = await http.get("/")
                elif what == "application" and kind == "page":
                    response = await http.get(f"/applications/{application}")
                elif what == "applications":
                    response = await http.get("/api/applications")
                elif what == "insights":
                    response = await http.get("/api/insights")
                elif what == "application":
                    response = await http.get(f"/api/applications/{application}")
                elif what == "touch":
                    body = {"channel": "email", "direction": "out", "note": WRITTEN}
                    response = await http.post(
                        f"/api/applications/{application}/touches",
                        json=body,
                        headers={"X-CSRF-Token": csrf},
                    )
                elif what == "seeker":
                    response = await http.get(f"/caseload/{application}")
                else:
                    response = await http.get("/caseload")
            except httpx.HTTPError as exc:
                samples.errors.append(f"{what}: {exc!r}")
                continue
            elapsed = time.perf_counter() - started
            if started >= counting:
                samples.latencies[kind].append(elapsed)
                if response.status_code != 200:
                    samples.errors.append(f"{what}: {response.status_code}")
            if think:  # at most 4 s: uvicorn closes a connection idle for 5
                await asyncio.sleep(min(rng.expovariate(1 / think), 4.0))


async def load(
    url: str, pids: list[int], args: argparse.Namespace, signed: list[tuple[str, str]]
) -> Samples:
    samples = Samples()
    counting = time.perf_counter() + args.warmup
    until = counting + args.seconds

    async def mark() -> None:
        await asyncio.sleep(args.warmup)
        samples.cpu["start"] = _snapshot(pids, args.database_name, args.postgres)

    people = (
        person(url, role, token, n, counting, until, samples, args.think)
        for n, (role, token) in enumerate(signed)
    )
    await asyncio.gather(mark(), *people)
    samples.cpu["end"] = _snapshot(pids, args.database_name, args.postgres)
    return samples


def summary(values: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"requests": 0, "per_second": 0.0}
    ms = {f"p{p}_ms": round(percentile(ordered, p) * 1000, 1) for p in (50, 95, 99)}
    return {"requests": len(ordered), "per_second": round(len(ordered) / seconds, 1), **ms}


def database_name(args: argparse.Namespace) -> str:
    return (
        args.database or f"followup_server_load_{args.seekers}x{args.applications}_{args.coaches}"
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    name = database_name(args)
    with tempfile.TemporaryDirectory(prefix="followup-server-load-") as folder:
        home = Path(folder)
        prepared = time.perf_counter()
        if args.fresh:
            _drop(args.postgres, name)
        if not _exists(args.postgres, name):
            if not args.json:
                print(f"building {name} (once; kept for the next runs)")
            build(args.postgres, name, args, home)
        prepared = time.perf_counter() - prepared
        url = _role_url(args.postgres, name)
        port = free_port()
        env = server_env(url, home, port, args.redis)
        started, address = start(env, home, port, args.workers, args.job_workers)
        try:
            probe = sign_in(url, home, 10, True)[-1]  # the tenth person: a coach
            caseload = httpx.get(
                f"{address}/caseload", cookies={"followup_session": probe[1]}, timeout=30
            ).status_code
            coaches = probe[0] == "coach" and caseload != 404 and not args.seekers_only
            signed = sign_in(url, home, args.clients, coaches)
            args.database_name = name
            pids = [process.pid for process in started]
            before = os.getloadavg()
            samples = asyncio.run(load(address, pids, args, signed))
        finally:
            stop(started)
            clean_up(url, home)
    first, last = samples.cpu["start"], samples.cpu["end"]
    wall = last.wall - first.wall
    database_cpu = sum(cpu - first.backends.get(pid, 0.0) for pid, cpu in last.backends.items())
    kinds = {k: summary(v, args.seconds) for k, v in samples.latencies.items()}
    reads = [*samples.latencies["page"], *samples.latencies["api"], *samples.latencies["caseload"]]
    everything = [*reads, *samples.latencies["write"]]
    kinds["all"] = summary(everything, args.seconds)
    count = max(1, len(everything))
    checked = [kinds[k].get("p95_ms") for k in ("page", "api", "caseload") if kinds[k]["requests"]]
    passed = bool(checked) and all(p is not None and p < TARGET_P95_MS for p in checked)
    return {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "seekers": args.seekers,
        "applications": args.applications,
        "coaches": args.coaches,
        "clients": args.clients,
        "web_processes": args.workers,
        "job_workers": args.job_workers,
        "seconds": args.seconds,
        "database": name,
        "database_ready_s": round(prepared, 1),
        "caseload": "measured"
        if coaches
        else "left out (--seekers-only)"
        if args.seekers_only
        else "TODO: no /caseload route in this followup",
        "kinds": kinds,
        "errors": len(samples.errors),
        "first_errors": samples.errors[:5],
        "think_s": args.think,
        "load_average_before": [round(x, 2) for x in before],
        "client_cores": round((last.client - first.client) / wall, 2),
        "server_cores": round((last.followup - first.followup) / wall, 2),
        "database_cores": round(database_cpu / wall, 2),
        "machine_cores_busy": round((last.machine - first.machine) / wall, 2),
        # CPU a request costs, whatever else the machine runs: followup's and PostgreSQL's
        "server_cpu_ms_per_request": round((last.followup - first.followup) / count * 1000, 1),
        "database_cpu_ms_per_request": round(database_cpu / count * 1000, 1),
        "target_p95_ms": TARGET_P95_MS,
        "passed": passed and not samples.errors,
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"{result['seekers']} job seekers x {result['applications']} applications, "
        f"{result['coaches']} coaches; {result['clients']} clients for {result['seconds']} s; "
        f"{result['web_processes']} web process(es), {result['job_workers']} worker(s); "
        f"{result['machine']['cores']} cores"
    )
    print(f"{'kind':10} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for kind, row in result["kinds"].items():
        if not row["requests"]:
            print(f"{kind:10} {0:>8}")
            continue
        print(
            f"{kind:10} {row['requests']:>8} {row['per_second']:>7} {row['p50_ms']:>7} "
            f"{row['p95_ms']:>7} {row['p99_ms']:>7}"
        )
    print(f"caseload: {result['caseload']}")
    print(
        f"CPU: client {result['client_cores']} cores, followup {result['server_cores']}, "
        f"PostgreSQL {result['database_cores']}, the machine {result['machine_cores_busy']} "
        f"busy (load average before {result['load_average_before'][0]}); errors: "
        f"{result['errors']}"
    )
    print(
        f"CPU a request: followup {result['server_cpu_ms_per_request']} ms, PostgreSQL "
        f"{result['database_cpu_ms_per_request']} ms; think time {result['think_s']} s"
    )
    for error in result["first_errors"]:
        print(f"  {error}")
    verdict = "PASS" if result["passed"] else "FAIL"
    print(f"target: p95 under {TARGET_P95_MS:.0f} ms for pages and API reads: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=50, help="per job seeker")
    parser.add_argument("--coaches", type=int, default=20)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not counted first")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds a person waits after an answer (0: the next request at once)",
    )
    parser.add_argument("--workers", type=int, default=1, help="web processes (serve --workers)")
    parser.add_argument("--job-workers", type=int, default=0, help="`followup worker` processes")
    parser.add_argument(
        "--seekers-only", action="store_true", help="every client a job seeker (no coaches)"
    )
    parser.add_argument("--postgres", default=POSTGRES, help="the PostgreSQL server's URL")
    parser.add_argument("--redis", default=REDIS, help="the Redis URL of the job queue")
    parser.add_argument("--database", help="the database's name (default: from the sizes)")
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    try:
        result = run(args)
    finally:
        if args.drop:
            _drop(args.postgres, database_name(args))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
