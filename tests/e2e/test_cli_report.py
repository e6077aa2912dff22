"""`followup report activity` as a process on the demo data: Markdown and CSV to the terminal,
a PDF to a file (named by the period unless given), the format from the file's extension,
`--json`; bad dates, a period backwards and an unknown format refused in one line with exit 2,
writing nothing."""

from __future__ import annotations

import csv
import io
import os
import subprocess

import pypdf
import pytest

from tests.e2e.conftest import EXE

REPORT = ["report", "activity", "--from", "2026-12-01", "--to", "2026-12-31"]


@pytest.fixture
def demo(cli):
    cli("demo")
    return cli


def test_markdown_to_the_terminal_by_default(demo):
    out = demo(*REPORT).out
    lines = out.splitlines()
    assert lines[0] == "# Job search activity: Alex Morgan"
    assert lines[2].startswith("Period: 2026-12-01 to 2026-12-31 (dates in Europe/London).")
    table = [line for line in lines if line.startswith("| 2026-")]
    assert len(table) == 10
    assert all(line.startswith("| 2026-12-") for line in table)
    assert "Sol y Mar" not in out  # its interview, steps and rejection were in November


def test_csv_to_the_terminal_and_to_a_file(demo, tmp_path):
    november = demo("report", "activity", "--from", "2026-11-01", "--to", "2026-11-30",
                    "--format", "csv").out  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(november)))
    assert [(r["Date"], r["What happened"]) for r in rows] == [
        ("2026-11-18", "Interview (round 1)"),
        ("2026-11-19", "Thank-you note, sent"),
        ("2026-11-28", "Rejected"),
        ("2026-11-30", "Asked for feedback, sent"),
    ]
    target = tmp_path / "december.csv"
    done = demo(*REPORT, "--output", str(target))  # the format from the extension
    assert done.out == f"Wrote 10 entries to {target}.\n"
    assert len(list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))) == 10
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"


def test_pdf_to_a_file_named_by_the_period_in_the_current_folder(demo):
    here = demo.home / "here"
    here.mkdir()
    done = subprocess.run(
        [EXE, *REPORT, "--format", "pdf"], env=demo.env, cwd=here, capture_output=True, text=True
    )
    written = here / "activity-2026-12-01-to-2026-12-31.pdf"
    assert (done.returncode, done.stdout) == (0, f"Wrote 10 entries to {written.name}.\n")
    pages = pypdf.PdfReader(written).pages
    assert "Alex Morgan" in pages[0].extract_text()


def test_json(demo):
    found = demo(*REPORT, "--json").json
    assert (found["name"], found["from"], found["to"]) == (
        "Alex Morgan",
        "2026-12-01",
        "2026-12-31",
    )
    assert len(found["entries"]) == 10
    assert found["entries"][-1]["what"] == "Offer received"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from '2026-13-01' is not a date"),
        (["--from", "2026-12-01", "--to", "soon"], "--to 'soon' is not a date"),
        (["--from", "2026-12-31", "--to", "2026-12-01"], "starts (2026-12-31) after it ends"),
        ([*REPORT[2:], "--format", "docx"], "unknown --format 'docx'"),
        ([*REPORT[2:], "--json", "--format", "csv"], "--json prints the record"),
    ],
)
def test_bad_input_is_one_line_and_exit_2_writing_nothing(demo, args, message):
    before = sorted(demo.home.iterdir())
    result = demo("report", "activity", *args, "--output", str(demo.home / "x.pdf"), ok=False)
    assert result.code == 2, result.err
    assert result.err.startswith("error: ") and message in result.err
    assert len(result.err.splitlines()) == 1 and result.out == ""
    assert sorted(demo.home.iterdir()) == before
