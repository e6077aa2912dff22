"""`followup card IMAGE`: read a business card; keep it only with --save or a yes."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.entry import for_terminal
from followup.cli.output import Json, console, emit, fields
from followup.domain.cards import Field
from followup.domain.errors import InvalidInput
from followup.domain.model import Relation, choice

if TYPE_CHECKING:
    from rich.console import Console


def _found(found: dict[str, Field]) -> list[tuple[str, str]]:
    return [(k, f"{f.value}  ({f.confidence:.0%})") for k, f in found.items()]


def card(
    image: Annotated[Path, typer.Argument(help="A photo or scan of the card (PNG, JPEG, ...).")],
    app_id: Annotated[
        int | None, typer.Option("--app", help="The application the contact belongs to.")
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Store the contact without asking.")] = False,
    relation: Annotated[
        str, typer.Option(help="interviewer, hr, recruiter, helper, reference or referral.")
    ] = "interviewer",
    json_: Json = False,
) -> None:
    """Read a business card offline; store it as a contact only with --save or your yes."""
    from followup.adapters.ocr import read_lines
    from followup.services import cards

    kind = choice(Relation, relation, "relation")
    app = current()
    found = cards.read_card(app.store, read_lines, image)
    asking = not save and not json_ and app_id is not None and sys.stdin.isatty()
    data: dict[str, Any] = {
        "fields": {
            k: {"value": f.value, "confidence": round(f.confidence, 3)} for k, f in found.items()
        }
    }
    if not save and not asking:

        def human(out: "Console") -> None:
            if not found:
                out.print("Nothing readable found on the card.")
                return
            fields(out, f"Found on {image.name} (nothing saved)", _found(found))

        emit(data, json_, human)
        return
    if app_id is None:
        raise InvalidInput("--save needs --app: a contact belongs to an application")
    contact = cards.card_contact(found, kind)
    if asking:
        fields(console(), f"Found on {image.name}", _found(found))
        question = for_terminal(f"Save {contact.name} to application #{app_id}?")
        if not typer.confirm(question, default=False):
            sys.stdout.write("Nothing saved.\n")
            return
    saved = cards.save_card(app.store, app_id, contact, app.playbook, app.now())
    record = views.contact_record(saved)
    emit(
        {**data, "contact": record},
        json_,
        lambda out: fields(out, f"Saved #{saved.id} {saved.name}", list(record.items())[1:]),
    )


def register(app: typer.Typer) -> None:
    app.command()(card)
