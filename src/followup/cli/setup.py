"""`followup config` (settings and their sources) and `followup demo` (demo data)."""

from typing import TYPE_CHECKING, Any

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, safe, table

if TYPE_CHECKING:
    from rich.console import Console


def _shown(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def config(json_: Json = False) -> None:
    """List every setting with its current value and where the value came from (a password
    only as set or not set, a URL without its password)."""
    from followup.config.settings import hide_password

    settings = current().settings
    rows = [
        {
            "name": v.setting.name,
            "value": _shown(v.setting.shown(v.value)),
            "source": v.source,
            "help": v.setting.help,
            "secret": v.setting.secret,
        }
        for v in settings.values.values()
    ]
    rows.append(
        {
            "name": "database",
            "value": hide_password(settings.database_url),
            "source": "derived",
            "help": "The database in use.",
            "secret": "url",
        }
    )

    def shown(row: dict[str, Any]) -> Any:
        return "not set" if row["secret"] == "password" and row["value"] is None else row["value"]

    def human(out: "Console") -> None:
        table(
            out,
            f"Settings (config file: {settings.config_dir / 'config.toml'})",
            ["name", "value", "source", "help"],
            [(r["name"], shown(r), r["source"], r["help"]) for r in rows],
        )

    emit(rows, json_, human)


def demo(json_: Json = False) -> None:
    """Seed demo data (profile and a handful of applications) if this user has none."""
    from followup.services import demo as demo_data

    app = current()
    created = demo_data.seed(app.store, app.playbook, app.now())
    user = app.settings["user"]
    message = (
        f"Seeded {created} demo applications for user {user!r}."
        if created
        else f"User {user!r} already has applications; nothing seeded."
    )
    emit({"user": user, "seeded": created}, json_, lambda out: out.print(safe(message)))


def register(cli: typer.Typer) -> None:
    cli.command()(config)
    cli.command()(demo)
