"""Applications as CSV: followup's own columns, and what other trackers export.

`read` finds each column's meaning from its header: followup's names, then the names Huntr,
JobSync, Simplify, Teal and plain spreadsheets use, compared as words (`header_key`: case,
spaces, `_`, `-` and camelCase aside, so `companyName`, `company_name` and `Company Name` are
one). It reads what those trackers write as followup's values: their stages as followup's
(`STAGE_NAMES`; one it does not know, or one said before applying, is also kept in the notes),
their placeholders for nothing (`-`, `N/A`) as empty cells, their dates as ISO days (`day`).
The day applied for, under any tracker's name for it (JobSync's appliedDate, Simplify's Applied
Date, Teal's applied_at, the older Date Applied, followup's own applied_at), is the
application's `applied_at`; a cell that is not a date is kept in the notes as "Date Applied:
..." instead. Columns with no field of their own are kept as "Header: value" lines in the notes;
columns that say nothing more (`index`) and unknown ones are left out and reported. Each row
keeps the line it starts on in the file (the header is line 1), for reporting. `write` writes
followup's columns.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK(...)` in a company name, `+44 20 ...` in a phone. `write`
neutralises such a cell as OWASP advises, with one leading `'` (a spreadsheet shows the text),
and `read` takes exactly that one quote off again, so what followup writes reads back the same.
A cell that already starts with quotes before such a character gets one more, for the same
reason; so does a cell that `read` would take for a placeholder (`N/A`). A plain phone number
(`+`, digits and single spaces) in a phone column is written instead as an RFC 3966 `tel:` URI
(`tel:+44-20-7946-0958`): text to every spreadsheet, with no quote to show, and still a number
a phone (or `phonenumbers`) dials; `read` turns it back.

The trackers' names are the headers of their exports as the issue that added them lists them
(Huntr: title, url, companyName, listName, boardName, createdAt; JobSync's from its source;
Simplify: Job Title, Company Name, Job URL, Applied Date, Status, Status Date, Archived, Date
Archived, Notes; Teal: company_name, role, location, url, excitement, source, applied_at,
follow_up_at, statusName), and the older Huntr and Teal names (Date Applied, Job Position,
List). Add a missing name to ALIASES, KEPT or IGNORED.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from followup.domain.errors import InvalidInput
from followup.domain.model import ACTIVE_STAGES, Source, Stage
from followup.domain.values import zone

COLUMNS = (
    "company",
    "role",
    "stage",
    "source",
    "applied_at",
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

PHONES = frozenset({"interviewer_phone"})  # columns whose plain numbers are written as tel:

ALIASES = {
    "company": ("company name", "employer", "organisation", "organization"),
    "role": ("job title", "job position", "position", "title", "job", "job role"),
    "stage": (
        "status",
        "status name",
        "list",
        "list name",
        "pipeline stage",
        "application status",
    ),
    "source": ("application source",),
    "applied_at": ("date applied", "applied date", "applied on", "application date"),
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

# The day the application was made: the column applied_at, under any of its names (ALIASES). A
# column called just "applied" is that day too, unless another column is: then it is
# JobSync's yes or no, and ignored. A cell that is not a day is kept in the notes, under APPLIED.
APPLIED = "date applied"
ARCHIVED = "archived"  # Simplify's TRUE or FALSE: an application archived while open is closed

# Columns other trackers export that have no field of their own: kept in the notes as
# "Header: value" lines, under the header as the file spells it. Those in DAYS hold dates,
# kept as ISO days.
DAYS = frozenset(
    {
        "date saved",
        "date created",
        "created at",
        "deadline",
        "follow up",
        "follow up at",
        "date followed up",
        "status date",
        "date archived",
    }
)
KEPT = DAYS | {
    "location",
    "locations",  # JobSync's, before it was Location
    "url",
    "job url",
    "link",
    "salary",
    "min salary",
    "max salary",
    "excitement",
    "board name",
    "job type",
    "workplace type",
    "job source",
}

# Columns that say nothing followup keeps: left out, and named with why in a preview.
IGNORED = {"index": "the row's number in the file", "id": "the tracker's own id"}

# What other trackers call their stages (Huntr's lists, JobSync's, Simplify's and Teal's
# statuses), as followup's stages. A stage said before applying is kept in the notes too, as
# followup has none for it: the application is recorded as applied.
STAGE_NAMES = {
    "wishlist": "applied",
    "bookmarked": "applied",
    "saved": "applied",
    "draft": "applied",
    "applying": "applied",
    "application sent": "applied",
    "submitted": "applied",
    "interview": "interviewing",
    "phone screen": "interviewing",
    "screen": "interviewing",
    "screening": "interviewing",
    "online assessment": "interviewing",
    "negotiating": "offer",
    "offered": "offer",
    "accepted": "hired",
    "not selected": "rejected",
    "declined": "rejected",
    "i withdrew": "withdrawn",
    "withdrew": "withdrawn",
    "archived": "closed",
    "expired": "closed",
    "no response": "closed",
    "ghosted": "closed",
}
BEFORE_APPLYING = frozenset({"wishlist", "bookmarked", "saved", "draft", "applying"})
_STAGES = frozenset(stage.value for stage in Stage)
# The sources a row can be: an agency's needs its contact, which has no column.
_SOURCES = frozenset(source.value for source in Source) - {Source.AGENCY.value}

# A tracker's way of writing nothing in a cell; a yes or no that says nothing kept.
PLACEHOLDERS = frozenset({"-", "\u2013", "\u2014", "n/a"})
_NO = frozenset({"no", "false", "0"})
_YES_OR_NO = _NO | {"yes", "true", "1"}

# A cell a spreadsheet would run: a formula character, after any quotes and spaces; or a tab or
# carriage return at the start. Or one `read` would take for a placeholder. A phone column's
# cell starting with `tel:` is written with a quote too, so that only a plain number is read
# back from a `tel:` URI.
_SPECIAL = re.compile(r"'*(?:\s*[=+\-@]|[\t\r]|\s*(?:[\u2013\u2014]|n/a)\s*\Z)", re.IGNORECASE)
_SPECIAL_PHONE = re.compile(r"'*tel:")
_PLAIN_PHONE = re.compile(r"\+\d+(?: \d+)*")
_TEL = re.compile(r"tel:(\+\d+(?:-\d+)*)")


def neutralised(cell: str, phone: bool = False) -> str:
    """`cell` as a spreadsheet shows it as text: one `'` before a formula (or a placeholder);
    in a phone column, a plain number as a `tel:` URI."""
    if phone and _PLAIN_PHONE.fullmatch(cell):
        return "tel:" + cell.replace(" ", "-")
    special = _SPECIAL.match(cell) or (phone and _SPECIAL_PHONE.match(cell))
    return f"'{cell}" if special else cell


def restored(cell: str, phone: bool = False) -> str:
    """The inverse of `neutralised`: one leading `'` taken off a cell that has it; in a phone
    column, a `tel:` URI of a plain number as the number."""
    if phone and (number := _TEL.fullmatch(cell)):
        return number[1].replace("-", " ")
    if cell.startswith("'") and (
        _SPECIAL.match(cell, 1) or (phone and _SPECIAL_PHONE.match(cell, 1))
    ):
        return cell[1:]
    return cell


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def header_key(header: str) -> str:
    """A header (or a stage's name) as compared: its words in lower case, however joined
    (spaces, `_`, `-`, camelCase): `companyName`, `company_name`, `Company Name` are one."""
    words = _CAMEL.sub(" ", header.strip())
    return re.sub(r"[\s_\-]+", " ", words.lower()).strip()


_MEANING = {header_key(name): column for column in COLUMNS for name in (column, *ALIASES[column])}
_MEANING |= {ARCHIVED: ARCHIVED}


def day(text: str, zone_name: str = "UTC", order: str | None = None) -> str | None:
    """The ISO day `text` names, or None: ISO 8601 (a moment with an offset is taken in
    `zone_name`: `2025-01-14T23:30:00Z` is the 15th in Berlin), `14.01.2025`, `Jan 14, 2025`,
    `14 January 2025`, and `01/14/2025` or `14/01/2025` when `order` ("mdy" or "dmy") says
    which, or the numbers do (a day past 12)."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone(zone_name))
        return moment.date().isoformat()
    except (ValueError, OverflowError, InvalidInput):
        pass
    formats: tuple[str, ...] = _NAMED
    if found := _NUMBERED.fullmatch(text):
        first, separator, second, year = found.groups()
        order = "dmy" if separator == "." else _order_of(int(first), int(second)) or order
        if order is None:
            return None
        month, dom = (first, second) if order == "mdy" else (second, first)
        text, formats = f"{year}-{int(month):02}-{int(dom):02}", ("%Y-%m-%d",)
    for form in formats:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


_NUMBERED = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")
_NAMED = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")


def _order_of(first: int, second: int) -> str | None:
    """Which order ("mdy" or "dmy") the numbers of a slashed date say, if they do."""
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def _column_order(cells: Iterable[str]) -> str | None:
    """The order of the slashed dates of a column: the one its unambiguous dates agree on."""
    orders = set()
    for cell in cells:
        found = _NUMBERED.fullmatch(cell.strip())
        if found and found[2] == "/":
            orders.add(_order_of(int(found[1]), int(found[3])))
    orders.discard(None)
    return orders.pop() if len(orders) == 1 else None


def stage_of(text: str) -> tuple[str | None, bool]:
    """followup's stage for a tracker's (None when it is not known), and whether the
    tracker's word is to be kept in the notes as well."""
    key = header_key(text)
    if key in _STAGES:
        return key, False
    known = STAGE_NAMES.get(key)
    return known, known is None or key in BEFORE_APPLYING


@dataclass(frozen=True)
class Sheet:
    """The rows of a CSV file as followup's columns (empty cells and placeholders left out,
    the trackers' words and dates read), with the line each starts on; each header with its
    meaning (a column, `archived`, `kept:<header>`, `ignored:<why>`, or None when
    unknown); the headers that mean nothing to followup."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    columns: list[tuple[str, str | None]] = field(default_factory=list)


def destination(header: str, meaning: str | None) -> str:
    """Where the values of a column with this meaning go, for a person to check."""
    if meaning is None:
        return "ignored: not a column followup knows"
    if meaning.startswith("ignored:"):
        return meaning.replace(":", ": ", 1)
    if meaning == "applied_at":
        return (
            'applied_at (a date, as YYYY-MM-DD; anything else in the notes as "Date Applied: ...")'
        )
    if meaning.startswith("kept:"):
        as_day = " (a date, as YYYY-MM-DD)" if header_key(header) in DAYS else ""
        return f'notes, as "{meaning.removeprefix("kept:")}: ..."{as_day}'
    if meaning == ARCHIVED:
        return 'stage "closed" when set, for an application still open'
    if meaning == "stage":
        return "stage (mapped to followup's; an unknown one is kept in the notes)"
    if meaning == "source":
        return "source (direct, referral; any other is kept in the notes)"
    return meaning


def read(text: str, zone_name: str = "UTC") -> Sheet:
    """The rows of `text`; dates with an offset are taken in `zone_name`."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidInput("the CSV file is empty")
        meanings, unknown = _meanings(header)
        lines, line = [], reader.line_num + 1
        for cells in reader:
            lines.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        where = reader.line_num
        raise InvalidInput(f"the CSV file does not parse near line {where}: {error}") from None
    orders = [
        _column_order(cells[i] for _, cells in lines if i < len(cells))
        if meaning == "applied_at" or header_key(name) in DAYS
        else None
        for i, (name, meaning) in enumerate(zip(header, meanings, strict=True))
    ]
    columns = list(zip(header, meanings, orders, strict=True))
    rows = []
    for line, cells in lines:
        row = _row(columns, cells, zone_name)
        if row:
            rows.append((line, row))
    return Sheet(rows, unknown, [(name.strip(), meaning) for name, meaning, _ in columns])


def _meanings(header: list[str]) -> tuple[list[str | None], list[str]]:
    """Each header's meaning (see Sheet), and the unknown headers."""
    keys = [header_key(name) for name in header]
    dated = any(_MEANING.get(key) == "applied_at" for key in keys)
    meanings: list[str | None] = []
    unknown, seen = [], set()
    for name, key in zip(header, keys, strict=True):
        meaning = _MEANING.get(key) or (f"kept:{name.strip()}" if key in KEPT else None)
        if key == "applied":
            meaning = (
                "ignored:a yes or no; the day applied is in another column"
                if dated
                else "applied_at"
            )
        elif key in IGNORED:
            meaning = f"ignored:{IGNORED[key]}"
        if meaning in seen:
            raise InvalidInput(f"two columns mean {meaning!r}: give each once")
        if meaning is None and key:
            unknown.append(name.strip())
        if meaning is not None and not meaning.startswith("ignored:"):
            seen.add(meaning)
        meanings.append(meaning)
    missing = [c for c in ("company", "role") if c not in seen]
    if missing:
        raise InvalidInput(f"the CSV file has no {' or '.join(missing)} column")
    return meanings, unknown


def _row(
    columns: list[tuple[str, str | None, str | None]], cells: list[str], zone_name: str
) -> dict[str, str]:
    row: dict[str, str] = {}
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        row["error"] = f"{len(cells)} cells where the header has {len(columns)} columns"
    archived = False
    for (name, meaning, order), cell in zip(columns, cells, strict=False):
        if meaning is None or meaning.startswith("ignored:"):
            continue
        if cell.strip().casefold() in PLACEHOLDERS:
            continue
        value = restored(cell, meaning in PHONES).strip()
        if not value:
            continue
        kept = f"kept:{name.strip()}"
        if meaning == "applied_at":
            if value.casefold() not in _YES_OR_NO:
                if found := day(value, zone_name, order):
                    row["applied_at"] = found
                else:
                    row["kept:Date Applied"] = value
        elif meaning.startswith("kept:") and header_key(name) in DAYS:
            row[meaning] = day(value, zone_name, order) or value
        elif meaning == ARCHIVED:
            archived = value.casefold() not in _NO
        elif meaning == "stage":
            stage, keep = stage_of(value)
            if stage is not None:
                row["stage"] = stage
            if keep:
                row[kept] = value
        elif meaning == "source" and header_key(value) not in _SOURCES:
            row[kept] = value
        elif meaning == "source":
            row["source"] = header_key(value)
        else:
            row[meaning] = value
    if archived and Stage(row.get("stage", "applied")) in ACTIVE_STAGES:
        row["stage"] = Stage.CLOSED.value
    return row


def write(out: TextIO, rows: Iterable[Mapping[str, str]], excel: bool = False) -> int:
    """`rows` under followup's columns, formulas neutralised; how many were written. Lines end
    in CRLF (RFC 4180), so a cell holding a carriage return is quoted like one holding a line
    feed (the writer quotes the characters of its line ending). `excel` begins the text with a
    byte order mark, by which Excel knows the file is UTF-8 (without it, it reads the bytes
    of `Müller` as the system's code page: `MÃ¼ller`)."""
    if excel:
        out.write("\ufeff")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow({name: neutralised(cell, name in PHONES) for name, cell in row.items()})
        written += 1
    return written
