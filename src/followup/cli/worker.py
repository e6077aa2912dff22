"""`followup worker`: the background jobs (send approved mail, read replies, the digest); in
server mode those of every user served, shared by the workers of every machine."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, table

if TYPE_CHECKING:
    from rich.console import Console

    from followup.bootstrap import App


def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run every job once, now, and stop (for cron).")
    ] = False,
    workers: Annotated[int, typer.Option(help="How many jobs may run at the same time.")] = 1,
    json_: Json = False,
) -> None:
    """Run the background jobs: send approved mail, read replies, send the morning digest."""
    from followup.adapters import queue
    from followup.bootstrap import build
    from followup.config.settings import load

    app = current()
    server = bool(app.settings["server"])
    if server:
        _refuse_local_queue(app)
    huey = queue.queue(app.settings)
    if once:
        rows = _run_once(app, queue.Memory(huey), server)
        columns = ["user", "job", "done", "note"] if server else ["job", "done", "note"]

        def human(out: "Console") -> None:
            table(out, None, columns, [tuple(r[c] for c in columns) for r in rows])

        emit(rows, json_, human)
        return
    tasks = queue.register(huey, lambda: build(load()), server=server)
    consumer = huey.create_consumer(workers=max(1, workers), periodic=True)
    if server:
        _log_notes()
        tasks["dispatch_all"]()  # every user's jobs now, not at the next minute
    if not json_:
        typer.echo(f"followup worker: {app.settings['jobs_backend']} queue; Ctrl-C stops.")
    consumer.run()


def _refuse_local_queue(app: "App") -> None:
    from followup.domain.errors import ConfigError

    if app.settings["jobs_backend"] == "sqlite":
        raise ConfigError(
            "server mode's workers share their jobs through Redis or PostgreSQL, not a SQLite "
            "file: set FOLLOWUP_JOBS_BACKEND=redis (or postgres) and FOLLOWUP_JOBS_URL"
        )


def _run_once(app: "App", memory: Any, server: bool) -> list[dict[str, Any]]:
    """Every job once, now: the user's; in server mode every user's served, in turn, each job
    under the lock the running workers take (`job_claims.running`)."""
    from followup.services import jobs

    if not server:
        reports = jobs.run_all(app, app.now(), memory)
        return [{"job": r.job, "done": r.done, "note": r.note} for r in reports]
    from followup.adapters.sql.job_claims import running
    from followup.adapters.sql.people_served import people_served
    from followup.adapters.sql.store import SqlStore

    store = app.store
    assert isinstance(store, SqlStore), "server mode runs on PostgreSQL"
    rows = []
    for user in people_served(store):
        mine = app.for_user(user)
        for name, job in jobs.by_name(memory).items():
            with running(store, f"{name}:{user}") as free:
                r = job(mine, mine.now()) if free else jobs.Report(name, 0, "running elsewhere")
            rows.append({"user": user, "job": r.job, "done": r.done, "note": r.note})
    return rows


def _log_notes() -> None:
    """Each user's job's note on stderr, one line each (the worker's report)."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s followup worker: %(message)s"))
    log = logging.getLogger("followup.worker")
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def register(cli: typer.Typer) -> None:
    cli.command()(worker)
