"""`make server-demo`: server mode on this machine's PostgreSQL and Redis, with demo accounts.

    python deploy/server_demo.py [--setup-only]

It creates the database `followup_demo` if missing (on FOLLOWUP_DEMO_POSTGRES, default
postgresql://postgres@127.0.0.1:5432/), keeps a random secret key in a file of its own (0600)
in the data directory, makes the demo's accounts if they are missing (an admin, two coaches
and five job seekers in two cohorts, each job seeker with the demo's data, one sharing with a
coach), then starts `followup serve --server` on http://127.0.0.1:8766 and two
`followup worker` processes on Redis (FOLLOWUP_DEMO_REDIS, default redis://127.0.0.1:6379/7),
until Ctrl-C stops them all. Run again, it finds the accounts and their data as they were.

Every demo account's password is DEMO_PASSWORD: demo only, printed, and the server listens on
loopback only. A real server is set up as docs/deploy.md says.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
POSTGRES = os.environ.get("FOLLOWUP_DEMO_POSTGRES", "postgresql://postgres@127.0.0.1:5432/")
REDIS = os.environ.get("FOLLOWUP_DEMO_REDIS", "redis://127.0.0.1:6379/7")
DATABASE = "followup_demo"
PORT = 8766
DEMO_PASSWORD = "followup-demo"  # demo only: every demo account's, printed at start
WORKERS = 2

ADMIN = "admin@demo.example"
COACHES = ("carla.coach@demo.example", "omar.coach@demo.example")
SEEKERS = (
    ("ann.seeker@demo.example", "Spring 2027"),
    ("ben.seeker@demo.example", "Spring 2027"),
    ("chloe.seeker@demo.example", "Spring 2027"),
    ("dev.seeker@demo.example", "Autumn 2026"),
    ("eva.seeker@demo.example", "Autumn 2026"),
)


@dataclass(frozen=True)
class Demo:
    env: dict[str, str]  # the environment of every followup process of the demo
    url: str
    accounts: tuple[str, ...]  # the emails, admin first


def database_url(base: str, name: str) -> str:
    """The URL of the database `name` on the server `base` names (its own database dropped)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def ensure_database(base: str, name: str) -> str:
    """Create the database `name` unless it exists; its URL."""
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            admin.execute(f'CREATE DATABASE "{name}"')
    return database_url(base, name)


def secret_key(folder: Path) -> str:
    """The demo's secret key: made once, kept in `folder`/secret_key, readable by its owner."""
    path = folder / "secret_key"
    if path.exists():
        return path.read_text("utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key


def environment(url: str, redis: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FOLLOWUP_SERVER": "1",
        "FOLLOWUP_DATABASE_URL": url,
        "FOLLOWUP_SECRET_KEY": secret_key(folder),
        "FOLLOWUP_PUBLIC_URL": f"http://127.0.0.1:{PORT}",
        "FOLLOWUP_MAIL_FROM": "Demo Careers Service <followup@demo.example>",
        "FOLLOWUP_JOBS_BACKEND": "redis",
        "FOLLOWUP_JOBS_URL": redis,
    }


def setup(base: str = POSTGRES, name: str = DATABASE, redis: str = REDIS) -> Demo:
    """The database, the secret key and the demo's accounts and data (those missing)."""
    from followup import bootstrap
    from followup.adapters.password_hashes import hash_password
    from followup.adapters.sql.dialects import insert
    from followup.config import settings
    from followup.domain.accounts import Role
    from followup.services import demo

    url = ensure_database(base, name)
    data = settings.load(dict(os.environ)).data_dir
    env = environment(url, redis, data / f"server-demo-{name}")
    app = bootstrap.build(settings.load(env))
    password = hash_password(DEMO_PASSWORD)
    wanted = [(ADMIN, Role.ADMIN, None), *((c, Role.COACH, None) for c in COACHES)]
    wanted += [(email, Role.SEEKER, cohort) for email, cohort in SEEKERS]
    made = {}
    try:
        with app.accounts.transaction() as rows:
            for email, role, cohort in wanted:
                found = rows.by_email(email)
                made[email] = (
                    found[0] if found else rows.create(email, role, app.now(), password, cohort)
                )
            coach, seeker = made[COACHES[0]], made[SEEKERS[0][0]]
            sharing = {"c": coach.id, "s": seeker.id}
            if not rows.connection.scalar(
                "SELECT 1 FROM coaching WHERE coach_id = :c AND seeker_id = :s", sharing
            ):
                values = {
                    "coach_id": coach.id,
                    "seeker_id": seeker.id,
                    "asked_by": "seeker",
                    "state": "active",
                    "share_drafts": True,
                    "created_at": app.now(),
                    "accepted_at": app.now(),
                }
                rows.connection.execute(insert("coaching", tuple(values)), values)
        for email, _cohort in SEEKERS:
            mine = app.for_user(made[email].name)
            demo.seed(mine.store, mine.playbook, mine.now())
    finally:
        app.store.close()
    return Demo(env, url, tuple(email for email, _role, _cohort in wanted))


def _followup() -> str:
    return shutil.which("followup", path=str(Path(sys.executable).parent)) or "followup"


def run(demo: Demo) -> int:
    """`followup serve --server` and two `followup worker`s until Ctrl-C (or one ends)."""
    exe = _followup()
    commands = [[exe, "serve", "--server", "--port", str(PORT)]]
    commands += [[exe, "worker"] for _ in range(WORKERS)]
    started = [subprocess.Popen(command, env=demo.env) for command in commands]

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(process.poll() is None for process in started):
            time.sleep(0.5)
        return next(process.returncode for process in started if process.returncode is not None)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup-only", action="store_true", help="Make the data; serve nothing.")
    arguments = parser.parse_args()
    demo = setup()
    print(f"followup server demo: database {demo.url}, jobs on {demo.env['FOLLOWUP_JOBS_URL']}")
    print(f"Sign in at http://127.0.0.1:{PORT}/sign-in with the password {DEMO_PASSWORD!r}")
    print("(demo only) as one of:")
    for email in demo.accounts:
        print(f"  {email}")
    if arguments.setup_only:
        return 0
    return run(demo)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
