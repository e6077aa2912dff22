"""`followup serve`: the web app on loopback, with the background jobs in-process when the
job queue is the embedded SQLite one."""

from __future__ import annotations

import ipaddress
import json
import os
import sys
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from followup.bootstrap import App

JOBS_EVERY = 60.0  # seconds between two runs of the background jobs


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_jobs(app: App, stop: threading.Event) -> None:
    """Every minute until `stop`: every background job once (as `followup worker --once`).
    A failing run is reported on stderr and the next one tried."""
    from followup.adapters import queue
    from followup.services import jobs

    memory = queue.Memory(queue.queue(app.settings))
    while not stop.is_set():
        try:
            jobs.run_all(app, app.now(), memory)
        except Exception as exc:  # the web app keeps running; the next minute tries again
            sys.stderr.write(f"followup serve: background jobs failed: {exc}\n")
        stop.wait(JOBS_EVERY)


SECRET_MIN = 32  # characters of `secret_key`


def server_ready(app: App) -> list[str]:
    """Refuse to start server mode without PostgreSQL or a secret key (ConfigError, one
    message); the host of `public_url`, which requests may then carry."""
    from urllib.parse import urlsplit

    from followup.domain.errors import ConfigError

    settings = app.settings
    if not settings["database_url"] or settings.database_url.startswith("sqlite"):
        raise ConfigError(
            "server mode needs PostgreSQL: set FOLLOWUP_DATABASE_URL to a postgresql:// URL"
        )
    if len(settings["secret_key"] or "") < SECRET_MIN:
        raise ConfigError(
            f"server mode needs a secret key of at least {SECRET_MIN} characters in "
            "FOLLOWUP_SECRET_KEY (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')"
        )
    public = settings["public_url"]
    if not public:
        return []
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"public_url {public!r} is not an http:// or https:// address")
    return [parts.netloc.rpartition("@")[2].lower()]


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8765,
    open_: Annotated[bool, typer.Option("--open", help="Open the app in the web browser.")] = False,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow a host other than loopback (no login!)."),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            metavar="NAME",
            help="A host name to answer to besides 127.0.0.1, localhost and [::1] (repeatable).",
        ),
    ] = None,
    jobs: Annotated[
        bool, typer.Option("--jobs/--no-jobs", help="Run the background jobs in-process.")
    ] = True,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Server processes (one per core for many users)."),
    ] = 1,
    server: Annotated[
        bool,
        typer.Option(
            "--server",
            help="Server mode: accounts and sign-in, PostgreSQL and a secret key required.",
        ),
    ] = False,
    json_: Json = False,
) -> None:
    """Serve the web app (and its JSON API under /api) on http://127.0.0.1:8765."""
    import uvicorn

    from followup.web import security
    from followup.web.app import create_app

    if server:
        os.environ["FOLLOWUP_SERVER"] = "1"  # for this process's settings and every worker's
        current.cache_clear()
    app = current()
    server = bool(app.settings["server"])
    if server:
        allow_host = [*(allow_host or []), *server_ready(app)]
        jobs = False  # `followup worker` processes run the jobs of every account
    elif not _loopback(host) and not allow_remote:
        raise InvalidInput(
            f"--host {host} is not a loopback address; the web app has no login, "
            "so anyone who reaches it sees your data (--allow-remote if you mean it, "
            "or --server for accounts and sign-in)"
        )
    # The names requests may carry in their Host (against DNS rebinding): the loopback ones,
    # the address it listens on, the setting's and --allow-host's. Workers read them from
    # the environment.
    named = security.parse_hosts(allow_host or [], "--allow-host", InvalidInput)
    if host.lower() not in security.WILDCARDS and security.is_host(security.bracketed(host)):
        named += (security.bracketed(host),)
    setting = security.parse_hosts(app.settings["allowed_hosts"] or "", "setting allowed_hosts")
    web = create_app(app, named)
    if workers > 1:
        os.environ["FOLLOWUP_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*setting, *named]))
    if host.lower() in security.WILDCARDS and not (setting or allow_host):
        sys.stderr.write(
            "followup serve: only requests for 127.0.0.1, localhost and [::1] are answered; "
            "name the others with --allow-host NAME\n"
        )
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    in_process = jobs and app.settings["jobs_backend"] == "sqlite"
    stop = threading.Event()
    if in_process:
        threading.Thread(target=run_jobs, args=(app, stop), daemon=True, name="jobs").start()
    if json_:
        typer.echo(json.dumps({"url": url, "jobs": in_process}))
    else:
        jobs_note = "background jobs in-process" if in_process else "no background jobs"
        typer.echo(f"followup serve: {url} ({jobs_note}); Ctrl-C stops.")
    if open_:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        if workers == 1:
            uvicorn.run(web, host=host, port=port, log_level="warning")
        else:  # each process builds its own app from the same settings (the environment)
            factory = "followup.web.app:from_environment"
            uvicorn.run(
                factory, factory=True, workers=workers, host=host, port=port, log_level="warning"
            )
    finally:
        stop.set()


def register(cli: typer.Typer) -> None:
    cli.command()(serve)
