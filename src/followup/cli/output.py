"""Writing results: JSON for machines (`--json`), Rich tables for people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.entry import print_json

if TYPE_CHECKING:
    from rich.console import Console

Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def emit(data: Any, as_json: bool, human: Callable[[Console], None]) -> None:
    if as_json:
        print_json(data)
    else:
        human(console())


def table(
    out: Console, title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    from rich.table import Table

    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    out.print(grid)


def fields(out: Console, title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """A small two-column block of `name: value` lines, skipping empty values."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in pairs:
        if value not in (None, "", [], ()):
            grid.add_row(name, str(value))
    out.print(f"[bold underline]{title}[/]")
    out.print(grid)
