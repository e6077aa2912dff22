"""The `followup` command's entry point, and the one place an error becomes a line on stderr
and an exit code.

The machine-readable agenda — `followup today --json` and `followup due [--within SPAN]
--json`, which scripts, status bars and editors ask for often — is answered here without
loading Typer (about 45 ms of a ~150 ms command). Everything else, and any other spelling of
those (`--help`, a mistake, an unknown option), goes to the full command line in
`cli/main.py`, which gives the same output for the same command.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from typing import Any, NoReturn

from followup.domain.errors import FollowupError
from followup.settings import TRUE


def fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(code)


def report(exc: BaseException) -> NoReturn:
    """A FollowupError as its message and exit code; ^C as 130; anything else is a bug: one
    line, unless FOLLOWUP_DEBUG asks for the traceback."""
    if isinstance(exc, FollowupError):
        fail(str(exc), exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        fail("interrupted", 130)
    if os.environ.get("FOLLOWUP_DEBUG", "").strip().lower() in TRUE:
        raise exc
    fail(f"unexpected {type(exc).__name__}: {exc} (FOLLOWUP_DEBUG=1 shows more)", 1)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and faster) when piped."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")  # not `+ "\n"`: that would copy megabytes for a long list


def print_agenda_json(within: str | None) -> None:
    """The agenda up to `now + within` (None: the end of the user's day) as JSON, its steps
    read straight from their rows (`services.agenda_record`)."""
    from followup import parse, services
    from followup.cli.context import current

    app = current()
    now = app.now()
    span = services.rest_of_day(app.store, now) if within is None else parse.span(within)
    print_json(services.agenda_record(app.store, app.playbook, now, span))


def agenda_asked(argv: list[str]) -> tuple[str | None] | None:
    """`(within,)` when `argv` asks exactly for the agenda as JSON (`today --json`, `due
    [--within SPAN] --json`, flags in any order, as Typer reads them); else None."""
    if not argv or argv[0] not in ("today", "due"):
        return None
    within, as_json, rest = ("7d" if argv[0] == "due" else None), False, argv[1:]
    while rest:
        word, rest = rest[0], rest[1:]
        if word == "--json":
            as_json = True
        elif argv[0] == "due" and word.startswith("--within="):
            within = word.removeprefix("--within=")
        elif argv[0] == "due" and word == "--within" and rest and not rest[0].startswith("-"):
            within, rest = rest[0], rest[1:]
        else:
            return None
    return (within,) if as_json else None


def run() -> None:
    """Entry point: the agenda as JSON here, everything else through `cli/main.py`."""
    asked = agenda_asked(sys.argv[1:])
    if asked is None:
        from followup.cli import main

        main.run()
        return
    # What is loaded so far lives as long as the process: the cyclic garbage collector need
    # not walk it again each time it runs.
    gc.freeze()
    try:
        print_agenda_json(*asked)
    except (Exception, KeyboardInterrupt) as exc:
        report(exc)
    raise SystemExit(0)
