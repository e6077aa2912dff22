"""The web app under load: 20 clients at once against the Today and Application pages of a
user with 10,000 applications, for 30 s, over loopback; p50/p95/p99 and requests per second.

Run: `.venv/bin/python bench/web_load.py [--applications 10000] [--clients 20] [--seconds 30]
[--json]`. Target (issue 6): p95 under 100 ms.

The database is built once by `bench/data.py` and kept in `bench/data/` (`--cache`); each run
copies it into a temporary XDG data directory and starts `followup serve --no-jobs` on a free
port with FOLLOWUP_NOW fixed. Each client is one keep-alive connection that asks for the next
page as soon as it has the last one (no think time), alternating GET / and GET
/applications/ID with a random ID. The first `--warmup` seconds are not counted. The CPU time
of this process and of the server is measured over the counted seconds, to show that the
client is not the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.data import NOW, cached_database
from bench.timing import FOLLOWUP

TARGET_P95_MS = 100.0
PAGES = ("today", "application")


@dataclass
class Samples:
    """Latencies in seconds by page, and what went wrong."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PAGES})
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, tuple[float, float, float | None]] = field(default_factory=dict)


def snapshot(server: int | None) -> tuple[float, float, float | None]:
    """Wall time, this process's CPU time, the server's CPU time (seconds)."""
    return time.perf_counter(), time.process_time(), None if server is None else cpu_seconds(server)


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(values: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"requests": 0, "per_second": 0.0}
    ms = {f"p{p}_ms": round(percentile(ordered, p) * 1000, 1) for p in (50, 95, 99)}
    return {
        "requests": len(ordered),
        "per_second": round(len(ordered) / seconds, 1),
        **ms,
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(
    home: Path, database: Path, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    """`followup serve --no-jobs` on a copy of `database`, in XDG directories under `home`
    (its stderr in `home`/serve.log)."""
    data = home / "data" / "followup"
    data.mkdir(parents=True)
    (home / "config").mkdir()
    shutil.copyfile(database, data / "followup.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env |= {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "FOLLOWUP_NOW": NOW.isoformat(),  # the moment the data was built for
        "FOLLOWUP_USER": "local",
    }
    port = free_port()
    log = home / "serve.log"  # a file, not a pipe: a pipe nobody reads would block the server
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [FOLLOWUP, "serve", "--no-jobs", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/", timeout=10).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise SystemExit(f"followup serve did not start:\n{log.read_text()}")
        time.sleep(0.1)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def client(
    url: str, ids: list[int], seed: int, counting: float, until: float, samples: Samples
) -> None:
    """One user on one keep-alive connection: Today, an application, Today, ... until
    `until`; latencies of requests that start at or after `counting` are kept."""
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        turn = 0
        while (started := time.perf_counter()) < until:
            page = PAGES[turn % 2]
            path = "/" if page == "today" else f"/applications/{rng.choice(ids)}"
            try:
                response = await http.get(path)
                ok = response.status_code == 200
            except httpx.HTTPError as exc:
                samples.errors.append(f"GET {path}: {exc!r}")
                turn += 1
                continue
            elapsed = time.perf_counter() - started
            if started >= counting:
                samples.latencies[page].append(elapsed)
                if not ok:
                    samples.errors.append(f"GET {path}: {response.status_code}")
            turn += 1


async def load(
    url: str, server: int | None, ids: list[int], clients: int, warmup: float, seconds: float
) -> Samples:
    samples = Samples()
    counting = time.perf_counter() + warmup
    until = counting + seconds

    async def mark() -> None:
        await asyncio.sleep(warmup)
        samples.cpu["start"] = snapshot(server)

    await asyncio.gather(
        mark(), *(client(url, ids, seed, counting, until, samples) for seed in range(clients))
    )
    samples.cpu["end"] = snapshot(server)
    return samples


def today_size(url: str) -> dict[str, int]:
    """How big the Today page is: bytes, and the steps and replies it lists."""
    page = httpx.get(f"{url}/", timeout=60).text
    return {
        "bytes": len(page.encode()),
        "steps": len(re.findall(r'<article class="step\b', page)),
        "replies": len(re.findall(r'<article class="reply\b', page)),
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    started = time.perf_counter()
    database = cached_database(args.cache, args.applications, args.seed)
    prepared = time.perf_counter() - started
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as raw:
        ids = [row[0] for row in raw.execute("SELECT id FROM applications ORDER BY id")]
    raw.close()
    if args.url:  # a server started otherwise, on a copy of the same database
        size = today_size(args.url)
        samples = asyncio.run(load(args.url, None, ids, args.clients, args.warmup, args.seconds))
    else:
        with tempfile.TemporaryDirectory(prefix="followup-web-load-") as home:
            server, url = start_server(Path(home), database, args.workers)
            try:
                size = today_size(url)
                samples = asyncio.run(
                    load(url, server.pid, ids, args.clients, args.warmup, args.seconds)
                )
            finally:
                stop_server(server)
    (wall_0, client_0, server_0), (wall_1, client_1, server_1) = (
        samples.cpu["start"],
        samples.cpu["end"],
    )
    wall = wall_1 - wall_0
    server_cpu = None if server_0 is None or server_1 is None else server_1 - server_0
    everything = [x for page in PAGES for x in samples.latencies[page]]
    results = {page: summary(samples.latencies[page], args.seconds) for page in PAGES}
    results["all"] = summary(everything, args.seconds)
    p95 = results["all"].get("p95_ms")
    passed = p95 is not None and p95 < TARGET_P95_MS and not samples.errors
    return {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "applications": args.applications,
        "clients": args.clients,
        "seconds": args.seconds,
        "database_ready_s": round(prepared, 1),
        "today_page": size,
        "pages": results,
        "errors": len(samples.errors),
        "first_errors": samples.errors[:5],
        # CPU time over the counted seconds, as cores kept busy (1.0: one core all the time),
        # and the server's per request (both pages), which other load on the machine does
        # not change much
        "client_cores": round((client_1 - client_0) / wall, 2),
        "server_cores": None if server_cpu is None else round(server_cpu / wall, 2),
        "server_cpu_ms_per_request": None
        if server_cpu is None or not everything
        else round(server_cpu / len(everything) * 1000, 1),
        "target_p95_ms": TARGET_P95_MS,
        "passed": passed,
    }


def report(result: dict[str, object]) -> None:
    machine = result["machine"]
    assert isinstance(machine, dict)
    size = result["today_page"]
    assert isinstance(size, dict)
    print(
        f"{result['applications']} applications, {result['clients']} clients, "
        f"{result['seconds']} s on {machine['cores']} cores "
        f"(Python {machine['python']}, SQLite {machine['sqlite']})"
    )
    print(
        f"Today page: {size['bytes'] / 1024:.0f} KiB, {size['steps']} steps, "
        f"{size['replies']} replies"
    )
    pages = result["pages"]
    assert isinstance(pages, dict)
    print(f"{'page':12} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name, row in pages.items():
        if not row["requests"]:
            print(f"{name:12} {0:>8}")
            continue
        print(
            f"{name:12} {row['requests']:>8} {row['per_second']:>7} {row['p50_ms']:>7} "
            f"{row['p95_ms']:>7} {row['p99_ms']:>7}"
        )
    print(
        f"CPU: client {result['client_cores']} cores, server {result['server_cores']} cores "
        f"({result['server_cpu_ms_per_request']} ms per request); errors: {result['errors']}"
    )
    for error in result["first_errors"]:  # type: ignore[attr-defined]
        print(f"  {error}")
    verdict = "PASS" if result["passed"] else "FAIL"
    print(f"target: p95 under {TARGET_P95_MS:.0f} ms over both pages: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (followup serve --workers)"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds not counted first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--url",
        help="load a server already running on a copy of the same database (to try other "
        "server settings), instead of starting `followup serve`; its CPU is not measured",
    )
    args = parser.parse_args()
    args.url = args.url and args.url.rstrip("/")
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
