"""cli/screen.py: lines wrapped to a terminal's width as Rich wraps them, tables drawn as Rich
draws them (Rich, installed, is the reference), and wcwidth's idea of a character's width."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text
from wcwidth import wcswidth

from followup.cli.screen import BOLD, BOLD_RED, DIM, Screen, _cells, _wrap

SGR = re.compile(r"\x1b\[[0-9;]*m")
WORDS = st.lists(
    st.sampled_from(
        ["a", "to", "the", "follow-up", "Müller", "東京テック", "`followup", "·", "→", "x" * 23]
    ),
    max_size=30,
)


def _rich_lines(text: str, width: int) -> list[str]:
    console = Console(width=width, color_system=None, highlight=False, emoji=False)
    with console.capture() as captured:
        console.print(Text(text))
    return [line.rstrip() for line in captured.get().split("\n")[:-1]]


@settings(max_examples=300)
@given(WORDS, st.sampled_from([" ", "  ", " · "]), st.integers(min_value=12, max_value=70))
@example(["paused:", "Company", "22", "replied", "on", "Sun", "22", "Nov:", "answer"], " ", 20)
def test_a_line_is_cut_where_rich_cuts_it(words: list[str], gap: str, width: int) -> None:
    text = "   " + gap.join(words)
    ours = [line.rstrip() for line in _wrap(text, width)]
    assert ours == _rich_lines(text, width)
    assert all(_cells(line) <= width for line in ours)


def test_a_styled_line_keeps_its_styles_on_every_piece() -> None:
    screen = Screen(styled=True, colour=True, width=20)
    bold, dim = screen.style(BOLD), screen.style(DIM)
    line = f"{bold('#12 keep-in-touch')} · email → {dim('Priya Shah (Head of Data)')}"
    pieces = _wrap(line, 20)
    assert [SGR.sub("", p) for p in pieces] == [
        "#12 keep-in-touch ·",
        "email → Priya Shah",
        "(Head of Data)",
    ]
    assert pieces[0].startswith("\x1b[1m#12 keep-in-touch\x1b[0m")
    assert pieces[1].endswith("\x1b[2mPriya Shah\x1b[0m")
    assert pieces[2] == "\x1b[2m(Head of Data)\x1b[0m"  # the style goes on after the cut


def test_a_line_feed_in_the_data_starts_a_line_in_its_style() -> None:
    screen = Screen(styled=True, colour=True, width=80)
    screen.line(screen.style(DIM)("   why: one\ntwo"))
    assert _wrap(screen.lines[0], 80) == ["\x1b[2m   why: one\x1b[0m", "\x1b[2mtwo\x1b[0m"]


def test_no_color_keeps_bold_and_takes_out_colours() -> None:
    plain, styled = Screen(True, False, 80), Screen(True, True, 80)
    assert plain.style(BOLD_RED)("Overdue") == "\x1b[1mOverdue\x1b[0m"
    assert styled.style(BOLD_RED)("Overdue") == "\x1b[1;31mOverdue\x1b[0m"
    assert Screen(False, False, None).style(BOLD_RED)("Overdue") == "Overdue"


@pytest.mark.parametrize("text", ["Müller", "東京テック", "e\u0301te", "Åsa · 株式会社", "plain"])
def test_a_characters_width_is_what_wcwidth_says(text: str) -> None:
    assert _cells(text) == wcswidth(text)


ROWS = [
    (1, "Acme Analytics", "Data Analyst", "interviewing", "2026-12-18"),
    (12, "東京テック", "Data Engineer", "offer", ""),
    (123, "Müller & Søn", "BI Developer", "rejected", "2026-11-02"),
]
COLUMNS = ["id", "company", "role", "stage", "last interview"]


def _rich_table(width: int, colour: bool) -> str:
    console = Console(
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
    )
    grid = Table(title_justify="left", show_lines=False)
    for column in COLUMNS:
        grid.add_column(column)
    for row in ROWS:
        grid.add_row(*(Text(str(cell)) for cell in row))
    with console.capture() as captured:
        console.print(grid)
    return captured.get()


@pytest.mark.parametrize("width", [None, 100])
def test_a_table_that_fits_is_drawn_as_rich_draws_it(capsys, width: int | None) -> None:
    screen = Screen(styled=width is not None, colour=True, width=width)
    screen.table(COLUMNS, ROWS)
    screen.write()
    ours = capsys.readouterr().out
    rich = _rich_table(100, colour=width is not None)
    assert SGR.sub("", ours) == SGR.sub("", rich)
    assert ("\x1b[1m" in ours) is (width is not None)  # a bold header on a terminal only


def test_a_table_too_wide_for_the_terminal_is_left_to_rich(capsys) -> None:
    screen = Screen(styled=False, colour=False, width=40)
    screen.table(COLUMNS, ROWS)
    screen.write()
    ours = capsys.readouterr().out
    assert ours == _rich_table(40, colour=False)
    assert max(_cells(line) for line in ours.splitlines()) <= 40
