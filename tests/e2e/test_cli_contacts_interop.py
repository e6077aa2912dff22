"""`followup contacts import|export`: an address book in, the same cards out; all or nothing."""

from __future__ import annotations

from pathlib import Path

from followup.adapters import vcard
from tests.e2e.cli_cases import PROFILE

ADDRESS_BOOK = Path(__file__).parents[1] / "data" / "address_book.vcf"
ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-17 13:00",
       "--tz", "Europe/London", "--json"]  # fmt: skip


def test_import_then_export_keeps_every_card(any_cli, tmp_path: Path) -> None:
    any_cli(*PROFILE)
    app_id = str(any_cli(*ADD).json["application"]["id"])
    added = any_cli("contacts", "import", str(ADDRESS_BOOK), "--app", app_id, "--relation",
                    "helper", "--json").json  # fmt: skip
    assert [c["name"] for c in added][2] == "山田 太郎"
    assert {c["relation"] for c in added} == {"helper"}
    out = tmp_path / "out.vcf"
    any_cli("contacts", "export", "-o", str(out), "--app", app_id)
    cards = vcard.parse(ADDRESS_BOOK.read_text("utf-8"))
    back = vcard.parse(out.read_text("utf-8"))
    assert [c.details for c in back] == [c.details for c in cards]
    assert [c.name for c in back] == [c.name for c in cards]


def test_a_bad_card_refuses_the_whole_file(cli, tmp_path: Path) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    bad = tmp_path / "bad.vcf"
    bad.write_text(
        ADDRESS_BOOK.read_text("utf-8")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:nope\r\nEND:VCARD\r\n"
    )
    result = cli("contacts", "import", str(bad), "--app", app_id, ok=False)
    assert result.code != 0 and result.err.startswith("error: card 5: email address")
    assert cli("contacts", "list", "--json").json == []
