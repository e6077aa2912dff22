"""`followup worker`: the background jobs (send approved mail, read replies, the digest)."""

from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, table

if TYPE_CHECKING:
    from rich.console import Console


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
    huey = queue.queue(app.settings)
    if once:
        from followup.services import jobs

        reports = jobs.run_all(app, app.now(), queue.Memory(huey))
        rows = [{"job": r.job, "done": r.done, "note": r.note} for r in reports]

        def human(out: "Console") -> None:
            table(
                out, None, ["job", "done", "note"], [(r["job"], r["done"], r["note"]) for r in rows]
            )

        emit(rows, json_, human)
        return
    queue.register(huey, lambda: build(load()))
    consumer = huey.create_consumer(workers=max(1, workers), periodic=True)
    if not json_:
        typer.echo(f"followup worker: {app.settings['jobs_backend']} queue; Ctrl-C stops.")
    consumer.run()


def register(cli: typer.Typer) -> None:
    cli.command()(worker)
