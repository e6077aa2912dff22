"""`followup report activity`: the record of the search over a period, for a work coach, a case
worker or a careers service (domain/activity.py says what it lists)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.adapters.activity_report import FORMATS
from followup.cli.context import current
from followup.cli.entry import for_terminal
from followup.cli.output import Json, emit
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from followup.domain.activity import Record

app = typer.Typer(help="Records of your search, for whoever asks.", no_args_is_help=True)


@app.command()
def activity(
    from_: Annotated[
        str, typer.Option("--from", metavar="DATE", help="The first day (YYYY-MM-DD).")
    ],
    to: Annotated[
        str, typer.Option("--to", metavar="DATE", help="The last day, included (YYYY-MM-DD).")
    ],
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="pdf|csv|md",
            help="md (the default) or csv print to the terminal; pdf writes a file. "
            "Without it, --output's extension decides.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The file to write (pdf: activity-FROM-to-TO.pdf)."),
    ] = None,
    json_: Json = False,
) -> None:
    """Every application and every contact made from --from to --to (days in your time zone):
    date, employer, position, contact person, how, what happened, result."""
    from followup.input import parse
    from followup.services.activity import activity as search_record

    first, last = parse.day(from_, "--from"), parse.day(to, "--to")
    kind = _kind(format_, output)
    if json_ and (format_ is not None or output is not None):
        raise InvalidInput("--json prints the record: give it without --format and --output")
    record = search_record(current().store, first, last)
    if json_:
        emit(_as_json(record), True, lambda out: None)
        return
    from followup.adapters import activity_report
    from followup.adapters.files import write_whole

    document = activity_report.render(record, kind)
    if output is None and kind != "pdf":
        text = document.decode("utf-8")
        sys.stdout.write(for_terminal(text) if sys.stdout.isatty() else text)
        return
    path = output or Path(activity_report.file_name(record, kind))
    write_whole(path, document)  # the owner's only, whole or not at all
    count = len(record.entries)
    typer.echo(for_terminal(f"Wrote {count} entr{'y' if count == 1 else 'ies'} to {path}."))


def _kind(format_: str | None, output: Path | None) -> str:
    """The format asked for; else the output file's extension, if one of FORMATS; else md."""
    if format_ is not None:
        kind = format_.strip().lower()
        if kind not in FORMATS:
            choices = ", ".join(FORMATS)
            raise InvalidInput(f"unknown --format {format_!r} (choose one of: {choices})")
        return kind
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown") else "md"


def _as_json(record: Record) -> dict[str, Any]:
    period = record.period
    return {
        "name": record.name,
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "timezone": period.timezone,
        "applications": record.applications,
        "entries": [
            {
                "kind": e.kind,
                "at": e.at.isoformat(),
                "date": e.day.isoformat(),
                "employer": e.employer,
                "position": e.position,
                "person": e.person,
                "how": e.how,
                "what": e.what,
                "result": e.result,
                "application_id": e.application_id,
            }
            for e in record.entries
        ],
    }
