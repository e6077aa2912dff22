"""The `followup` command: the Typer app, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys

import typer

from followup.cli import (
    applications,
    calendar,
    cards,
    contacts,
    drafts,
    interop,
    profile,
    sending,
    serve,
    setup,
    steps,
    templates,
    worker,
)
from followup.domain.errors import FollowupError
from followup.settings import TRUE

app = typer.Typer(
    name="followup",
    help="Follow up every job interview well: who, when, through which channel, with what.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
profile.register(app)
applications.register(app)
steps.register(app)
cards.register(app)
drafts.register(app)
sending.register(app)
setup.register(app)
worker.register(app)
serve.register(app)
interop.register(app)
app.add_typer(contacts.app, name="contacts")
app.add_typer(templates.app, name="templates")
app.add_typer(calendar.app, name="calendar")


def fail(message: str, code: int) -> None:
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(code)


def run() -> None:
    """Entry point: every error leaves as one line on stderr and a non-zero exit code."""
    try:
        code = app(standalone_mode=False)
    except FollowupError as exc:
        fail(str(exc), exc.exit_code)
    except typer.TyperException as exc:  # usage errors: unknown option, missing value, ...
        message = getattr(exc, "format_message", exc.__str__)()
        fail(" ".join(message.split()), getattr(exc, "exit_code", 2))
    except typer.Abort:
        fail("aborted", 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:  # a bug: one line, unless FOLLOWUP_DEBUG asks for the traceback
        if os.environ.get("FOLLOWUP_DEBUG", "").strip().lower() in TRUE:
            raise
        fail(f"unexpected {type(exc).__name__}: {exc} (FOLLOWUP_DEBUG=1 shows more)", 1)
    raise SystemExit(code if isinstance(code, int) else 0)
