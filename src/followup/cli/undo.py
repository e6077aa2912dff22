"""`followup undo` (the last step action or decision, within minutes) and `followup delete`
(an application with everything of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, safe
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from followup.services.deleting import Parts

Yes = Annotated[bool, typer.Option("--yes", help="Delete: without it, only say what would go.")]


def undo(json_: Json = False) -> None:
    """Undo the last step done, skipped or snoozed, call back agreed or decision (within 10
    minutes): the application and the others at its company go back exactly as they were."""
    from followup.services import undo as undoing

    app = current()
    undone = undoing.undo(app.store, None, app.now())
    record = {"undone": undone.what, "application": undone.application_id}
    emit(record, json_, lambda out: out.print(f"Undone: {safe(undone.what)}."))


def delete(
    app_id: Annotated[int, typer.Argument(help="The application's id.")],
    yes: Yes = False,
    json_: Json = False,
) -> None:
    """Delete an application with its interviews, people, promises, touches, decisions,
    steps and outbox messages (with --yes; without, say what would go)."""
    from followup.services import deleting

    app = current()
    found, parts = deleting.application_parts(app.store, app_id)
    name = f"application {app_id} ({found.company} — {found.role})"
    if yes:
        deleting.delete_application(app.store, app_id, app.playbook, app.now())
    said(name, parts, yes, json_)


def said(name: str, parts: Parts, yes: bool, as_json: bool) -> None:
    """What was deleted (or would be, without --yes: then refused, exit code 2)."""

    def human(out: Console) -> None:
        out.print(f"Deleted {safe(name)}: {', '.join(parts.words(parts.counts))}.")
        if parts.kept:
            out.print(f"Kept, without them: {', '.join(parts.words(parts.kept))}.")

    if not yes:
        goes = ", ".join(parts.words(parts.counts))
        raise InvalidInput(f"deleting {name} takes {goes} with it: add --yes to delete")
    emit({"what": name, **parts.record()}, as_json, human)


def register(cli: typer.Typer) -> None:
    cli.command()(undo)
    cli.command()(delete)
