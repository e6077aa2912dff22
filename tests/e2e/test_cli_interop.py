"""`followup import` and `followup export` as processes: what a file may not do to the database
(issue #11): formulas for a spreadsheet, the same rows imported twice, values that break later
reads, files that are not what they say."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Cli, _cli

HEADER = "company,role,interview_at,timezone,duration_minutes\n"
GOOD = (
    "Acme,Engineer,2026-12-17 10:00,Europe/London,45\n"
    "Beta,Writer,,,\n"
    '=HYPERLINK("https://evil.example"),+1+1,,,\n'
)


def companies(cli: Cli, **env: str) -> list[str]:
    return sorted(row["company"] for row in cli("list", "--json", **env).json)


def test_a_csv_imported_again_adds_nothing_and_says_so(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "apps.csv"
    sheet.write_text(HEADER + GOOD)
    first = cli("import", "--csv", str(sheet))
    assert "3 imported, 0 already there, 0 refused." in first.out
    again = cli("import", "--csv", str(sheet))
    assert again.code == 0 and "Nothing new: 3 already there." in again.out
    sheet.write_text(
        HEADER + GOOD + "  ACME , engineer ,2026-12-17 15:00,Europe/London,\nNew,Row,,,\n"
    )
    third = cli("import", "--csv", str(sheet))
    assert "1 imported, 4 already there, 0 refused." in third.out
    assert len(companies(cli)) == 4


def test_a_csv_of_which_nothing_is_imported_and_something_refused_fails(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(HEADER + "Acme,Engineer,next tuesday,,\n,No company,,,\n")
    result = cli("import", "--csv", str(sheet), ok=False)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "error: nothing imported from the CSV file (0 imported, 0 already there, 2 refused)"
    ]
    assert "line 2: interview_at 'next tuesday' is not a date" in result.out
    assert "line 3: company must not be empty" in result.out
    assert companies(cli) == []
    sheet.write_text(HEADER + GOOD)
    cli("import", "--csv", str(sheet))
    sheet.write_text(HEADER + GOOD + "Acme,Engineer,next tuesday,,\n")
    assert cli("import", "--csv", str(sheet), ok=False).code == 2  # 3 there, 1 refused


def test_a_csv_row_out_of_range_is_refused_and_the_rows_after_it_imported(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "far.csv"
    sheet.write_text(
        HEADER
        + "Far,Future,9999-12-31 23:59,Etc/GMT+12,60\n"
        + "Long,Interview,2026-12-17 10:00,UTC,999999999\n"
        + GOOD
    )
    result = cli("import", "--csv", str(sheet))
    assert "3 imported, 0 already there, 2 refused." in result.out
    assert "line 2: interview_at 9999-12-31 is out of range (years 1970 to 2100)" in result.out
    assert "line 3: duration_minutes '999999999' is longer than a day" in result.out
    assert "unexpected" not in result.out + result.err
    assert companies(cli) == ['=HYPERLINK("https://evil.example")', "Acme", "Beta"]


def test_a_csv_export_holds_no_formula_and_imports_back(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "apps.csv"
    sheet.write_text(HEADER + GOOD)
    cli("import", "--csv", str(sheet))
    cli("contacts", "list")  # nothing to do with it: the export is of applications
    exported = tmp_path / "export.csv"
    cli("export", "--csv", str(exported))
    rows = list(csv.reader(io.StringIO(exported.read_text("utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("https://evil.example")' in cells and "'+1+1" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    fresh = {"FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    cli("import", "--csv", str(exported), **fresh)
    assert companies(cli, **fresh) == companies(cli)


# -- import --json -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo data's export (made once: the tests change copies)."""
    home = tmp_path_factory.mktemp("demo")
    demo = _cli(home, None)
    demo("demo")
    demo("export", "--json", str(home / "export.json"))
    document: dict[str, Any] = json.loads((home / "export.json").read_text("utf-8"))
    return document


def _first(document: dict[str, Any], table: str, **changes: Any) -> dict[str, Any]:
    changed = json.loads(json.dumps(document))
    changed["tables"][table][0].update(changes)
    return changed


@pytest.mark.parametrize(
    ("table", "changes", "message"),
    [
        ("applications", {"stage": "hacked"}, "applications[0].stage: unknown stage 'hacked'"),
        ("steps", {"timezone": "../../etc/passwd"}, "steps[0].timezone: unknown time zone"),
        ("interviews", {"start": "0001-01-01T09:00:00Z"}, "interviews[0].start: the moment 0001"),
        ("touches", {"message_id": "<a@b>\r\nBcc: x@evil.example"}, "touches[0]: a touch's"),
    ],
)
def test_a_json_export_with_a_wrong_value_is_refused_whole(
    cli: Cli, tmp_path: Path, export: dict[str, Any], table: str, changes: dict[str, Any],
    message: str,
) -> None:  # fmt: skip
    fresh = {"FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_first(export, table, **changes)))
    result = cli("import", "--json", str(bad), ok=False, **fresh)
    assert result.code == 2 and result.err.startswith(f"error: {message}")
    assert len(result.err.strip().splitlines()) == 1
    assert cli("list", "--json", **fresh).json == []  # reads fine: nothing was stored
    good = tmp_path / "good.json"
    good.write_text(json.dumps(export))
    cli("import", "--json", str(good), **fresh)  # the database is still empty
    assert companies(cli, **fresh) == sorted(a["company"] for a in export["tables"]["applications"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "its JSON is nested too deeply"),
        ('{"format": "followup-export", "version": 1, "x": 1' + "0" * 5000 + "}", "digits"),
        ('{"format": "followup-export", "version": NaN}', "NaN is not a number JSON allows"),
        ("company,role\nAcme,Engineer\n", "it is not JSON (Expecting value"),
        ('{"format": "followup-export", "version": 1, "user": "\\ud800"}', "lone surrogate"),
    ],
)
def test_a_file_that_is_not_an_export_gets_one_clear_error(
    cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text)
    result = cli("import", "--json", str(path), ok=False)
    assert result.code == 2 and message in result.err
    assert len(result.err.strip().splitlines()) == 1 and "unexpected" not in result.err


def test_a_lone_surrogate_in_a_row_is_named(cli: Cli, tmp_path: Path, export: dict[str, Any]):
    fresh = {"FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_first(export, "applications", company="Acme \ud800")))
    assert "\\ud800" in bad.read_text()  # json.dumps writes it escaped, as another tool might
    result = cli("import", "--json", str(bad), ok=False, **fresh)
    assert result.code == 2
    assert result.err.startswith("error: applications[0].company: the text holds a lone")
    assert cli("list", "--json", **fresh).json == []
