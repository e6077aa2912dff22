"""`followup contacts import` as a process: a card that would exhaust the reader, or that is not
a contact, is skipped and reported by its number while the others are imported (issue #11,
#13); a file with nothing to import is one clear error; `--dry-run` writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.address_books import FOLDER
from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-17 13:00",
       "--tz", "Europe/London", "--json"]  # fmt: skip
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"
TAKEOUT = FOLDER / "google_takeout_email_only.vcf"


def _names(cli: Cli) -> list[str]:
    return [c["name"] for c in cli("contacts", "list", "--json").json]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            CARD + "BEGIN:VCARD\r\n" * 5000 + "END:VCARD\r\n" * 5000,
            "card 2 skipped: cards nested more than 3 deep",
        ),
        (
            CARD
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
            + "\r\n ".join(["A" * 74] * 540_541)
            + "\r\nEND:VCARD\r\n",
            "card 2 skipped: its PHOTO is too long (40,000,034 characters; at most 5,000,000)",
        ),
    ],
)
def test_a_card_too_big_or_too_deep_is_skipped_and_the_others_imported(
    cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    cards = tmp_path / "cards.vcf"
    cards.write_text(text, "utf-8", newline="")
    result = cli("contacts", "import", str(cards), "--app", app_id)
    assert result.out.splitlines() == [
        f"Imported 1 contact(s) into application {app_id}; 1 card(s) skipped.",
        f"  {message}",
    ]
    assert _names(cli) == ["Ann Lee"]


def test_a_file_with_nothing_to_import_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    cards = tmp_path / "cards.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "a" * 1_000_000 + "\r\nEND:VCARD\r\n")
    result = cli("contacts", "import", str(cards), "--app", app_id, ok=False)
    assert result.code == 2 and result.err.strip().splitlines() == [
        "error: nothing imported: card 1: a contact's name is too long "
        "(1,000,000 characters; at most 300)"
    ]
    cards.write_text("this is a letter, not an address book\n")
    result = cli("contacts", "import", str(cards), "--app", app_id, "--json", ok=False)
    assert result.code == 2 and result.err.startswith("error: not a vCard file") and not result.out
    assert _names(cli) == []


def test_a_bad_card_is_skipped_with_its_number_and_why(cli: Cli, tmp_path: Path) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    cards = tmp_path / "cards.vcf"
    cards.write_text(CARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:nope\r\nEND:VCARD\r\n")
    result = cli("contacts", "import", str(cards), "--app", app_id, "--json")
    [added] = result.json
    assert (added["name"], added["card"], added["id"]) == ("Ann Lee", 1, 1)
    [line] = result.err.splitlines()  # stdout holds the JSON, so the report goes to stderr
    assert line.startswith("card 2 skipped: email address 'nope' does not parse")
    assert _names(cli) == ["Ann Lee"]


def _everything(cli: Cli, path: Path) -> dict[str, object]:
    cli("export", "--json", str(path))
    document: dict[str, object] = json.loads(path.read_text("utf-8"))
    return document


def test_a_dry_run_says_what_would_be_imported_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    before = _everything(cli, tmp_path / "before.json")
    shown = cli("contacts", "import", str(TAKEOUT), "--app", app_id, "--dry-run")
    lines = shown.out.splitlines()
    assert lines[0] == (
        f"Would import 3 contact(s) into application {app_id}; 1 card(s) skipped. "
        "Nothing was written."
    )
    assert any("Jane Doe" in line and "jane.doe@adventure-works" in line for line in lines)
    assert lines[-3:] == [
        "  card 4 skipped: it has no name (FN or N), organisation or email to name it by",
        "  card 2: named 'Jane Doe' after its email (it has no name)",
        "  card 3: named 'Talent Acquisition' after its email (it has no name)",
    ]
    records = cli("contacts", "import", str(TAKEOUT), "--app", app_id, "--dry-run", "--json")
    assert [(r["id"], r["card"], r["name"]) for r in records.json] == [
        (None, 1, "Grace Hopper"), (None, 2, "Jane Doe"), (None, 3, "Talent Acquisition")
    ]  # fmt: skip
    assert records.err.splitlines()[0].startswith("card 4 skipped: it has no name")
    assert _everything(cli, tmp_path / "after.json") == before
    done = cli("contacts", "import", str(TAKEOUT), "--app", app_id, "--json").json
    assert [(r["card"], r["name"]) for r in done] == [(r["card"], r["name"]) for r in records.json]
    assert _everything(cli, tmp_path / "then.json") != before
