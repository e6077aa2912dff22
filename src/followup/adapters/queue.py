"""The job queue: Huey with SQLite (embedded default, a file in the data directory), Redis or
PostgreSQL storage (so workers can run on several machines), and the periodic jobs of
`followup.services.jobs` registered on it.

In server mode (`register(..., server=True)`) the periodic tasks are dispatchers: every minute
the worker whose turn it is (`job_claims.Turn`: one at a time, another taking over when it
dies) enqueues, for every user served (`adapters/sql/people_served.py`), a `user_job` task
per job (send and digest; poll every 5 minutes), which any worker may take. A worker starting
enqueues every job once (`dispatch_all`), whosever turn it is.
A job runs on the user's App (`App.for_user`) while holding its lock (`job_claims.running`):
the same user's job never runs on two workers at once, and a second copy of it finds nothing
left to do (the outbox and the digest's day claim keep each mail once).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from followup.config.settings import hide_password
from followup.domain.errors import ConfigError

if TYPE_CHECKING:
    from huey import Huey

    from followup.bootstrap import App
    from followup.config.settings import Settings

NAME = "followup"
log = logging.getLogger("followup.worker")


def queue(settings: Settings) -> Huey:
    """The Huey instance the settings choose (`jobs_backend`, `jobs_url`)."""
    backend, url = settings["jobs_backend"], settings["jobs_url"]
    if backend == "sqlite":
        from huey import SqliteHuey

        from followup.adapters.files import create_private, private_folder

        path = settings.data_dir / "jobs.db"
        private_folder(settings.data_dir)
        create_private(path)  # the owner's only, as its -wal and -shm files then are
        return SqliteHuey(NAME, filename=str(path))
    if not url:
        raise ConfigError(f"jobs_backend {backend} needs FOLLOWUP_JOBS_URL")
    if backend == "redis":
        from huey import RedisHuey

        return RedisHuey(NAME, url=url)
    from huey.contrib.sql_huey import SqlHuey

    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ConfigError(f"jobs_url {hide_password(url)!r} is not a postgresql:// URL")
    return SqlHuey(NAME, database=f"psycopg3://{rest}")


class Memory(MutableMapping[str, str]):
    """The queue's key-value store as a mapping (what the jobs remember between runs)."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey

    def __getitem__(self, key: str) -> str:
        found = self.huey.get(f"memory:{key}", peek=True)
        if found is None:
            raise KeyError(key)
        return str(found)

    def __setitem__(self, key: str, value: str) -> None:
        self.huey.put(f"memory:{key}", value)

    def __delitem__(self, key: str) -> None:
        self.huey.get(f"memory:{key}")

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the job memory cannot be listed")

    def __len__(self) -> int:
        raise TypeError("the job memory cannot be counted")


def register(huey: Huey, build: Callable[[], App], server: bool = False) -> dict[str, Any]:
    """The periodic jobs (every minute: send, digest check; every 5 minutes: poll) and a
    one-off `run_all` task, each building the App afresh in the worker; in server mode the
    dispatchers and `user_job` instead (see above)."""
    if server:
        return _register_server(huey, build)
    from huey import crontab

    from followup.services import jobs

    memory = Memory(huey)

    def now_app() -> tuple[App, Any]:
        app = build()
        return app, app.now()

    @huey.periodic_task(crontab(minute="*"), name="send_approved")
    def send_approved() -> str:
        app, now = now_app()
        return jobs.send_approved(app, now).note

    @huey.periodic_task(crontab(minute="*/5"), name="poll_inbox")
    def poll_inbox() -> str:
        app, now = now_app()
        return jobs.poll_inbox(app, now, memory).note

    @huey.periodic_task(crontab(minute="*"), name="morning_digest")
    def morning_digest() -> str:
        app, now = now_app()
        return jobs.morning_digest(app, now).note

    @huey.task(name="run_all")
    def run_all() -> list[str]:
        app, now = now_app()
        return [r.note for r in jobs.run_all(app, now, memory)]

    return {
        "send_approved": send_approved,
        "poll_inbox": poll_inbox,
        "morning_digest": morning_digest,
        "run_all": run_all,
    }


EVERY_MINUTE = ("send", "digest")
EVERY_FIVE_MINUTES = ("poll",)


def _register_server(huey: Huey, build: Callable[[], App]) -> dict[str, Any]:
    from huey import crontab

    from followup.adapters.sql.job_claims import Turn, running
    from followup.adapters.sql.people_served import people_served
    from followup.adapters.sql.store import SqlStore
    from followup.services import jobs

    memory = Memory(huey)
    built: list[App] = []
    lock = threading.Lock()

    def base() -> App:
        """The worker's App, built once (its store's connections shared by every user's)."""
        with lock:
            if not built:
                built.append(build())
            return built[0]

    def store() -> SqlStore:
        found = base().store
        assert isinstance(found, SqlStore), "server mode runs on PostgreSQL"
        return found

    run = jobs.by_name(memory)

    # Returns None: Huey keeps no result nobody reads. The note goes to the log.
    @huey.task(name="user_job")
    def user_job(job: str, user: str) -> None:
        app = base().for_user(user)
        with running(store(), f"{job}:{user}") as mine:
            note = run[job](app, app.now()).note if mine else "running on another worker"
        log.info("%s for %s: %s", job, user, note)

    turns: list[Turn] = []

    def my_turn() -> bool:
        """Whether this worker dispatches (one at a time: `job_claims.Turn`)."""
        database = store()
        with lock:
            if not turns:
                turns.append(Turn(database, "dispatch"))
        return turns[0].mine()

    def dispatch(names: tuple[str, ...]) -> int:
        people = people_served(store())
        for user in people:
            for job in names:
                user_job(job, user)
        return len(people)

    @huey.periodic_task(crontab(minute="*"), name="dispatch")
    def dispatch_minutely() -> None:
        if my_turn():
            dispatch(EVERY_MINUTE)

    @huey.periodic_task(crontab(minute="*/5"), name="dispatch_poll")
    def dispatch_poll() -> None:
        if my_turn():
            dispatch(EVERY_FIVE_MINUTES)

    @huey.task(name="dispatch_all")
    def dispatch_all() -> None:
        """Every job of every user once, now (what a worker does as it starts)."""
        dispatch((*EVERY_MINUTE, *EVERY_FIVE_MINUTES))

    return {
        "user_job": user_job,
        "dispatch": dispatch_minutely,
        "dispatch_poll": dispatch_poll,
        "dispatch_all": dispatch_all,
    }
