"""What the commands print for people is text, never markup or terminal controls, even when the
data was stored by an older version (or came from a mail) with escape sequences and Rich markup
in it; --json escapes every control character."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess

import pytest

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import EXE

LINK = "[link=https://evil.example]x[/link]"
# A clickable link (Rich markup, and a raw OSC 8), a window title, clear screen, hidden text,
# a carriage return that would overwrite the line, an 8-bit CSI and DEL.
HOSTILE = (
    f"{LINK}\x1b]0;pwned\x07\x1b[2J\x1b[8mhidden\x1b]8;;https://evil.example\x1b\\click"
    "\x1b]8;;\x1b\\\rover\x9b31mred\x7f[bold red]loud[/]"
)
ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG",
       "--interviewer", "Priya Shah, Head of Data, priya@acme.example",
       "--promise", "write-up -> Priya Shah", "--notes", "fine"]  # fmt: skip
LATER = "2026-12-21T10:00:00+00:00"
COMMANDS = [["list"], ["show", "1"], ["plan", "1"], ["today"], ["due", "--within", "30d"],
            ["contacts", "list"]]  # fmt: skip
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styling: the only escape sequence allowed


@pytest.fixture
def hostile(cli):
    """An application whose every text field a command prints holds HOSTILE, written straight
    into the database as an older version (or a mail) could have stored it."""
    cli(*PROFILE)
    cli(*ADD)
    cli("log", "1", "--channel", "email", "--direction", "in", "--at", "2026-12-21 09:15",
        "--note", "Re: thanks", "--outcome", "positive", now=LATER)  # fmt: skip
    database = sqlite3.connect(cli.home / "data" / "followup" / "followup.db")
    with database:
        database.execute(
            "UPDATE applications SET company = :h, role = :h, notes = :h", {"h": HOSTILE}
        )
        database.execute("UPDATE contacts SET name = :h, title = :h, organisation = :h",
                         {"h": HOSTILE})  # fmt: skip
        database.execute('UPDATE promises SET what = :h, "to" = :h', {"h": HOSTILE})
        database.execute("UPDATE touches SET note = :h || char(10) || :h, outcome = :h",
                         {"h": HOSTILE})  # fmt: skip
        for step_id, recipients in database.execute("SELECT id, recipients FROM steps").fetchall():
            people = [{**r, "name": HOSTILE, "title": HOSTILE} for r in json.loads(recipients)]
            database.execute(
                "UPDATE steps SET recipients = :r, rationale = :h, outcome = :h WHERE id = :id",
                {"r": json.dumps(people), "h": HOSTILE, "id": step_id},
            )
    database.close()
    return cli


def _styled(cli, *args: str) -> str:
    """stdout and stderr of the command, as Rich writes them for a colour terminal."""
    env = {**cli.env, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "400",
           "FOLLOWUP_NOW": LATER}  # fmt: skip
    done = subprocess.run(
        [EXE, *args], env=env, capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_stored_markup_and_escape_sequences_print_as_plain_text(hostile, args):
    out = _styled(hostile, *args)
    assert SGR.search(out), "Rich should style its output on this terminal"
    text = SGR.sub("", out)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert "\x1b]8;" not in out  # no hyperlink at all
    # The markup is shown as it was typed, every time the value is shown.
    shown = text.count(LINK)
    assert shown >= 1 and shown == text.count("evil.example") - text.count("evil.exampleclick")
    assert "[bold red]loud[/]" in text
    assert "pwned" not in text  # the window title went with its escape sequence


def test_json_escapes_every_control_character(hostile):
    for args in (["list", "--json"], ["show", "1", "--json"], ["today", "--json"]):
        out = hostile(*args, now=LATER).out
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out), args
        assert "\\u001b]0;pwned\\u0007" in out and "\\u009b31m" in out and "\\u007f" in out
    shown = hostile("show", "1", "--json", now=LATER).json
    assert shown["company"] == HOSTILE  # the data itself, exactly


def test_an_error_line_carries_no_escape_sequence(cli):
    """A message that names what it was given (here a file that exists) is cleaned on its way
    out, and stays one line."""
    cli(*PROFILE)
    cli(*ADD)
    name = cli.home / "copy\x1b]0;pwned\x07\x1b[2J\nX.db"
    name.write_text("precious")
    result = cli("backup", str(name), ok=False)
    assert result.code == 4 and result.err.count("\n") == 1 and "exists" in result.err
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.err)
    assert "pwned" not in result.err and "copy X.db exists" in result.err
