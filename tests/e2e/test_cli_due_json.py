"""`due --json` and `today --json` read open steps straight from their rows into records: what
they print must be, to the byte, what the domain path gives (the agenda's Steps as records).
And each command loads only its own module."""

from __future__ import annotations

import json
import subprocess
import sys

from followup.cli.main import COMMANDS, module_commands

# The domain path, in a process with the same settings: Steps built from the rows, then records.
DOMAIN_PATH = """
import json, sys
from followup import services
from followup import views
from followup.input import parse
from followup.cli.context import current

app = current()
if sys.argv[1] == "today":
    agenda = services.agenda.today(app.store, app.playbook, app.now())
else:
    agenda = services.agenda.agenda(app.store, app.playbook, app.now(), parse.span(sys.argv[1]))
data = {
    "overdue": [views.step_record(s) for s in agenda.overdue],
    "due": [views.step_record(s) for s in agenda.due],
    "replies": [views.reply_record(r) for r in agenda.replies],
}
sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\\n")
"""

# The command in a process (through `followup.cli.<entry>.run`) that then names the command
# modules, Rich and Typer it loaded.
LOADED = """
import importlib, json, sys
run = importlib.import_module(f"followup.cli.{sys.argv[1]}").run
sys.argv = ["followup", *sys.argv[2:]]
try:
    run()
except SystemExit:
    pass
shown = sorted(m for m in sys.modules if m.startswith("followup.cli.") or m in ("rich", "typer"))
print(json.dumps(shown))
"""


def _loaded(cli, entry: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, entry, *args],
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


TOKYO = [
    "add", "--company", "東京テック", "--role", "Data Engineer", "--at", "2026-12-16 10:00",
    "--tz", "Asia/Tokyo", "--country", "JP",
    "--interviewer", "Aiko Tanaka, Lead, aiko@tokyo.example",
    "--promise", "the design doc -> Aiko Tanaka",
]  # fmt: skip


def _domain_path(cli, window: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", DOMAIN_PATH, window],
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_due_and_today_as_json_are_the_domain_paths_records(any_cli):
    any_cli("demo")
    any_cli(*TOKYO)
    for args, window in (
        (["due", "--json"], "7d"),
        (["due", "--within", "30d", "--json"], "30d"),
        (["due", "--within", "1h", "--json"], "1h"),
        (["today", "--json"], "today"),
    ):
        shown = any_cli(*args).out
        assert shown == _domain_path(any_cli, window), args
        listed = json.loads(shown)
        assert listed["overdue"] and listed["replies"]
    assert len(json.loads(any_cli("due", "--within", "30d", "--json").out)["due"]) > 3


def test_a_command_loads_only_its_own_module(cli):
    cli("demo")
    assert _loaded(cli, "main", "due", "--json") == [
        "followup.cli.agenda",
        "followup.cli.context",
        "followup.cli.entry",
        "followup.cli.main",
        "followup.cli.output",
        "followup.cli.screen",
        "followup.cli.steps",
        "typer",
    ]
    assert "followup.cli.applications" in _loaded(cli, "main", "list", "--json")


def test_the_agenda_as_json_is_answered_without_typer(cli):
    cli("demo")
    # `due --json` from the standard library alone (cli/fast_agenda.py); `today --json` here.
    for args in (["due", "--json"], ["due", "--within=30d", "--json"]):
        assert _loaded(cli, "entry", *args) == ["followup.cli.entry", "followup.cli.fast_agenda"]
    assert _loaded(cli, "entry", "today", "--json") == [
        "followup.cli.context",
        "followup.cli.entry",
    ]
    # Any other spelling goes to the full command line, which answers it the same way.
    assert "typer" in _loaded(cli, "entry", "due", "--json", "--help")
    assert "typer" in _loaded(cli, "entry", "due", "--within", "7d", "--verbose")
    full = subprocess.run(
        [sys.executable, "-c", "from followup.cli.main import run; run()", "due", "--json"],
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert full.returncode == 0 and full.stdout == cli("due", "--json").out


def test_the_agenda_for_people_is_answered_without_typer_or_rich(cli):
    """`today` and `due` as lines: in a pipe, neither Typer nor Rich is loaded, and the full
    command line prints the same bytes."""
    cli("demo")
    cli(*TOKYO)
    for args in (["due"], ["due", "--within=30d"], ["due", "--within", "1h"], ["today"]):
        assert _loaded(cli, "entry", *args) == [
            "followup.cli.agenda",
            "followup.cli.context",
            "followup.cli.entry",
            "followup.cli.screen",
        ]
        full = subprocess.run(
            [sys.executable, "-c", "from followup.cli.main import run; run()", *args],
            env=cli.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert full.returncode == 0 and full.stdout == cli(*args).out, args
    assert "Overdue" in cli("due", "--within", "30d").out


def test_the_agenda_fast_path_fails_as_the_full_one_does(cli):
    fast = cli("due", "--within", "2x", "--json", ok=False)
    full = cli("due", "--within", "2x", ok=False)
    assert fast.code == full.code == 2
    assert fast.err == full.err == "error: --within '2x' is not a span like 36h, 7d or 2w\n"


def test_the_table_of_commands_is_what_the_modules_define():
    defined = {
        name: module for module in set(COMMANDS.values()) for name in module_commands(module)
    }
    assert defined == COMMANDS


def test_help_lists_every_command_and_a_typo_is_still_named(cli):
    shown = cli("--help").out
    for name in COMMANDS:
        assert f" {name} " in shown, name
    typo = cli("dur", ok=False)
    assert typo.code == 2
    assert typo.err == "error: No such command 'dur'. Did you mean 'due'?\n"
