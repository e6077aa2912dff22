"""`followup init`: create or update the profile."""

import sys
from typing import Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.output import Json, emit, fields
from followup.domain.errors import InvalidInput
from followup.input import parse


def init(
    name: Annotated[str | None, typer.Option(help="Your name, as you sign letters.")] = None,
    email: Annotated[str | None, typer.Option(help="Your email address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Your phone number.")] = None,
    address: Annotated[str | None, typer.Option(help="Your postal address (for letters).")] = None,
    skill: Annotated[
        list[str] | None, typer.Option(help="A key skill to mention. Repeatable; replaces all.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Your country[-subdivision] for holidays, e.g. GB-ENG.")
    ] = None,
    tz: Annotated[str | None, typer.Option(help="Your IANA time zone, e.g. Europe/London.")] = None,
    signature: Annotated[str | None, typer.Option(help="How your messages end.")] = None,
    tone: Annotated[str | None, typer.Option(help="formal or warm.")] = None,
    json_: Json = False,
) -> None:
    """Create or update your profile (flags, or prompts on a terminal)."""
    from followup import services

    app = current()
    existing = services.people.profile(app.store)
    if existing is None and name is None:
        if not sys.stdin.isatty():
            raise InvalidInput("no profile yet: give at least --name")
        name = typer.prompt("Your name")
        email = email or typer.prompt("Your email", default="", show_default=False) or None
        tz = tz or typer.prompt("Your time zone", default="UTC")
        country = country or typer.prompt("Your country (e.g. GB-ENG)", default="") or None
    given: dict[str, Any] = {
        "name": name,
        "email": email,
        "phone": phone,
        "address": address,
        "timezone": tz,
        "signature": signature,
        "tone": tone,
    }
    changes = {k: v.strip() for k, v in given.items() if v is not None}
    if skill is not None:
        changes["skills"] = tuple(s.strip() for s in skill if s.strip())
    if country is not None:
        changes["region"] = parse.region(country)
    saved = services.people.update_profile(app.store, changes)
    record = views.profile_record(saved)
    emit(record, json_, lambda out: fields(out, "Profile", record.items()))


def register(cli: typer.Typer) -> None:
    cli.command()(init)
