"""`followup init`: create or update the profile; and the first run of a command that plans,
which asks for the profile the way `init` does."""

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup import views
from followup.cli.context import current
from followup.cli.output import Json, emit, fields
from followup.domain.errors import Conflict, InvalidInput
from followup.input import parse

if TYPE_CHECKING:
    from followup.bootstrap import App
    from followup.domain.model import Profile

# The command a first run without a terminal is told to run, filled with examples.
INIT = (
    'followup init --name "Your Name" --email you@example.org --country GB-ENG --tz Europe/London'
)


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
        name, email, country, tz = _ask(email, country, tz)
    given: dict[str, Any] = {
        "name": name,
        "email": email,
        "phone": phone,
        "address": address,
        "timezone": tz,
        "signature": signature,
        "tone": tone,
    }
    saved = _save(app, given, skill, country)
    record = views.profile_record(saved)
    emit(record, json_, lambda out: fields(out, "Profile", record.items()))


def profile_to_plan_with(app: "App") -> "Profile":
    """The profile a plan is made with (its time zone and holidays are the fallback of every
    recipient's). On the first run, asked for on a terminal as `followup init` asks for it;
    elsewhere refused with the command to run: a plan is never made in UTC unasked."""
    from followup import services

    existing = services.people.profile(app.store)
    if existing is not None:
        return existing
    if not sys.stdin.isatty():
        raise Conflict(
            f"no profile yet: run `{INIT}` first (with your own details), so the plan follows "
            "your time zone and public holidays"
        )
    typer.echo(
        "No profile yet: first a few questions about you, as `followup init` asks (your time "
        "zone and country decide when each step is due).",
        err=True,
    )
    name, email, country, tz = _ask(None, None, None)
    return _save(app, {"name": name, "email": email, "timezone": tz}, None, country)


def _ask(
    email: str | None, country: str | None, tz: str | None
) -> tuple[str, str | None, str | None, str]:
    """A first profile's name, email, country and time zone, asked on the terminal for those
    not given; each asked again until it is right."""
    from followup.domain.model import Profile
    from followup.domain.values import check_email, zone

    name = _prompt("Your name", None, lambda typed: Profile(name=typed))
    email = email or _prompt("Your email", "", check_email) or None
    country = country or _prompt("Your country (e.g. GB-ENG)", "", parse.region) or None
    tz = tz or _prompt("Your time zone", _zone_of(country) or "UTC", zone)
    return name, email, country, tz


def _prompt(question: str, default: str | None, check: Callable[[str], object]) -> str:
    """One answer typed on the terminal (the question on standard error, so that standard
    output stays the command's), asked again with the reason while `check` refuses it."""

    def checked(typed: str) -> str:
        value = typed.strip()
        if value:
            try:
                check(value)
            except InvalidInput as exc:
                raise typer.BadParameter(str(exc)) from None
        return value

    return str(
        typer.prompt(
            question, default=default, show_default=bool(default), value_proc=checked, err=True
        )
    )


def _zone_of(country: str | None) -> str | None:
    """The time zone the tz database lists first for `country` (its most populous), e.g.
    Europe/London for GB-ENG: what the time zone question suggests."""
    if not country:
        return None
    from importlib.resources import files

    code = country.strip().upper().partition("-")[0]
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0] == code:
            return cells[2]
    return None


def _save(
    app: "App", given: dict[str, Any], skill: list[str] | None, country: str | None
) -> "Profile":
    from followup import services

    changes = {k: v.strip() for k, v in given.items() if v is not None}
    if skill is not None:
        changes["skills"] = tuple(s.strip() for s in skill if s.strip())
    if country is not None:
        changes["region"] = parse.region(country)
    return services.people.update_profile(app.store, changes)


def register(cli: typer.Typer) -> None:
    cli.command()(init)
