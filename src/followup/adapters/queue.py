"""The job queue: Huey with SQLite (embedded default, a file in the data directory), Redis or
PostgreSQL storage (so workers can run on several machines), and the periodic jobs of
`followup.services.jobs` registered on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from followup.config.settings import hide_password
from followup.domain.errors import ConfigError

if TYPE_CHECKING:
    from huey import Huey

    from followup.bootstrap import App
    from followup.config.settings import Settings

NAME = "followup"


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


def register(huey: Huey, build: Callable[[], App]) -> dict[str, Any]:
    """The periodic jobs (every minute: send, digest check; every 5 minutes: poll) and a
    one-off `run_all` task, each building the App afresh in the worker."""
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
        return jobs.morning_digest(app, now, memory).note

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
