"""`followup calendar export`: the plan as an iCalendar file; `followup calendar feed`: the
secret link the web app serves it at."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, safe
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(help="Your steps in your calendar.", no_args_is_help=True)


def _write(path: Path, document: bytes) -> None:
    """Write whole or not at all (a calendar reading the file never sees half of it), the
    owner's only (the calendar, and `export`'s JSON and CSV, are private)."""
    from followup.adapters.files import write_whole

    write_whole(path, document)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .ics file to write.")],
    json_: Json = False,
) -> None:
    """Write every open step as a calendar event (cancelled ones marked cancelled)."""
    from followup.adapters.ics import events
    from followup.services.calendar import calendar_feed

    app_ = current()
    document = calendar_feed(app_.store, app_.now())
    count = events(document)
    _write(output, document)
    emit(
        {"file": str(output), "events": count},
        json_,
        lambda out: out.print(f"Wrote {count} event(s) to {safe(output)}."),
    )


@app.command()
def feed(
    new: Annotated[
        bool, typer.Option("--new", help="Make a new secret link (the old one stops working).")
    ] = False,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Stop the link working, making no new one.")
    ] = False,
    json_: Json = False,
) -> None:
    """The secret link `followup serve` gives your calendar at (its address is shown once)."""
    from followup.services import calendar

    if new and revoke:
        raise InvalidInput("give --new or --revoke, not both")
    app_ = current()
    token, revoked = None, None
    if new:
        token = calendar.new_feed_token(app_.store, app_.now())
    elif revoke:
        revoked = calendar.revoke_feed_token(app_.store)
    since = calendar.feed_token_since(app_.store)
    path = calendar.FEED_PATH.format(token=token) if token else None
    record = {
        "active": since is not None,
        "created_at": since.isoformat() if since else None,
        "path": path,
        "token": token,
        **({"revoked": revoked} if revoke else {}),
    }

    def human(out: "Console") -> None:
        if path:
            out.print("Your calendar feed's new link (any earlier one no longer works):")
            out.print(f"  {path}", markup=False, highlight=False, soft_wrap=True)
            out.print("after the web app's address, for example:")
            out.print(f"  http://127.0.0.1:8765{path}", markup=False, soft_wrap=True)
            out.print("Anyone with the link sees your plan's dates and names: keep it private.")
        elif revoke:
            out.print("The calendar feed link was revoked." if revoked else "There was no link.")
        elif since:
            out.print(
                f"A calendar feed link exists since {since:%Y-%m-%d %H:%M} UTC. Its address is "
                "shown only when it is made: `followup calendar feed --new` replaces it."
            )
        else:
            out.print("No calendar feed link yet: `followup calendar feed --new` makes one.")

    emit(record, json_, human)
