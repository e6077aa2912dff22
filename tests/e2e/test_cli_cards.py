"""`followup card`: shows what it read, saves only with --save."""

from pathlib import Path

import pytest

from tests.cards import generate
from tests.e2e.cli_cases import ACME
from tests.ocr import needs_ocr

pytestmark = needs_ocr


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory):
    [one] = generate(Path(tmp_path_factory.mktemp("card")), 1, seed=7)
    return one


def test_card_shows_fields_and_saves_nothing_without_save(cli, card):
    cli("init", "--name", "Alex", "--tz", "Europe/London", "--country", "GB-ENG")
    app_id = cli(*ACME).json["application"]["id"]
    before = len(cli("contacts", "list", "--json").json)
    found = cli("card", str(card.path), "--app", str(app_id), "--json").json["fields"]
    assert found["email"]["value"] == card.fields["email"]
    assert 0 < found["email"]["confidence"] <= 1
    assert "nothing saved" in cli("card", str(card.path)).out
    assert len(cli("contacts", "list", "--json").json) == before


def test_card_save_attaches_one_contact_to_the_application(cli, card):
    cli("init", "--name", "Alex", "--tz", "Europe/London", "--country", "GB-ENG")
    app_id = cli(*ACME).json["application"]["id"]
    saved = cli(
        "card", str(card.path), "--save", "--app", str(app_id), "--relation", "hr", "--json"
    ).json["contact"]
    assert (saved["application_id"], saved["relation"]) == (app_id, "hr")
    assert saved["email"] == card.fields["email"]
    contacts = cli("contacts", "list", "--json").json
    assert [c["email"] for c in contacts if c["application_id"] == app_id][-1] == saved["email"]
    assert len(contacts) == 2


def test_card_save_needs_an_application_and_a_readable_image(cli, card, tmp_path):
    result = cli("card", str(card.path), "--save", ok=False)
    assert result.code == 2 and "--save needs --app" in result.err
    result = cli("card", str(tmp_path / "missing.png"), ok=False)
    assert result.code == 2 and "no such file" in result.err
