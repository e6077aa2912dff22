"""`followup export`, `followup import` (a whole JSON export, or applications as CSV) and
`followup backup` (a copy of the SQLite database, taken while followup runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.calendar import _write as write_whole
from followup.cli.context import current
from followup.cli.output import Json, emit, fields
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from followup.bootstrap import App
    from followup.services.exchange import CsvReport

JsonFile = Annotated[
    Path | None,
    typer.Option("--json", metavar="FILE", help="A complete JSON export of your data."),
]
CsvFile = Annotated[
    Path | None,
    typer.Option("--csv", metavar="FILE", help="Your applications as CSV, one per row."),
]


Excel = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="With --csv: begin the file with a UTF-8 byte order mark, so Excel shows accents.",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="With --csv: show where each column goes and what would be imported; write nothing.",
    ),
]


def _one_of(json_file: Path | None, csv_file: Path | None, csv_only: str | None = None) -> None:
    if (json_file is None) == (csv_file is None):
        raise InvalidInput("give exactly one of --json FILE and --csv FILE")
    if csv_only and csv_file is None:
        raise InvalidInput(f"{csv_only} goes with --csv FILE")


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def export(json_file: JsonFile = None, csv_file: CsvFile = None, excel: Excel = False) -> None:
    """Write all your data as JSON (to restore with `followup import --json`), or your
    applications as CSV."""
    _one_of(json_file, csv_file, "--excel" if excel else None)
    app = current()
    if json_file is not None:
        from followup.services.backup import export_data

        document = export_data(app.store, app.settings["user"], app.now())
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        write_whole(json_file, text.encode("utf-8"))
        rows = sum(len(found) for found in document["tables"].values())
        typer.echo(f"Exported {rows} row(s) of {document['user']} to {json_file}.")
        return
    assert csv_file is not None
    import io

    from followup.services.exchange import export_csv

    out = io.StringIO()
    count = export_csv(app.store, out, excel)
    write_whole(csv_file, out.getvalue().encode("utf-8"))
    typer.echo(f"Exported {count} application(s) to {csv_file}.")


AccountEmail = Annotated[
    str | None,
    typer.Option(
        "--account",
        metavar="EMAIL",
        help="Server mode: the (empty) account to restore the JSON export into.",
    ),
]


def import_(
    json_file: JsonFile = None,
    csv_file: CsvFile = None,
    dry_run: DryRun = False,
    account: AccountEmail = None,
) -> None:
    """Restore a JSON export into an empty database (server mode: into an empty account), or
    add applications from a CSV file."""
    _one_of(json_file, csv_file, "--dry-run" if dry_run else None)
    app = current()
    if app.settings["server"] or account is not None:
        app = _account_app(app, account, json_file)
    if json_file is not None:
        from followup.services.backup import import_data

        done = import_data(app.store, _export(json_file), renumber=bool(app.settings["server"]))
        typer.echo(f"Imported {done.rows} row(s) of {done.exported_by or 'the export'}.")
        for name, count in done.tables.items():
            if count:
                typer.echo(f"  {name}: {count}")
        return
    assert csv_file is not None
    _show_csv_report(_import_csv(csv_file, dry_run))


def _account_app(app: App, email: str | None, json_file: Path | None) -> App:
    """Server mode: the App of the account `email` names (InvalidInput without one)."""
    if not app.settings["server"]:
        raise InvalidInput("--account is for server mode (FOLLOWUP_SERVER=1)")
    if email is None or json_file is None:
        raise InvalidInput(
            "in server mode, import a JSON export into an account: "
            "followup import --json FILE --account EMAIL"
        )
    with app.accounts.reading() as rows:
        found = rows.by_email(email)
    if found is None:
        raise InvalidInput(f"no account has the email {email}")
    return app.for_user(found[0].name)


def _export(path: Path) -> Any:
    """The JSON document in `path` (services/backup.py `parse_export`)."""
    from followup.services.backup import parse_export

    return parse_export(_read(path), f"{path} is not a followup export", str(path))


def _import_csv(path: Path, dry_run: bool) -> CsvReport:
    from rich.progress import Progress

    from followup.services.exchange import import_csv

    app = current()
    text = _read(path)
    with Progress(transient=True) as bar:
        task = bar.add_task("Reading" if dry_run else "Importing", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return import_csv(app.store, text, app.playbook, app.now(), progress, dry_run)


def _show_csv_report(report: CsvReport) -> None:
    """The counts, each refused row with its line, the unknown columns; InvalidInput (exit 2)
    when rows were refused and none was imported. A dry run shows first where each column
    goes, and counts what would be imported."""
    from followup.cli.output import console

    out = console()
    imported, already, refused = len(report.new), len(report.already), len(report.bad)
    counts = f"{imported} imported, {already} already there, {refused} refused"
    if report.dry_run:
        out.print("Columns:")
        for name, where in report.columns:
            out.print(f"  {name or '(no header)'} -> {where}", markup=False)
        counts = f"{imported} would be imported, {already} already there, {refused} refused"
        out.print(f"Dry run, nothing written: {counts}.")
    elif imported or refused:
        out.print(f"{counts}.")
    elif already:
        out.print(f"Nothing new: {already} already there.")
    else:
        out.print("Nothing imported: the file has no rows.")
    for line, why in report.bad:
        out.print(f"  line {line}: {why}", markup=False)
    if report.unknown_columns:
        unknown = ", ".join(report.unknown_columns)
        out.print(f"Unknown columns, ignored: {unknown}", markup=False)
    if refused and not imported:
        nothing = "nothing would be imported" if report.dry_run else "nothing imported"
        raise InvalidInput(f"{nothing} from the CSV file ({counts})")


def backup(
    file: Annotated[Path, typer.Argument(help="The file to write the copy to.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists (once the copy is sound).")
    ] = False,
    json_: Json = False,
) -> None:
    """Copy the whole SQLite database to FILE, safely while followup runs, and check the copy."""
    from followup.services import backup as backups

    done = backups.backup(current().backups, file, force)
    record: dict[str, Any] = {
        "file": str(done.path),
        "bytes": done.size,
        "integrity_check": done.integrity,
    }

    def human(out: Console) -> None:
        fields(
            out,
            f"Backed up to {done.path}",
            [("size", f"{done.size} bytes"), ("integrity check", "ok")],
        )

    emit(record, json_, human)


def register(cli: typer.Typer) -> None:
    cli.command()(export)
    cli.command("import")(import_)
    cli.command()(backup)
