"""`followup contacts import|export` with other tools: address books as real tools export
them go in (tests/data/vcards/), and what followup writes is read by vobject and by khard."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import vobject

from followup.adapters import vcard
from followup.domain.values import Region
from tests.address_books import BOOKS
from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

ADDRESS_BOOK = Path(__file__).parents[1] / "data" / "address_book.vcf"
ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-17 13:00",
       "--tz", "Europe/London", "--json"]  # fmt: skip
KHARD = str(Path(sys.executable).with_name("khard"))


def test_import_then_export_keeps_every_card(any_cli: Cli, tmp_path: Path) -> None:
    any_cli(*PROFILE)
    app_id = str(any_cli(*ADD).json["application"]["id"])
    added = any_cli("contacts", "import", str(ADDRESS_BOOK), "--app", app_id, "--relation",
                    "helper", "--country", "GB", "--json").json  # fmt: skip
    assert [c["name"] for c in added][2] == "山田 太郎"
    assert {c["relation"] for c in added} == {"helper"}
    out = tmp_path / "out.vcf"
    any_cli("contacts", "export", "-o", str(out), "--app", app_id)
    cards = vcard.parse(ADDRESS_BOOK.read_bytes(), region=Region("GB")).contacts
    back = vcard.parse(out.read_bytes()).contacts
    assert [_no_uid(c.details) for c in back] == [_no_uid(c.details) for c in cards]
    assert [c.name for c in back] == [c.name for c in cards]


def _no_uid(details: Any) -> list[Any]:
    return [d for d in details if not d.value.startswith("UID:")]


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A contact's record without what differs between two copies: ids, its UID."""
    kept = {k: v for k, v in record.items() if k not in ("id", "application_id", "card")}
    return {**kept, "details": [d for d in record["details"] if not d["value"].startswith("UID:")]}


def test_every_address_book_goes_in_and_comes_out_for_vobject_and_khard(
    cli: Cli, tmp_path: Path
) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD, "--country", "GB").json["application"]["id"])
    names: list[str] = []
    for book in BOOKS:  # no --country: phones without a prefix read in the application's
        done = cli("contacts", "import", str(book.path), "--app", app_id, "--json")
        assert [c["name"] for c in done.json] == list(book.names), book.file
        skipped = [line for line in done.err.splitlines() if " skipped: " in line]
        assert [int(line.split()[1]) for line in skipped] == list(book.skipped), book.file
        names += book.names
    emails = {e for book in BOOKS for e in book.emails if e}
    phones = {p for book in BOOKS for p in book.phones if p}

    whole = tmp_path / "all.vcf"
    cli("contacts", "export", "-o", str(whole), "--app", app_id)
    lines = whole.read_bytes().split(b"\r\n")
    assert max(len(line) for line in lines) == 75  # folded at 75 octets, photos too,
    assert all(line.decode("utf-8") for line in lines[:-1])  # never inside a character
    text = whole.read_bytes().decode("utf-8")
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == names
    uids = [c.uid.value for c in cards]
    assert len(set(uids)) == len(names) and all(uids)
    assert {e.value for c in cards for e in c.contents.get("email", [])} >= emails
    assert {t.value for c in cards for t in c.contents.get("tel", [])} >= phones

    other = str(cli(*ADD, "--country", "GB", "--new").json["application"]["id"])
    again = cli("contacts", "import", str(whole), "--app", other, "--json").json
    first = [
        c for c in cli("contacts", "list", "--json").json if c["application_id"] == int(app_id)
    ]
    assert [_comparable(c) for c in again] == [_comparable(c) for c in first]  # nothing lost

    folder = tmp_path / "split"
    exported = cli("contacts", "export", "--split", str(folder), "--app", app_id, "--json").json
    assert exported["contacts"] == len(names) and exported["file"] is None
    files = sorted(folder.glob("*.vcf"))
    assert len(files) == len(names) == len(set(exported["files"]))
    assert all(f.read_text("utf-8").count("BEGIN:VCARD") == 1 for f in files)
    assert all(re.fullmatch(r"[a-z0-9-]+-\d+\.vcf", f.name) for f in files)
    assert folder.stat().st_mode & 0o777 == 0o700  # private, as every file followup writes
    assert {f.stat().st_mode & 0o777 for f in files} == {0o600}

    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[followup]]\npath = {folder}\n"
        "[contact table]\ndisplay = formatted_name\n"
    )
    listed = _khard(config, "list", "--parsable")
    assert "no UID" not in listed.stderr and "same UID" not in listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines() if "\t" in line]
    assert sorted(name for _, name, _ in rows) == sorted(names)  # no card hidden
    assert sorted(uid for uid, _, _ in rows) == sorted(uids)
    found = _khard(config, "email", "--parsable").stdout.splitlines()
    assert {line.split("\t")[0] for line in found if "\t" in line} >= emails
    found = _khard(config, "phone", "--parsable").stdout.splitlines()
    assert {line.split("\t")[0] for line in found if "\t" in line} >= phones
    shown = _khard(config, "show", "--format", "yaml", "Mr. John Richter").stdout
    assert "Formatted name: Mr. John Richter, James Doe Sr." in shown  # the commas kept
    shown = _khard(config, "show", "--format", "yaml", "Layla Haddad").stdout
    assert "Assistant (Dana): +1 617 555 0188" in shown  # an Apple label, read as one


def _khard(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(config.parent), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [KHARD, "-c", str(config), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_uids_stay_the_same_from_one_export_to_the_next(cli: Cli, tmp_path: Path) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD, "--country", "GB").json["application"]["id"])
    cli("contacts", "import", str(ADDRESS_BOOK), "--app", app_id)

    def uids() -> dict[str, str]:
        out = tmp_path / "out.vcf"
        cli("contacts", "export", "-o", str(out))
        return {c.fn.value: c.uid.value for c in vobject.readComponents(out.read_text("utf-8"))}

    first = uids()
    assert first["Dr. Chloé Marie Ångström-Núñez PhD"] == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
    cli("contacts", "edit", "4", "--name", "Jean-Luc Dupont")
    cli("add", "--company", "Beta", "--role", "Analyst", "--at", "2026-12-19 10:00",
        "--tz", "Europe/London", "--interviewer", "Zoë Ng, CTO, zoe@beta.example")  # fmt: skip
    second = uids()
    assert second.pop("Jean-Luc Dupont") == first.pop("Jean Dupont")
    assert second.pop("Zoë Ng") not in first.values()
    assert second == first
