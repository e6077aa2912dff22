"""`followup accounts add|list|disable`: server mode's accounts from the command line (the
first admin's, above all), on the server's database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, safe, table
from followup.domain.accounts import Role
from followup.domain.errors import ConfigError, InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from followup.adapters.sql.accounts import Member
    from followup.bootstrap import App

app = typer.Typer(help="Server mode's accounts: add, list, disable.", no_args_is_help=True)

Email = Annotated[str, typer.Argument(help="The account's email (how its owner signs in).")]
LOCAL_BASE = "http://127.0.0.1:8765"  # `followup serve`'s address, without public_url


def _server() -> App:
    """The App, refused unless in server mode on a database named by FOLLOWUP_DATABASE_URL."""
    app_ = current()
    if not app_.settings["server"] or not app_.settings["database_url"]:
        raise ConfigError(
            "accounts are for server mode: set FOLLOWUP_SERVER=1 and FOLLOWUP_DATABASE_URL "
            "(the server's database)"
        )
    return app_


@app.command()
def add(
    email: Email,
    role: Annotated[
        Role, typer.Option("--role", help="admin, coach or seeker (a job seeker).")
    ] = Role.SEEKER,
    cohort: Annotated[
        str | None, typer.Option("--cohort", help="The cohort or group (job seekers).")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from standard input (one line); without it, print a "
            "single-use link that sets it, valid for an hour.",
        ),
    ] = False,
    json_: Json = False,
) -> None:
    """Add an account: the first admin's, or anyone's without an invitation mail."""
    from followup.services import accounts

    app_ = _server()
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInput("--password-stdin: standard input gave no password")
    base = app_.settings["public_url"] or LOCAL_BASE
    who, link = accounts.add(app_, email, role, cohort, password, base, app_.now())
    record = {"id": who.id, "email": who.email, "role": who.role.value, "cohort": who.cohort}
    record["set_password_link"] = link

    def human(out: Console) -> None:
        out.print(f"Added {safe(who.email)} ({who.role.value}).")
        if link:
            out.print("This link sets the password, once, within the hour:")
            out.print(safe(link), soft_wrap=True)

    emit(record, json_, human)


@app.command("list")
def list_(json_: Json = False) -> None:
    """List every account: email, role, cohort, and whether it is active."""
    from followup.services import accounts

    members = accounts.members(_server(), None)

    def state(m: Member) -> str:
        if m.disabled_at:
            return "disabled"
        return "active" if m.has_password else "no password yet"

    records = [
        {
            "id": m.account.id,
            "email": m.account.email,
            "role": m.account.role.value,
            "cohort": m.account.cohort,
            "state": state(m),
            "created_at": m.created_at.isoformat(),
        }
        for m in members
    ]

    def human(out: Console) -> None:
        if not records:
            out.print("No accounts yet: `followup accounts add EMAIL --role admin` adds one.")
            return
        columns = ["id", "email", "role", "cohort", "state"]
        table(out, None, columns, [tuple(r[c] for c in columns) for r in records])

    emit(records, json_, human)


@app.command()
def disable(email: Email, json_: Json = False) -> None:
    """Disable an account: it signs in no more; its sessions and API tokens end."""
    from followup.services import accounts

    app_ = _server()
    who = accounts.disable(app_, email, app_.now())
    emit(
        {"id": who.id, "email": who.email, "disabled": True},
        json_,
        lambda out: out.print(f"Disabled {safe(who.email)}: its sessions and tokens ended."),
    )
