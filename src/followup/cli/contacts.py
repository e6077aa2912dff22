"""`followup contacts list|show|delete|edit|import|export`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.entry import for_terminal
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
def delete(
    contact_id: ContactId,
    yes: Annotated[
        bool, typer.Option("--yes", help="Delete: without it, only say what would go.")
    ] = False,
    json_: Json = False,
) -> None:
    """Delete a contact and who met them where; steps planned to them go, touches stay."""
    from followup.cli.undo import said
    from followup.services import deleting

    app = current()
    contact, parts = deleting.contact_parts(app.store, contact_id)
    if yes:
        deleting.delete_contact(app.store, contact_id, app.playbook, app.now())
    said(f"contact {contact_id} ({contact.name})", parts, yes, json_)


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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be imported; write nothing.")
    ] = False,
    json_: Json = False,
) -> None:
    """Add the contacts of a vCard file to an application and replan it; cards that are not
    contacts are skipped and listed."""
    from followup.services import exchange

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror or exc}") from None
    app_ = current()
    done = exchange.import_vcard(
        app_.store,
        data,
        app_id,
        app_.playbook,
        app_.now(),
        choice(Relation, relation, "relation"),
        parse.region(country),
        dry_run,
    )
    said = [f"card {n} skipped: {why}" for n, why in done.skipped]
    said += [f"card {n}: {note}" for n, note in done.notes]
    if json_:
        for line in said:  # stdout holds the JSON
            typer.echo(for_terminal(line), err=True)

    def human(out: "Console") -> None:
        count, skipped = len(done.added), len(done.skipped)
        if done.dry_run:
            out.print(f"Would import {count} contact(s) into application {app_id}; "
                      f"{skipped} card(s) skipped. Nothing was written.")  # fmt: skip
            table(
                out,
                None,
                ["card", "name", "organisation", "email", "phone"],
                [(n, c.name, c.organisation, c.email, c.phone) for n, c in done.added],
            )
        else:
            out.print(f"Imported {count} contact(s) into application {app_id}; "
                      f"{skipped} card(s) skipped.")  # fmt: skip
        for line in said:
            out.print(f"  {line}", markup=False)

    emit([{**views.contact_record(c), "card": n} for n, c in done.added], json_, human)


Output = Annotated[Path | None, typer.Option("-o", "--output", help="The .vcf file to write.")]
Split = Annotated[
    Path | None,
    typer.Option("--split", metavar="DIR", help="Write one .vcf file per contact into DIR."),
]


@app.command()
def export(
    output: Output = None,
    split: Split = None,
    app_id: Annotated[
        int | None, typer.Option("--app", help="Only this application's contacts.")
    ] = None,
    json_: Json = False,
) -> None:
    """Write contacts as vCard 3.0, every detail kept (photos, further emails and phones),
    each card with a UID that stays the same from one export to the next."""
    import io

    from followup.adapters.files import private_folder, write_whole
    from followup.services import exchange

    if (output is None) == (split is None):
        raise InvalidInput("give exactly one of -o FILE and --split DIR")
    if output is not None:
        out = io.StringIO()
        count = exchange.export_vcard(current().store, out, app_id)
        write_whole(output, out.getvalue().encode("utf-8"))
        files = [str(output)]
    else:
        assert split is not None
        try:
            private_folder(split)
        except OSError as exc:
            raise InvalidInput(f"cannot create {split}: {exc.strerror or exc}") from None

        def write(name: str, card: str) -> None:
            write_whole(split / name, card.encode("utf-8"))

        files = [
            str(split / n) for n in exchange.export_vcard_files(current().store, write, app_id)
        ]
        count = len(files)

    def human(console: "Console") -> None:
        where = output if output is not None else f"{count} file(s) in {split}"
        console.print(f"Exported {count} contact(s) to {where}.", markup=False)

    record = {"file": str(output) if output else None, "contacts": count}
    emit({**record, "folder": str(split) if split else None, "files": files}, json_, human)
