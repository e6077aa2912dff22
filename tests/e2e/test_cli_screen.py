"""What `today`, `due`, `list` and `plan` print for people (cli/screen.py): plain text in a
pipe, each line whole; on a terminal (a real pseudo-terminal) styled and wrapped within its
width, the same words in the same order."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios

import pytest
from wcwidth import wcswidth

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import EXE

SGR = re.compile(r"\x1b\[[0-9;]*m")
TOKYO = ["add", "--company", "東京テック", "--role", "Data Engineer", "--at", "2026-12-16 10:00",
         "--tz", "Asia/Tokyo", "--country", "JP",
         "--interviewer", "Aiko Tanaka, Lead, aiko@tokyo.example",
         "--promise", "the design doc -> Aiko Tanaka"]  # fmt: skip
LATER = "2026-12-21T10:00:00+00:00"
COMMANDS = [["due", "--within", "30d"], ["today"], ["list"], ["plan", "1"], ["plan", "2"]]


@pytest.fixture
def busy(cli):
    """Two applications, one in Japanese, a reply that pauses the nudges, overdue steps."""
    cli(*PROFILE)
    cli("add", "--company", "Acme Analytics", "--role", "Data Analyst", "--at",
        "2026-12-14 13:00", "--tz", "Europe/London", "--country", "GB-ENG",
        "--interviewer", "Priya Shah, Head of Data, priya@acme.example")  # fmt: skip
    cli(*TOKYO)
    cli("log", "1", "--channel", "email", "--direction", "in", "--at", "2026-12-21 09:15",
        "--note", "Re: Thank you", now=LATER)  # fmt: skip
    return cli


def _on_terminal(cli, args: list[str], columns: int, **env: str) -> str:
    """What the command writes to a pseudo-terminal `columns` wide (line ends as written)."""
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    run_env = {k: v for k, v in cli.env.items() if k != "COLUMNS"}
    run_env.update({"FOLLOWUP_NOW": LATER, "TERM": "xterm-256color", **env})
    child = subprocess.Popen(
        [EXE, *args], env=run_env, stdin=side, stdout=side, stderr=subprocess.PIPE
    )
    os.close(side)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert child.wait(timeout=60) == 0, child.stderr.read() if child.stderr else ""
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_in_a_pipe_the_lines_are_plain_and_whole(busy, args):
    out = busy(*args, now=LATER, COLUMNS="60").out
    assert "\x1b" not in out and not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    assert max(wcswidth(line) for line in out.splitlines()) > 60  # COLUMNS is for terminals
    if args[0] != "list":
        assert "   why: " in out  # a step's block, each of its lines whole
        for line in out.splitlines():
            assert line.startswith(("#", "–", "   ", "Overdue", "Due", "Replies", "Acme"))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("width", [{"COLUMNS": "60"}, {}], ids=["COLUMNS=60", "pty 50 wide"])
def test_on_a_terminal_the_lines_are_styled_and_wrapped_within_its_width(busy, args, width):
    columns = int(width.get("COLUMNS", 50))
    shown = _on_terminal(busy, args, 50, **width)
    assert SGR.search(shown), "styled on a terminal"
    text = SGR.sub("", shown)
    assert "\x1b" not in text
    lines = text.splitlines()
    assert max(wcswidth(line) for line in lines) <= columns
    piped = busy(*args, now=LATER).out
    if args[0] == "list":  # the same rows, the columns narrowed (cells wrapped) to fit
        ids = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
        assert [cell for cell in ids if cell] == ["1", "2"]
        assert len({wcswidth(line) for line in lines}) == 1  # every line as wide: aligned
    else:  # the same words, in the same order, only cut into shorter lines
        assert text.split() == piped.split()
        assert len(lines) > len(piped.splitlines())


def test_a_table_that_fits_the_terminal_is_aligned_with_wide_characters(busy):
    shown = SGR.sub("", _on_terminal(busy, ["list"], 120))
    lines = shown.splitlines()
    assert len({wcswidth(line) for line in lines}) == 1
    assert next(line for line in lines if "東京テック" in line).startswith("│ 2  │ 東京テック ")
    # The bars between the columns at the same place (in columns) on every line.
    bars = {
        tuple(wcswidth(line[:n]) for n, c in enumerate(line[:-1]) if n and c in "┃│╇┳┴")
        for line in lines
    }
    assert len(bars) == 1


def test_on_a_terminal_the_headings_and_flags_keep_their_colours(busy):
    shown = _on_terminal(busy, ["due", "--within", "30d"], 100)
    assert "\x1b[1;31mOverdue\x1b[0m" in shown and "\x1b[1mDue\x1b[0m" in shown
    assert "\x1b[1mReplies\x1b[0m" in shown and "\x1b[2m   why: " in shown
    no_colour = _on_terminal(busy, ["due", "--within", "30d"], 100, NO_COLOR="1")
    assert "\x1b[1mOverdue\x1b[0m" in no_colour and "31m" not in no_colour
    dumb = _on_terminal(busy, ["due", "--within", "30d"], 100, TERM="dumb")
    assert "\x1b" not in dumb and max(len(line) for line in dumb.splitlines()) <= 80


def test_in_a_pipe_what_rich_prints_is_whole_too(busy):
    """`show` prints its fields and contacts through Rich, its steps as lines: in a pipe no
    cell is cut short and no line wrapped, whatever COLUMNS says."""
    out = busy("show", "1", now=LATER, COLUMNS="40").out
    assert "\x1b" not in out and "…" not in out
    assert next(line for line in out.splitlines() if "priya@acme.example" in line).startswith("│")
    assert max(wcswidth(line) for line in out.splitlines()) > 40
