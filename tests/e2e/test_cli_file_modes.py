"""Every file followup writes is its owner's only (0600), and so is every folder it creates for
them (0700): the database and SQLite's own -wal and -shm files, the job queue, backups,
exports, the calendar, letters, .eml files and config.toml, whatever the umask lets others
read."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.config import settings, user_files
from tests.e2e.cli_cases import editor

ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-18 13:00",
       "--tz", "Europe/London", "--country", "GB-ENG",
       "--interviewer", "Priya Shah, Head of Data"]  # fmt: skip


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The usual umask (022: files 0644, folders 0755 unless made private), which the
    commands inherit."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_its_wal_and_shm_and_its_folder_are_private(cli):
    cli("demo")
    folder = cli.home / "data" / "followup"
    assert mode(folder) == 0o700
    assert mode(cli.home / "data") == 0o755  # a parent is not followup's own
    # A reader holds the database open, so the -wal and -shm files outlive the command.
    reader = sqlite3.connect(folder / "followup.db")
    try:
        reader.execute("SELECT count(*) FROM applications").fetchall()
        cli(*ADD)
        files = {path.name: mode(path) for path in cli.sqlite_files}
    finally:
        reader.close()
    assert files == {"followup.db": 0o600, "followup.db-shm": 0o600, "followup.db-wal": 0o600}


def test_the_job_queue_is_private(cli):
    cli("worker", "--once")
    queue = cli.home / "data" / "followup" / "jobs.db"
    assert mode(queue.parent) == 0o700
    found = sorted(queue.parent.glob("jobs.db*"))
    assert found and {path.name: mode(path) for path in found} == {
        path.name: 0o600 for path in found
    }


def test_backups_exports_and_the_calendar_are_private(cli, tmp_path):
    cli("demo")
    out = tmp_path / "out"
    out.mkdir()
    cli("backup", str(out / "copy.db"))
    cli("export", "--json", str(out / "all.json"))
    cli("export", "--csv", str(out / "applications.csv"))
    cli("contacts", "export", "-o", str(out / "contacts.vcf"))
    cli("calendar", "export", "-o", str(out / "plan.ics"))
    written = {path.name: mode(path) for path in out.iterdir()}
    assert written == {
        "copy.db": 0o600, "all.json": 0o600, "applications.csv": 0o600,
        "contacts.vcf": 0o600, "plan.ics": 0o600,
    }  # fmt: skip
    # Replacing an existing file leaves it private too (and writes nothing else beside it).
    (out / "all.json").chmod(0o644)
    cli("export", "--json", str(out / "all.json"))
    assert mode(out / "all.json") == 0o600 and len(list(out.iterdir())) == 5


def test_a_letter_is_private(cli, tmp_path):
    cli("init", "--name", "Alex Morgan", "--email", "alex@example.org", "--address",
        "12 Willow Lane\nLondon N1 7AB",
        "--tz", "Europe/London", "--country", "GB-ENG")  # fmt: skip
    [letter] = [s for s in cli(*ADD, "--json").json["steps"] if s["kind"] == "thank-you"]
    contact = letter["recipients"][0]["contact_id"]
    # With her postal address known (and no email), the thank-you is a letter.
    cli("contacts", "edit", str(contact), "--address", "1 Data Street\nLondon EC1A 1AA")
    cli("letter", str(letter["id"]), "-o", str(tmp_path / "thanks.pdf"))
    assert mode(tmp_path / "thanks.pdf") == 0o600


def test_an_eml_file_and_its_folder_are_private(cli):
    cli("init", "--name", "Alex Morgan", "--email", "alex@example.org", "--tz", "Europe/London",
        "--country", "GB-ENG")  # fmt: skip
    emailed = [*ADD[:-1], "Priya Shah, Head of Data, priya@acme.example", "--json"]
    [mail] = [s for s in cli(*emailed).json["steps"] if s["kind"] == "thank-you"]
    sent = cli("send", str(mail["id"]), "--yes", "--json").json  # no SMTP server: an .eml file
    eml = Path(sent["file"])
    assert (mode(eml), mode(eml.parent)) == (0o600, 0o700)


def test_config_toml_and_its_folder_are_private(tmp_path):
    environ = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    saved = user_files.save_settings(settings.load(environ), {"smtp_host": "mail.example"})
    assert saved["smtp_host"] == "mail.example"
    assert mode(tmp_path / "config" / "followup") == 0o700
    assert mode(tmp_path / "config" / "followup" / "config.toml") == 0o600


def test_an_edited_template_and_its_folder_are_private(cli, tmp_path):
    mark = 'text = text.replace("{% block subject %}", "{% block subject %}[own] ", 1)'
    kept = cli(
        "templates", "edit", "thank-you.email.formal", "--json", EDITOR=editor(cli, tmp_path, mark)
    ).json
    path = Path(kept["path"])
    assert "[own]" in path.read_text()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
