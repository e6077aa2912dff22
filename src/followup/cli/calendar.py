"""`followup calendar export`: the plan as an iCalendar file."""

import os
from pathlib import Path
from typing import Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit
from followup.domain.errors import InvalidInput

app = typer.Typer(help="Your steps in your calendar.", no_args_is_help=True)


def _write(path: Path, document: bytes) -> None:
    """Write whole or not at all: a calendar reading the file never sees half of it."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(document)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .ics file to write.")],
    json_: Json = False,
) -> None:
    """Write every open step as a calendar event (cancelled ones marked cancelled)."""
    from followup.adapters.ics import events
    from followup.calendars import calendar_feed

    app_ = current()
    document = calendar_feed(app_.store, app_.now())
    count = events(document)
    _write(output, document)
    emit(
        {"file": str(output), "events": count},
        json_,
        lambda out: out.print(f"Wrote {count} event(s) to {output}."),
    )
