"""`followup contacts import` as a process: a vCard file that would exhaust the reader is one
clear error, and nothing is added (issue #11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli_cases import PROFILE
from tests.e2e.conftest import Cli

ADD = ["add", "--company", "Acme", "--role", "Analyst", "--at", "2026-12-17 13:00",
       "--tz", "Europe/London", "--json"]  # fmt: skip
CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            CARD + "BEGIN:VCARD\r\n" * 5000 + "END:VCARD\r\n" * 5000,
            "error: card 2: cards nested more than 3 deep",
        ),
        (
            CARD
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
            + "\r\n ".join(["A" * 74] * 540_541)
            + "\r\nEND:VCARD\r\n",
            "error: card 2: its PHOTO is too long (40,000,034 characters; at most 5,000,000)",
        ),
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + "a" * 1_000_000 + "\r\nEND:VCARD\r\n",
            "error: card 1: a contact's name is too long (1,000,000 characters; at most 300)",
        ),
    ],
)
def test_a_card_too_big_or_too_deep_is_refused_in_one_line(
    cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    cli(*PROFILE)
    app_id = str(cli(*ADD).json["application"]["id"])
    cards = tmp_path / "cards.vcf"
    cards.write_text(text, "utf-8", newline="")
    result = cli("contacts", "import", str(cards), "--app", app_id, ok=False)
    assert result.code == 2 and result.err.strip().splitlines() == [message]
    assert [c["name"] for c in cli("contacts", "list", "--json").json] == []
