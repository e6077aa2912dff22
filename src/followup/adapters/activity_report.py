"""The record of the search (domain/activity.py) as a file for whoever asks: a PDF through the
letters' machinery (weasyprint; A4 or US Letter by the job seeker's country, turned landscape
for seven columns; the table splits over pages, its header repeated on each), CSV (a header
row, every cell guarded against spreadsheet formulas as `adapters/spreadsheet` does) or a
Markdown table. All user text is escaped for the format it goes into."""

from __future__ import annotations

import csv
import io
import re
from html import escape

from followup.adapters.letters import layout_for
from followup.adapters.spreadsheet import neutralised
from followup.domain.activity import COLUMNS, Entry, Record
from followup.domain.dates import written_date

FORMATS = ("md", "csv", "pdf")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8"}
MEDIA_TYPES["pdf"] = "application/pdf"
TITLE = "Job search activity"


def file_name(record: Record, kind: str) -> str:
    """`activity-2026-11-01-to-2026-11-30.pdf`"""
    period = record.period
    return f"activity-{period.first.isoformat()}-to-{period.last.isoformat()}.{kind}"


def summary(record: Record) -> str:
    """One line: how much the record holds."""
    entries = len(record.entries)
    return (
        f"{record.applications} application(s) made, {entries} entr{'y' if entries == 1 else 'ies'}"
        f", {record.employers} employer(s)."
    )


def _period(record: Record, written: bool) -> str:
    period = record.period
    if written:
        first, last = (written_date(d, record.country) for d in (period.first, period.last))
    else:
        first, last = period.first.isoformat(), period.last.isoformat()
    return f"{first} to {last} (dates in {period.timezone})"


# -- CSV ---------------------------------------------------------------------------------------


def csv_text(record: Record) -> str:
    """A header row, then one row an entry; lines end in CRLF (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralised(cell) for cell in entry.cells()] for entry in record.entries)
    return out.getvalue()


# -- Markdown ----------------------------------------------------------------------------------

# What Markdown would read as markup (emphasis, a link, HTML, a cell's end) rather than text.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def markdown(record: Record) -> str:
    """A heading with the name and the period, then a table (GitHub's pipe tables)."""
    lines = [f"# {TITLE}: {_md(record.name)}" if record.name else f"# {TITLE}", ""]
    lines += [f"Period: {_md(_period(record, False))}. {summary(record)}", ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "---|" * len(COLUMNS))
    lines += ["| " + " | ".join(_md(c) for c in e.cells()) + " |" for e in record.entries]
    if not record.entries:
        lines += ["", "Nothing was done in this period."]
    return "\n".join(lines) + "\n"


# -- PDF ---------------------------------------------------------------------------------------


_FONTS = '"DejaVu Sans", "Liberation Sans", sans-serif'
_SMALL = f"font-family: {_FONTS}; font-size: 8pt;"  # a page's margin boxes: not the body's


def _row(entry: Entry, country: str | None) -> str:
    day = written_date(entry.day, country)
    cells = (day, *entry.cells()[1:])
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def html(record: Record) -> str:
    """The record as a self-contained HTML page for weasyprint (all user text escaped)."""
    page = layout_for(record.country)
    header = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS)
    body = "\n".join(_row(e, record.country) for e in record.entries)
    if not record.entries:
        body = f'<tr><td colspan="{len(COLUMNS)}">Nothing was done in this period.</td></tr>'
    name = f"<p class='who'>{escape(record.name)}</p>" if record.name else ""
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{TITLE}</title><style>
@page {{ size: {page.page} landscape; margin: 15mm 12mm 15mm 12mm;
        @bottom-right {{ content: "Page " counter(page) " of " counter(pages); {_SMALL} }}
        @bottom-left {{ content: "{_period(record, True)}"; {_SMALL} }} }}
body {{ font-family: {_FONTS}; font-size: 9pt;
       line-height: 1.3; margin: 0; }}
h1 {{ font-size: 14pt; margin: 0 0 2mm 0; }}
.who {{ font-size: 12pt; font-weight: bold; margin: 0; }}
.period {{ margin: 1mm 0 4mm 0; }}
table {{ width: 100%; border-collapse: collapse; }}
thead {{ display: table-header-group; }}
th {{ text-align: left; background: #e8e8e8; }}
th, td {{ border: 0.4pt solid #888; padding: 1.2mm 1.5mm; vertical-align: top; }}
tr {{ break-inside: avoid; }}
td:first-child {{ white-space: nowrap; }}
</style></head><body>
<h1>{TITLE}</h1>
{name}
<p class="period">Period: {escape(_period(record, True))}. {escape(summary(record))}</p>
<table>
<thead><tr>{header}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body></html>"""


def pdf(record: Record) -> bytes:
    """The record as PDF bytes. Fonts come from the system; nothing is fetched."""
    from weasyprint import HTML

    document: bytes = HTML(string=html(record), base_url=None).write_pdf()
    return document


def render(record: Record, kind: str) -> bytes:
    """The record in the format `kind` (one of FORMATS), as the bytes of its file."""
    if kind == "pdf":
        return pdf(record)
    text = csv_text(record) if kind == "csv" else markdown(record)
    return text.encode("utf-8")
