"""Writing results: JSON for machines (`--json`), Rich tables for people (long output, such as
the agenda and plans, as lines: `cli/screen.py`).

Everything a person reads goes through the console made here, which takes out whatever a
terminal would act on rather than show (`entry.for_terminal`: escape sequences, control
characters) from every piece of text it writes, Rich's own styling being added after. User data
is never read as Rich markup: `table` and `fields` print their cells as plain text, and a line
with markup puts each stored value in it through `safe`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

from followup.cli.entry import for_terminal, print_json

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment
    from rich.text import Text

    from followup.cli.screen import Screen

Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@cache
def _console_class() -> type[Console]:
    """Rich's Console, writing no text that a terminal would act on (Rich is imported late)."""
    from rich.console import Console
    from rich.segment import Segment

    class Terminal(Console):
        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterator[Segment]:
            # Every renderable (a line of markup, a Text, a table) becomes segments here, after
            # its markup was read: what is taken out cannot make a new markup tag. Control
            # segments are Rich's own cursor moves, never text.
            for segment in super().render(renderable, options):
                if segment.control is None:
                    cleaned = for_terminal(segment.text)
                    if cleaned is not segment.text:
                        segment = Segment(cleaned, segment.style)
                yield segment

    return Terminal


# In a pipe nothing is wrapped: a table is as wide as its cells, at most this.
PIPE_WIDTH = 10_000


def console() -> Console:
    """Rich's console for people: wrapping to a terminal's width, or, in a pipe, writing each
    line whole (as `cli/screen.py` does), as decided by `Screen.here`."""
    from followup.cli.screen import Screen

    if Screen.here().width is None:
        return _console_class()(highlight=False, emoji=False, soft_wrap=True, width=PIPE_WIDTH)
    return _console_class()(highlight=False, emoji=False, soft_wrap=False)


def safe(value: Any) -> str:
    """`value` as text to put in a line of Rich markup: control characters out first, then its
    square brackets escaped, so it prints as it reads and never as a style or a link."""
    from rich.markup import escape

    return escape(for_terminal(str(value)))


def plain(value: Any) -> Text:
    """`value` as a Text that is printed as it reads (no markup), control characters out."""
    from rich.text import Text

    return Text("" if value is None else for_terminal(str(value)))


def emit(data: Any, as_json: bool, human: Callable[[Console], None]) -> None:
    if as_json:
        print_json(data)
    else:
        human(console())


def emit_lines(data: Any, as_json: bool, human: Callable[[Screen], None]) -> None:
    """`emit` for output written as lines (`cli/screen.py`): all of it in one write."""
    if as_json:
        print_json(data)
        return
    from followup.cli.screen import Screen

    screen = Screen.here()
    human(screen)
    screen.write()


def table(
    out: Console, title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """A table whose title and cells are plain text (never markup)."""
    from rich.table import Table

    grid = Table(title=plain(title) if title else None, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(plain(cell) for cell in row))
    out.print(grid)


def fields(out: Console, title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """A small two-column block of `name: value` lines, skipping empty values; the title and the
    values are plain text (never markup)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in pairs:
        if value not in (None, "", [], ()):
            grid.add_row(plain(name), plain(value))
    out.print(plain(title), style="bold underline")
    out.print(grid)
