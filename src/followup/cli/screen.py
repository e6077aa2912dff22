"""Long human output written at once: lines with a few styles, and tables (`today`, `due`,
`list`, `plan` and the commands that print a plan).

A terminal gets each line styled (SGR codes: bold, dim, italic, red, yellow) and wrapped at
word boundaries to its width; a pipe gets plain text, each line as it is, never wrapped. What
counts as a terminal, and its width, is read as Rich reads them (`TTY_COMPATIBLE`,
`FORCE_COLOR`, `NO_COLOR`, `TERM=dumb`, `COLUMNS`, then the terminal's size), so these commands
look as they did when Rich printed them line by line. The lines are collected and written in
one call: Rich measured and re-wrapped every line as it printed it, most of the time of a long
agenda.

Every piece of stored text goes through `clean` (`entry.for_terminal`: no escape sequence or
control character of the data reaches the terminal); the only escape sequences written are the
styles added here. A table that does not fit the terminal, or holds a cell of several lines, is
left to Rich, which shrinks and wraps its columns.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from followup.cli.entry import for_terminal

BOLD, DIM, ITALIC, BOLD_RED, BOLD_YELLOW = "1", "2", "3", "1;31", "1;33"
RESET = "\x1b[0m"
_COLOURS = {"31", "33"}  # what NO_COLOR takes out (bold, dim and italic stay, as in Rich)
# Our own styles in a line: the data's were taken out by `clean`.
_SGR = "(\x1b\\[[0-9;]*m)"
# Characters that take one column each (and our own ESC): Latin, Greek and Cyrillic, the
# punctuation, arrows and box drawing lines use (not the zero-width and format characters).
_NOT_ONE_COLUMN = re.compile(
    "[^\x1b\x20-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25ff]"
)
_WORD = r"(\s*\S+)\s*"  # a word with the spaces after it (and before it, first in a line)
# The look of Rich's default table (box.HEAVY_HEAD): top, header row, header rule, row, bottom.
_TOP, _HEAD_RULE, _BOTTOM = ("┏", "━", "┳", "┓"), ("┡", "━", "╇", "┩"), ("└", "─", "┴", "┘")


def clean(value: Any) -> str:
    """`value` as text with nothing a terminal would act on (None: empty)."""
    text = "" if value is None else str(value)
    return text if text.isprintable() else for_terminal(text)


def _cells(text: str) -> int:
    """How many columns `text` takes on a terminal: East Asian wide characters take two,
    combining marks and format characters none."""
    if _one_column(text):
        return len(text)
    from unicodedata import category, east_asian_width

    width = 0
    for char in text:
        if char.isascii():
            width += 1
        elif east_asian_width(char) in "WF":
            width += 2
        elif category(char) not in ("Mn", "Me", "Cf"):
            width += 1
    return width


def _one_column(text: str) -> bool:
    """Whether each character of `text` takes one column (so its length is its width)."""
    return text.isascii() or not _NOT_ONE_COLUMN.search(text)


def _is_terminal(environ: Mapping[str, str]) -> bool:
    """Whether stdout is a terminal, or is to be written as one, as Rich decides."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return sys.stdout.isatty()
    except ValueError:
        return False


