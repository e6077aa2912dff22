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

from tests.e2e.cli_cases import PROFILE
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


# -- other trackers' exports, a preview, a file for Excel (issue #13) --------------------------

TRACKERS = Path(__file__).parents[1] / "data" / "trackers"


@pytest.mark.parametrize(
    ("name", "stages"),
    [
        ("huntr", ["applied", "applied", "applied", "interviewing", "offer", "rejected"]),
        (
            "jobsync",
            ["applied", "applied", "applied", "closed", "interviewing", "offer", "rejected"],
        ),
        ("simplify", ["applied", "applied", "closed", "interviewing", "interviewing", "rejected"]),
        ("teal", ["applied", "applied", "applied", "closed", "interviewing", "rejected"]),
    ],
)
def test_each_trackers_export_imports_with_its_stages(
    cli: Cli, name: str, stages: list[str]
) -> None:
    result = cli("import", "--csv", str(TRACKERS / f"{name}.csv"))
    assert f"{len(stages)} imported, 0 already there, 0 refused." in result.out
    assert sorted(row["stage"] for row in cli("list", "--json").json) == stages


def test_a_dry_run_shows_the_mapping_and_leaves_the_database_as_it_was(
    cli: Cli, tmp_path: Path
) -> None:
    import hashlib

    cli("import", "--csv", str(TRACKERS / "teal.csv"))  # something there already

    def database() -> list[str]:
        return [hashlib.sha256(f.read_bytes()).hexdigest() for f in cli.sqlite_files]

    before = database()
    huntr = str(TRACKERS / "huntr.csv")
    preview = cli("import", "--csv", huntr, "--dry-run")
    lines = preview.out.splitlines()
    first = lines.index("Columns:")  # after what the progress bar left
    assert lines[first + 1 : first + 4] == [
        "  title -> role",
        '  url -> notes, as "url: ..."',
        "  companyName -> company",
    ]
    assert "  color -> ignored: not a column followup knows" in lines
    assert '  createdAt -> notes, as "createdAt: ..." (a date, as YYYY-MM-DD)' in lines
    assert "Dry run, nothing written: 6 would be imported, 0 already there, 0 refused." in lines
    assert database() == before and len(cli("list", "--json").json) == 6
    assert "6 imported, 0 already there, 0 refused." in cli("import", "--csv", huntr).out
    again = cli("import", "--csv", huntr, "--dry-run")
    assert "0 would be imported, 6 already there, 0 refused." in again.out
    bad = tmp_path / "bad.csv"
    bad.write_text("Company Name,Job Title,Status\n,Engineer,Applied\n")
    refused = cli("import", "--csv", str(bad), "--dry-run", ok=False)
    assert refused.code == 2 and "line 2: company must not be empty" in refused.out
    assert refused.err.startswith("error: nothing would be imported from the CSV file")
    assert len(cli("list", "--json").json) == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "--json", "x.json", "--dry-run"), "--dry-run goes with --csv FILE"),
        (("export", "--json", "x.json", "--excel"), "--excel goes with --csv FILE"),
    ],
)
def test_a_csv_flag_without_csv_is_refused(cli: Cli, args: tuple[str, ...], message: str):
    result = cli(*args, ok=False)
    assert result.code == 2 and result.err.strip() == f"error: {message}"


