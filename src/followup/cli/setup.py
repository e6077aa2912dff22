"""`followup config` (settings and their sources) and `followup demo` (demo data)."""

from typing import TYPE_CHECKING

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, table

if TYPE_CHECKING:
    from rich.console import Console


def config(json_: Json = False) -> None:
    """List every setting with its current value and where the value came from."""
    settings = current().settings
    rows = [
        {
            "name": v.setting.name,
            "value": v.value.isoformat() if hasattr(v.value, "isoformat") else v.value,
            "source": v.source,
            "help": v.setting.help,
        }
        for v in settings.values.values()
    ]
    rows.append(
        {
            "name": "database",
            "value": settings.database_url,
            "source": "derived",
            "help": "The database in use.",
        }
    )

    def human(out: "Console") -> None:
        table(
            out,
            f"Settings (config file: {settings.config_dir / 'config.toml'})",
            ["name", "value", "source", "help"],
            [(r["name"], r["value"], r["source"], r["help"]) for r in rows],
        )

    emit(rows, json_, human)


def demo(json_: Json = False) -> None:
    """Seed demo data (profile and a handful of applications) if this user has none."""
    from followup import demo as demo_data

    app = current()
    created = demo_data.seed(app.store, app.playbook, app.now())
    user = app.settings["user"]
    message = (
        f"Seeded {created} demo applications for user {user!r}."
        if created
        else f"User {user!r} already has applications; nothing seeded."
    )
    emit({"user": user, "seeded": created}, json_, lambda out: out.print(message))


def register(cli: typer.Typer) -> None:
    cli.command()(config)
    cli.command()(demo)
