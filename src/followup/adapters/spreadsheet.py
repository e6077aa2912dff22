"""Applications as CSV: followup's own columns, and the column names other trackers export.

`read` finds each column's meaning from its header (followup's names, then the aliases of
Huntr, Teal and plain spreadsheets, compared without case, spaces, `_` or `-`); headers it does
not know are reported, and their values left out. Each row keeps the line it starts on in the
file (the header is line 1), for reporting. `write` writes followup's columns.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK(...)` in a company name, `+44 20 ...` in a phone. `write`
neutralises such a cell as OWASP advises, with one leading `'` (a spreadsheet shows the text),
and `read` takes exactly that one quote off again, so what followup writes reads back the same.
A cell that already starts with quotes before such a character gets one more, for the same
reason.

The aliases are the headers these trackers are known to export (Huntr: Company, Job Title,
List/Stage, Date Applied, Location, URL; Teal: Company Name, Job Position, Status, Date Applied,
Location, Job URL, Excitement), from their documentation and users' exports as remembered, not
checked against a current export: add any missing name to ALIASES or KEPT.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from followup.domain.errors import InvalidInput

COLUMNS = (
    "company",
    "role",
    "stage",
    "source",
    "interview_at",
    "duration_minutes",
    "timezone",
    "country",
    "format",
    "interviewer",
    "interviewer_title",
    "interviewer_email",
    "interviewer_phone",
    "notes",
)

ALIASES = {
    "company": ("company name", "employer", "organisation", "organization"),
    "role": ("job title", "job position", "position", "title", "job", "job role"),
    "stage": ("status", "list", "pipeline stage", "application status"),
    "source": ("application source",),
    "interview_at": ("interview", "interview date", "interview time", "interview date time"),
    "duration_minutes": ("duration", "interview duration", "interview length"),
    "timezone": ("time zone", "tz", "zone"),
    "country": ("region",),
    "format": ("interview format", "interview type"),
    "interviewer": ("interviewer name", "contact", "contact name", "hiring manager"),
    "interviewer_title": ("contact title", "hiring manager title"),
    "interviewer_email": ("contact email", "hiring manager email"),
    "interviewer_phone": ("contact phone", "hiring manager phone"),
    "notes": ("note", "comments", "description", "job description"),
}

# Columns other trackers export that have no field of their own: kept in the notes as
# "Header: value" lines, under the header as the file spells it.
APPLIED = "date applied"  # the day an application was made, as trackers call it
KEPT = (
    APPLIED,
    "date saved",
    "date created",
    "created at",
    "location",
    "url",
    "job url",
    "link",
    "salary",
    "min salary",
    "max salary",
    "excitement",
    "deadline",
    "follow up",
    "date followed up",
)

# What other trackers call their stages, as followup's stages.
STAGE_NAMES = {
    "wishlist": "applied",
    "bookmarked": "applied",
    "saved": "applied",
    "applying": "applied",
    "application sent": "applied",
    "interview": "interviewing",
    "phone screen": "interviewing",
    "screening": "interviewing",
    "negotiating": "offer",
    "offered": "offer",
    "accepted": "hired",
    "not selected": "rejected",
    "declined": "rejected",
    "i withdrew": "withdrawn",
    "archived": "closed",
    "no response": "closed",
    "ghosted": "closed",
}


# A cell a spreadsheet would run: a formula character, after any quotes and spaces; or a tab or
# carriage return at the start.
_FORMULA = re.compile(r"'*(?:\s*[=+\-@]|[\t\r])")


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: one `'` before a formula."""
    return f"'{cell}" if _FORMULA.match(cell) else cell


def restored(cell: str) -> str:
    """The inverse of `neutralised`: one leading `'` taken off a cell that has it."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def header_key(header: str) -> str:
    """A header as compared: lower case, spaces, `_` and `-` as one space."""
    return re.sub(r"[\s_\-]+", " ", header.strip().lower()).strip()


_MEANING = {header_key(name): column for column in COLUMNS for name in (column, *ALIASES[column])}


@dataclass(frozen=True)
class Sheet:
    """The rows of a CSV file as followup's columns (empty cells left out), with the line each
    starts on; the headers that mean nothing to followup."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def read(text: str) -> Sheet:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidInput("the CSV file is empty")
        meanings, unknown = _meanings(header)
        rows, line = [], reader.line_num + 1
        for cells in reader:
            row = _row(header, meanings, cells)
            if row:
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        where = reader.line_num
        raise InvalidInput(f"the CSV file does not parse near line {where}: {error}") from None
    return Sheet(rows, unknown)


def _meanings(header: list[str]) -> tuple[list[str | None], list[str]]:
    """Each header's column (or `kept:<header>`), and the unknown headers."""
    meanings: list[str | None] = []
    unknown, seen = [], set()
    for name in header:
        key = header_key(name)
        meaning = _MEANING.get(key) or (f"kept:{name.strip()}" if key in KEPT else None)
        if meaning in seen:
            raise InvalidInput(f"two columns mean {meaning!r}: give each once")
        if meaning is None and key:
            unknown.append(name.strip())
        if meaning is not None:
            seen.add(meaning)
        meanings.append(meaning)
    missing = [c for c in ("company", "role") if c not in seen]
    if missing:
        raise InvalidInput(f"the CSV file has no {' or '.join(missing)} column")
    return meanings, unknown


def _row(header: list[str], meanings: list[str | None], cells: list[str]) -> dict[str, str]:
    row: dict[str, str] = {}
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        row["error"] = f"{len(cells)} cells where the header has {len(header)} columns"
    for meaning, cell in zip(meanings, cells, strict=False):
        value = restored(cell).strip()
        if meaning is not None and value:
            row[meaning] = value
    return row


def write(out: TextIO, rows: Iterable[Mapping[str, str]]) -> int:
    """`rows` under followup's columns, formulas neutralised; how many were written. Lines end
    in CRLF (RFC 4180), so a cell holding a carriage return is quoted like one holding a line
    feed (the writer quotes the characters of its line ending)."""
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow({name: neutralised(cell) for name, cell in row.items()})
        written += 1
    return written
