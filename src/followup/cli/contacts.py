"""`followup contacts list|show|edit|import|export`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.output import Json, emit, fields, table
from followup.domain.errors import InvalidInput
from followup.domain.model import Contact, Relation, choice
from followup.input import parse

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(help="The people around your applications.", no_args_is_help=True)

ContactId = Annotated[int, typer.Argument(help="The contact's id.")]


def _show(contact: Contact, as_json: bool) -> None:
    record = views.contact_record(contact)

    def human(out: "Console") -> None:
        fields(
            out, f"#{contact.id} {contact.name}", [(k, v) for k, v in record.items() if k != "id"]
        )

    emit(record, as_json, human)


@app.command("list")
def list_(json_: Json = False) -> None:
    """List every contact with their relation and application."""
    from followup import services

    people = services.people.contacts(current().store)

    def human(out: "Console") -> None:
        if not people:
            out.print("No contacts yet.")
            return
        table(
            out,
            None,
            ["id", "name", "title", "organisation", "relation", "application", "email"],
            [
                (c.id, c.name, c.title, c.organisation, c.relation.value, c.application_id, c.email)
                for c in people
            ],
        )

    emit([views.contact_record(c) for c in people], json_, human)


@app.command()
def show(contact_id: ContactId, json_: Json = False) -> None:
    """Show one contact."""
    from followup import services

    _show(services.people.contact(current().store, contact_id), json_)


@app.command()
def edit(
    contact_id: ContactId,
    name: Annotated[str | None, typer.Option(help="Full name, exactly as they write it.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title, exactly as on their card.")] = None,
    organisation: Annotated[str | None, typer.Option(help="Where they work.")] = None,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    address: Annotated[str | None, typer.Option(help="Postal address.")] = None,
    tz: Annotated[str | None, typer.Option(help="Their IANA time zone.")] = None,
    country: Annotated[str | None, typer.Option(help="Their country[-subdivision].")] = None,
    relation: Annotated[
        str | None,
        typer.Option(help="interviewer, hr, recruiter, helper, reference or referral."),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Anything worth remembering.")] = None,
    json_: Json = False,
) -> None:
    """Change a contact's fields; give an empty value ("") to clear an optional one."""
    from followup import services

    given: dict[str, Any] = {
        "name": name,
        "title": title,
        "organisation": organisation,
        "email": email,
        "phone": phone,
        "address": address,
        "timezone": tz,
        "notes": notes,
    }
    changes = {k: (v.strip() or None) for k, v in given.items() if v is not None}
    if country is not None:
        changes["region"] = parse.region(country.strip() or None)
    if relation is not None:
        changes["relation"] = choice(Relation, relation, "relation")
    if not changes:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    app = current()
    _show(
        services.people.edit_contact(app.store, contact_id, changes, app.playbook, app.now()), json_
    )


VcardFile = Annotated[Path, typer.Argument(help="The vCard (.vcf) file to read.")]


@app.command("import")
def import_(
    file: VcardFile,
    app_id: Annotated[int, typer.Option("--app", help="The application the contacts belong to.")],
    relation: Annotated[
        str, typer.Option(help="Relation of cards that do not give theirs (see contacts edit).")
    ] = "interviewer",
    country: Annotated[
        str | None,
        typer.Option(help="Country[-subdivision] of cards that do not give theirs (phones)."),
    ] = None,
    json_: Json = False,
) -> None:
    """Add every contact in a vCard file to an application, all or none, and replan it."""
    from followup.services import exchange

    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from None
    app_ = current()
    added = exchange.import_vcard(
        app_.store,
        text,
        app_id,
        app_.playbook,
        app_.now(),
        choice(Relation, relation, "relation"),
        parse.region(country),
    )

    def human(out: "Console") -> None:
        out.print(f"Imported {len(added)} contact(s) into application {app_id}.")

    emit([views.contact_record(c) for c in added], json_, human)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="The .vcf file to write.")],
    app_id: Annotated[
        int | None, typer.Option("--app", help="Only this application's contacts.")
    ] = None,
    json_: Json = False,
) -> None:
    """Write contacts as vCard 3.0, every detail kept (photos, further emails and phones)."""
    import io

    from followup.cli.calendar import _write
    from followup.services import exchange

    out = io.StringIO()
    count = exchange.export_vcard(current().store, out, app_id)
    _write(output, out.getvalue().encode("utf-8"))

    def human(console: "Console") -> None:
        console.print(f"Exported {count} contact(s) to {output}.")

    emit({"file": str(output), "contacts": count}, json_, human)