def _width(environ: Mapping[str, str], dumb: bool) -> int:
    """The terminal's width: `COLUMNS`, else its size (of stdin, stdout or stderr), else 80."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not dumb:
        for descriptor in (0, 1, 2):
            try:
                found = os.get_terminal_size(descriptor).columns
            except (AttributeError, ValueError, OSError):
                continue
            if found:
                return found
    return 80


class Screen:
    """Where the lines go: `styled` (SGR codes), `colour` (red and yellow too), `width` (None:
    a pipe, never wrapped). `line` adds a line; `write` prints them all."""

    def __init__(self, styled: bool, colour: bool, width: int | None) -> None:
        self.styled, self.colour, self.width = styled, colour, width
        self.lines: list[str] = []

    @classmethod
    def here(cls) -> Screen:
        """The screen stdout is: a terminal (as Rich decides) or a pipe."""
        environ = os.environ
        if not _is_terminal(environ):
            return cls(False, False, None)
        dumb = environ.get("TERM", "").lower() in ("dumb", "unknown")
        return cls(not dumb, not dumb and not environ.get("NO_COLOR"), _width(environ, dumb))

    def style(self, sgr: str) -> Callable[[str], str]:
        """A function that styles a piece of a line (text already `clean`); the identity in a
        pipe."""
        if not self.styled:
            return str
        if not self.colour:
            sgr = ";".join(p for p in sgr.split(";") if p not in _COLOURS)
        start = f"\x1b[{sgr}m"
        return lambda text: f"{start}{text}{RESET}" if text else text

    def line(self, text: str = "") -> None:
        """One line (it may hold styled pieces; the data in it already `clean`)."""
        self.lines.append(text)

    def add(self, lines: Iterable[str]) -> None:
        self.lines.extend(lines)

    def write(self) -> None:
        """Print every line in one write: as they are in a pipe, wrapped on a terminal."""
        if not self.lines:
            return
        width = self.width
        if width is None:
            text = "\n".join(self.lines)
        else:  # short lines as they are (styles only add to the length)
            wrapped: dict[str, list[str]] = {}  # an agenda repeats lines: each rule's why
            pieces: list[str] = []
            for line in self.lines:
                if len(line) <= width and "\n" not in line and _one_column(line):
                    pieces.append(line)
                elif (cut := wrapped.get(line)) is not None:
                    pieces.extend(cut)
                else:
                    pieces.extend(wrapped.setdefault(line, _wrap(line, width)))
            text = "\n".join(pieces)
        self.lines = []
        sys.stdout.write(text)
        sys.stdout.write("\n")

    def table(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
    ) -> None:
        """A table as Rich draws it by default (heavy head, bold header, italic title), its
        cells plain text; drawn here when it fits (a pipe: always), else by Rich."""
        cells = [[clean(cell) for cell in row] for row in rows]
        heads = [clean(column) for column in columns]
        widths = [_cells(h) for h in heads]
        plain = True  # no line feed or tab in a cell (`clean` keeps them)
        for row in cells:
            for n, cell in enumerate(row):
                size = len(cell) if cell.isascii() else _cells(cell)
                if size > widths[n]:
                    widths[n] = size
                if not cell.isprintable():
                    plain = False
        total = sum(widths) + 3 * len(widths) + 1
        if not plain or (self.width is not None and total > self.width):
            self._rich_table(heads, cells, title)
            return
        bold, italic = self.style(BOLD), self.style(ITALIC)

        def rule(box: tuple[str, str, str, str]) -> str:
            left, across, between, right = box
            return left + between.join(across * (w + 2) for w in widths) + right

        def padded(text: str, width: int) -> str:
            return text + " " * (width - (len(text) if text.isascii() else _cells(text)))

        if title:
            self.line(italic(clean(title)))
        self.line(rule(_TOP))
        self.line(
            "┃"
            + "┃".join(f" {bold(padded(h, w))} " for h, w in zip(heads, widths, strict=True))
            + "┃"
        )
        self.line(rule(_HEAD_RULE))
        self.add(
            "│" + "│".join(f" {padded(c, w)} " for c, w in zip(row, widths, strict=True)) + "│"
            for row in cells
        )
        self.line(rule(_BOTTOM))

    def _rich_table(self, heads: list[str], cells: list[list[str]], title: str | None) -> None:
        """The table through Rich (too wide for the terminal, or cells of several lines)."""
        from followup.cli.output import console, table

        out = console()
        if self.width is not None:
            out.width = self.width
        with out.capture() as captured:
            table(out, title, heads, cells)
        self.add(captured.get().rstrip("\n").split("\n"))


def _spans(line: str) -> list[tuple[str, str]]:
    """A line as (text, SGR) pieces: its own text between the styles added by `Screen.style`."""
    spans, sgr = [], ""
    for n, part in enumerate(re.split(_SGR, line)):
        if n % 2:
            sgr = "" if part == RESET else part
        elif part:
            spans.append((part, sgr))
    return spans


def _breaks(text: str, width: int) -> list[int]:
    """Where a line of `text` is cut to fit `width` columns, as Rich cuts it: before a word that
    would pass the edge (the spaces after a word stay with it); a word longer than a line starts
    a line and is cut every `width` columns."""
    cuts: list[int] = []
    position = 0  # columns used on the current line
    narrow = _one_column(text)
    for found in re.finditer(_WORD, text):
        start, word = found.start(), found.group()
        if narrow:  # a column a character: the lengths of the match's parts
            bare, size = found.end(1) - start, found.end() - start
        else:
            bare, size = _cells(word.rstrip()), _cells(word)
        if bare <= width - position:
            position += size
        elif bare > width:
            if start:
                cuts.append(start)
            position = 0
            for offset, char in enumerate(word):
                cell = _cells(char)
                if position + cell > width:
                    cuts.append(start + offset)
                    position = 0
                position += cell
        elif position and start:
            cuts.append(start)
            position = size
    return cuts


def _wrap(line: str, width: int) -> list[str]:
    """A line with styles, cut into lines of at most `width` columns (and at each line feed of
    its text), each piece keeping its style."""
    spans = _spans(line)
    text = "".join(part for part, _ in spans)
    cuts: list[int] = []
    offset = 0
    for physical in text.split("\n"):
        cuts.extend(offset + cut for cut in _breaks(physical, width))
        offset += len(physical) + 1
        cuts.append(offset)  # after the line feed (the last one: past the end)
    pieces: list[str] = []
    start = 0
    for end in cuts:
        out, at = [], 0
        for part, sgr in spans:
            low, high = max(start, at), min(end, at + len(part))
            if low < high:
                chunk = part[low - at : high - at].rstrip("\n")
                if chunk:
                    out.append(f"{sgr}{chunk}{RESET}" if sgr else chunk)
            at += len(part)
        pieces.append("".join(out))
        start = end
    # The spaces a line was cut after are not shown (a styled piece ends with its reset).
    return [re.sub(r" +(?=(?:\x1b\[0m)?$)", "", piece) for piece in pieces]