PEOPLE = (
    "company,role,interview_at,timezone,interviewer,interviewer_phone,notes\n"
    "Müller & Søn,Ingénieure,2026-12-17 10:00,Europe/Berlin,Zoë Ramírez,+49 30 901820,"
    '"Café, then the office"\n'
    "Łódź Software House,Dev,2026-12-18 14:30,Europe/Warsaw,Jürgen Weiß,+44 20 7946 0958,"
    "-5% travel\n"
    '=HYPERLINK("https://evil.example"),@SUM(1),,,,,+1+1\n'
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_an_export_for_excel_reads_the_same_in_pythons_csv_and_in_pandas(
    cli: Cli, tmp_path: Path
) -> None:
    import pandas
    import phonenumbers

    sheet = tmp_path / "people.csv"
    sheet.write_text(PEOPLE, "utf-8")
    cli("import", "--csv", str(sheet))
    exported = tmp_path / "for-excel.csv"
    cli("export", "--csv", str(exported), "--excel")
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcompany,role,")  # the BOM by which Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    frame = pandas.read_csv(exported, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(rows[0])  # pandas takes the BOM off the first header too
    assert frame.to_dict("records") == rows
    by_company = {row["company"]: row for row in rows}
    assert set(by_company) == {
        "Müller & Søn",
        "Łódź Software House",
        '\'=HYPERLINK("https://evil.example")',
    }
    mueller, lodz = by_company["Müller & Søn"], by_company["Łódź Software House"]
    assert (mueller["role"], mueller["interviewer"]) == ("Ingénieure", "Zoë Ramírez")
    assert lodz["interviewer_phone"] == "tel:+44-20-7946-0958"  # text to a spreadsheet
    assert (
        phonenumbers.format_number(
            phonenumbers.parse(lodz["interviewer_phone"]), phonenumbers.PhoneNumberFormat.E164
        )
        == "+442079460958"
    )
    assert lodz["notes"] == "'-5% travel"
    starts = pandas.to_datetime(frame["interview_at"], format="%Y-%m-%d %H:%M", errors="coerce")
    assert sorted(str(t) for t in starts.dropna()) == ["2026-12-17 10:00:00", "2026-12-18 14:30:00"]
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert not [c for c in frame.to_numpy().ravel() if str(c).startswith(FORMULA_STARTS)]
    fresh = {"FOLLOWUP_DATABASE_URL": f"sqlite:///{tmp_path}/fresh.db"}
    assert "3 imported" in cli("import", "--csv", str(exported), **fresh).out
    again = tmp_path / "again.csv"
    cli("export", "--csv", str(again), "--excel", **fresh)
    assert again.read_bytes() == raw


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


def test_the_day_applied_and_the_rounds_travel_in_csv_and_json(cli: Cli, tmp_path: Path) -> None:
    import pandas

    cli(*PROFILE)
    quillon = cli(
        "add", "--company", "Quillon", "--role", "Data Engineer", "--at", "2026-12-14 10:00",
        "--interviewer", "Priya Shah, priya@quillon.example", "--applied", "2026-12-01", "--json",
    ).json["application"]["id"]  # fmt: skip
    cli("add", "--app", str(quillon), "--at", "2026-12-21 14:00", "--interviewer", "Priya Shah",
        "--interviewer", "Tom Reed, CTO")  # fmt: skip
    cli("add", "--company", "Beta", "--role", "Writer", "--applied", "2026-12-07")
    sheet = tmp_path / "apps.csv"
    cli("export", "--csv", str(sheet))
    frame = pandas.read_csv(sheet, dtype=str, keep_default_na=False)
    assert list(frame["applied_at"]) == ["2026-12-01", "2026-12-07"]
    assert list(frame["interview_at"]) == ["2026-12-21 14:00", ""]  # the latest round
    # Read back into another database: the day applied is the field, not a line of the notes.
    other = _cli(tmp_path / "other", None)
    other(*PROFILE)
    assert "2 imported" in other("import", "--csv", str(sheet)).out
    assert [r["applied_at"] for r in other("list", "--json").json] == ["2026-12-01", "2026-12-07"]
    for row in other("list", "--json").json:
        assert not other("show", str(row["id"]), "--json").json["notes"]  # no "Date Applied:"
    # The JSON export restores the rounds, who was met at each and the day applied.
    dump = tmp_path / "all.json"
    cli("export", "--json", str(dump))
    tables = json.loads(dump.read_text())["tables"]
    assert len(tables["interview_people"]) == 3  # Priya at both rounds, Tom at the second
    fresh = _cli(tmp_path / "fresh", None)
    fresh("import", "--json", str(dump))
    shown = [c("show", str(quillon), "--json").json for c in (cli, fresh)]
    assert shown[0] == shown[1] and shown[1]["applied_at"] == "2026-12-01"
