"""`due --json` from the standard library alone (cli/fast_agenda.py, issue 17): when it answers,
the bytes are the full command's; when it cannot be sure, the full command answers, with its
output or its error and exit code; and it loads neither Typer nor the domain."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

from followup.adapters.sql.migrate import HEAD_REVISION
from followup.cli import fast_agenda
from followup.domain.values import FIRST_YEAR, LAST_YEAR

# The full command line (Typer, the settings, the domain), never the fast path.
FULL = "from followup.cli.main import run; run()"
# The fast path alone, in a fresh process: its bytes (as the entry point prints them), or
# "declined"; and whether Typer, the settings or the domain were loaded on the way.
FAST = """
import json, sys
from followup.cli import entry, fast_agenda
found = fast_agenda.agenda(sys.argv[1])
if found is None:
    print("declined")
else:
    entry.print_json(found)
loaded = [m for m in sys.modules if m == "typer" or m.startswith(
    ("followup.domain", "followup.config.settings", "followup.services", "followup.views"))]
sys.stderr.write(json.dumps(loaded))
"""

ZURICH = [
    "add", "--company", "Zürich Ünïcode AG", "--role", "Ingénieure", "--at", "2026-12-16 10:00",
    "--tz", "Europe/Zurich", "--country", "CH", "--interviewer", "Renée Noël, Leiterin",
]  # fmt: skip
SPANS = ("7d", "1h", "36h", "30d", "2w", "520w")
NOWS = ("2026-12-18T16:30:00+00:00", "2026-12-21T08:00:00+09:00", "2027-01-04T23:59:59-05:00")


def _full(cli, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", FULL, *args],
        env={**cli.env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _fast(cli, within: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", FAST, within],
        env={**cli.env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr) == [], "the fast path loaded more than the standard library"
    return done.stdout


def _varied(cli) -> None:
    """The demo, applications with unicode names whose interviewer has no address (its steps
    have `needs`), one interviewing ahead (its interview-day step is shown until its start), a
    reply that reads like an offer, a snoozed step."""
    cli("demo")
    cli(*ZURICH)
    ahead = [("2026-12-22 10:00" if a == "2026-12-16 10:00" else a) for a in ZURICH]
    cli(*ahead, "--new")  # another application, interviewing ahead
    offer = "Ihr Angebot – offer letter\nFrom: ceo@example.com"
    cli("log", "1", "--channel", "email", "--direction", "in", "--outcome", "looks-like-offer",
        "--note", offer, "--at", "2026-12-17 09:00")  # fmt: skip
    step = cli("due", "--within", "30d", "--json").json["due"][0]["id"]
    cli("snooze", str(step), "--until", "2026-12-28")


def test_the_fast_path_prints_the_full_commands_bytes(cli):
    _varied(cli)
    seen = set()
    for now in NOWS:
        for span in SPANS:
            full = _full(cli, "due", "--within", span, "--json", FOLLOWUP_NOW=now)
            assert full.returncode == 0, full.stderr
            assert _fast(cli, span, FOLLOWUP_NOW=now) == full.stdout, (now, span)
            listed = json.loads(full.stdout)
            for record in listed["overdue"] + listed["due"]:
                seen |= {("needs", record["needs"] is not None), ("status", record["status"])}
                seen.add(("kind", record["kind"]))
            for reply in listed["replies"]:
                seen |= {("flag", reply["flag"]), ("paused", reply["paused"] is not None)}
    shown = {("needs", True), ("status", "snoozed"), ("kind", "interview-day")}
    assert shown | {("flag", "offer"), ("paused", True)} <= seen
    # And through the installed command, with each spelling of the span.
    spellings = (
        ["due", "--json"],
        ["due", "--within=30d", "--json"],
        ["due", "--json", "--within", "2w"],
    )
    for args in spellings:
        assert cli(*args).out == _full(cli, *args).stdout, args
    assert "Renée Noël" in cli("due", "--within", "30d", "--json").out


def test_the_user_and_the_folders_are_read_as_the_settings_read_them(cli, tmp_path):
    _varied(cli)
    moved = tmp_path / "elsewhere.db"
    shutil.copy(cli.home / "data" / "followup" / "followup.db", moved)
    url = f"sqlite:///{moved}"
    assert _fast(cli, "7d", FOLLOWUP_DATABASE_URL=url) == _full(cli, "due", "--json").stdout
    # A user who has never written anything: the full command answers (an empty agenda).
    assert _fast(cli, "7d", FOLLOWUP_USER="nobody") == "declined\n"
    assert (
        cli("due", "--json", FOLLOWUP_USER="nobody").out
        == _full(cli, "due", "--json", FOLLOWUP_USER="nobody").stdout
    )


def test_what_it_is_not_sure_of_goes_to_the_full_command(cli):
    """No database yet, an empty store, the pipeline review to plan, a stale playbook copy,
    another setting, config.toml, a span written otherwise, PostgreSQL: declined, and the
    command prints what the full one prints."""
    assert _fast(cli, "7d") == "declined\n"  # no database yet
    first = cli("due", "--json")
    assert first.out == _full(cli, "due", "--json").stdout
    assert _fast(cli, "7d") == "declined\n"  # an empty store: the pipeline review is due
    _varied(cli)
    assert _fast(cli, "7d") != "declined\n"
    declined = {
        "another setting": ("7d", {"FOLLOWUP_SMTP_PORT": "587"}),
        "a span in capitals": ("7D", {}),
        "PostgreSQL": ("7d", {"FOLLOWUP_DATABASE_URL": "postgresql://127.0.0.1:1/none"}),
        "a SQLite URI": ("7d", {"FOLLOWUP_DATABASE_URL": "sqlite:///file:x.db?mode=ro&uri=true"}),
        "a moment without offset": ("7d", {"FOLLOWUP_NOW": "2026-12-18T16:30:00"}),
        "a moment near the edge": ("7d", {"FOLLOWUP_NOW": "1970-06-01T00:00:00+00:00"}),
    }
    for why, (span, env) in declined.items():
        assert _fast(cli, span, **env) == "declined\n", why
    user_file = cli.home / "config" / "followup" / "playbook.toml"
    user_file.parent.mkdir(parents=True, exist_ok=True)
    user_file.write_text("[rules.pipeline-review]\nbelow = 99\n")
    assert _fast(cli, "7d") == "declined\n"  # no copy kept for this playbook yet
    assert cli("due", "--json").out == _full(cli, "due", "--json").stdout  # keeps one
    assert _fast(cli, "7d") == "declined\n"  # the review is planned: 99 is more than active
    (cli.home / "config" / "followup" / "config.toml").write_text('user = "local"\n')
    user_file.unlink()
    assert _fast(cli, "7d") == "declined\n"


def test_errors_and_exit_codes_are_the_full_commands(cli):
    _varied(cli)
    for args, env in (
        (["due", "--within", "2x", "--json"], {}),
        (["due", "--json", "--verbose"], {}),
        (["due", "--json"], {"FOLLOWUP_SMTP_PORT": "not a port"}),
        (["due", "--json"], {"FOLLOWUP_NOW": "yesterday"}),
        (["due", "--json"], {"FOLLOWUP_NOW": "1900-01-01T00:00:00+00:00"}),
        (["due", "--within", "99999w", "--json"], {}),
    ):
        ours, full = cli(*args, ok=False, **env), _full(cli, *args, **env)
        assert ours.code == full.returncode != 0, args
        assert (ours.out, ours.err) == (full.stdout, full.stderr), args


def test_an_old_schema_is_migrated_by_the_full_command(cli, tmp_path):
    from alembic import command

    from followup.adapters.sql.migrate import alembic_config

    old, copy = tmp_path / "old.db", tmp_path / "copy.db"
    command.upgrade(alembic_config(url=f"sqlite:///{old}"), "0010")
    shutil.copy(old, copy)
    assert _fast(cli, "7d", FOLLOWUP_DATABASE_URL=f"sqlite:///{old}") == "declined\n"
    ours = cli("due", "--json", FOLLOWUP_DATABASE_URL=f"sqlite:///{old}")
    full = _full(cli, "due", "--json", FOLLOWUP_DATABASE_URL=f"sqlite:///{copy}")
    assert ours.code == full.returncode == 0 and ours.out == full.stdout
    with sqlite3.connect(old) as db:
        [(revision,)] = db.execute("SELECT version_num FROM alembic_version")
    assert revision == HEAD_REVISION


def test_the_head_revision_the_years_and_the_stages_are_the_applications():
    from followup.domain.model import ACTIVE_STAGES

    assert fast_agenda._head() == HEAD_REVISION
    assert set(fast_agenda._ACTIVE) == {str(stage) for stage in ACTIVE_STAGES}
    assert FIRST_YEAR <= fast_agenda.YEARS[0] <= fast_agenda.YEARS[1] <= LAST_YEAR
