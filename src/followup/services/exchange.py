"""Use cases for other tools' files: contacts as vCard, applications as CSV.

A vCard import reads each card on its own: the contacts among them are added in one
transaction, and each card that is not one is skipped and reported with its number and why.
An export gives every card a UID that stays the same from one export to the next (`_uids`).
A CSV import takes each row in a transaction of its own: a good row is stored with its plan,
a bad one is skipped whole and reported with its line, so a row is never half-imported and
one bad row does not cost the good ones. A row that is already there (an
earlier import of the same file, or the same row twice) is skipped and counted: see `_Known`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from followup import services
from followup.adapters import spreadsheet, vcard
from followup.domain import planner
from followup.domain.errors import FollowupError, InvalidInput
from followup.domain.model import (
    Application,
    Contact,
    Interview,
    InterviewFormat,
    Relation,
    Source,
    Stage,
    choice,
)
from followup.domain.playbook import Playbook
from followup.domain.values import Region, check_day, check_moment, zone
from followup.input import parse
from followup.ports import Applications, Store

Progress = Callable[[int, int], None]


# -- contacts as vCard -------------------------------------------------------------------------


@dataclass(frozen=True)
class VcardImport:
    """What an import of a vCard file did (or, for a dry run, would do): each contact added
    with its card's number (the first card is 1), each card skipped with its number and why,
    and what was made of cards that did not say it (a name from the email, a phone kept as
    text)."""

    added: list[tuple[int, Contact]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False


def import_vcard(
    store: Store,
    data: str | bytes,
    application_id: int,
    playbook: Playbook,
    now: datetime,
    relation: Relation = Relation.INTERVIEWER,
    region: Region | None = None,
    dry_run: bool = False,
) -> VcardImport:
    """Add each card of `data` that is a contact to the application and replan it, in one
    transaction; a card that is not one is skipped and reported, and costs the others nothing.
    `relation` and `region` apply to cards that do not say theirs; without `region`, phone
    numbers read in the application's country, else the profile's (as `add` does). A dry run
    reads and checks everything and writes nothing. InvalidInput when no card can be added."""
    with store.reading() as repo:
        application = repo.get_application(application_id)
        me = repo.get_profile()
    home = region or _country(application) or (me.region if me else None)
    book = vcard.parse(data, relation, home)
    if not book.cards:
        raise InvalidInput(_nothing(book.skipped))
    if dry_run:
        return VcardImport(book.cards, book.skipped, book.notes, dry_run=True)
    with store.transaction() as repo:
        repo.get_application(application_id)
        added = repo.add_contacts(application_id, book.contacts)
        services.applications.replan(repo, application_id, playbook, now)
    numbers = [number for number, _ in book.cards]
    return VcardImport(list(zip(numbers, added, strict=True)), book.skipped, book.notes)


def _country(application: Application) -> Region | None:
    """The country of the application's interviews, the latest first."""
    latest = application.latest_interview
    interviews = [latest] if latest else []
    return next((i.region for i in [*interviews, *application.interviews] if i.region), None)


def _nothing(skipped: Sequence[tuple[int, str]]) -> str:
    shown = "; ".join(f"card {number}: {why}" for number, why in skipped[:3])
    more = f"; and {len(skipped) - 3} more card(s)" if len(skipped) > 3 else ""
    return f"nothing imported: {shown}{more}"


def export_vcard(store: Store, out: TextIO, application_id: int | None = None) -> int:
    """Write the user's contacts (of one application, when given) as vCards; how many."""
    return len(_write_cards(store, application_id, lambda _contact, text: out.write(text)))


def export_vcard_files(
    store: Store, write: Callable[[str, str], None], application_id: int | None = None
) -> list[str]:
    """Write each contact (of one application, when given) as a card of its own, through
    `write(file name, card)`; the file names, in order. A name is the contact's name in
    ASCII letters, digits and dashes, then its id (`jane-doe-12.vcf`): safe on every system,
    unique, and the same at each export while the name stays."""
    names: list[str] = []

    def each(contact: Contact, text: str) -> None:
        names.append(vcard_file_name(contact))
        write(names[-1], text)

    _write_cards(store, application_id, each)
    return names


# Letters that do not decompose into an ASCII letter and a mark.
_ASCII = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                        "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th",
                        "ð": "d", "Ð": "D", "ı": "i"})  # fmt: skip


def vcard_file_name(contact: Contact) -> str:
    """`jane-doe-12.vcf`: see `export_vcard_files`."""
    plain = unicodedata.normalize("NFKD", contact.name.translate(_ASCII))
    ascii_name = plain.encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:40].strip("-")
    return f"{slug or 'contact'}-{contact.id}.vcf"


def _write_cards(
    store: Store, application_id: int | None, write: Callable[[Contact, str], object]
) -> list[Contact]:
    with store.reading() as repo:
        everyone = repo.list_contacts()
        created = {a.id: a.created_at for a in repo.list_applications()}
        if application_id is not None:
            people = list(repo.get_application(application_id).contacts)
        else:
            people = everyone
    uids = _uids(everyone, created)
    for contact in people:
        write(contact, vcard.dump([(contact, uids[contact.id or 0])]))
    return people


# Contacts that never had a UID get one from this namespace: the same contact gets the same
# one at every export, and two databases (or two users) do not give theirs the same.
_UID_NAMESPACE = uuid.UUID("6f1d7a2e-3c4b-5d8e-9f0a-1b2c3d4e5f60")


def _uids(contacts: Sequence[Contact], created: Mapping[int, datetime]) -> dict[int, str]:
    """Each contact's UID, by id: the one its card had when imported, when no contact with a
    lower id has the same (a card imported twice); else a UUID made from the contact's id,
    its application's id and when that application was recorded (a moment no other database
    shares), and the card's own UID if it had one. Stable: nothing in it changes."""
    uids: dict[int, str] = {}
    taken: set[str] = set()
    for contact in sorted(contacts, key=lambda c: c.id or 0):
        own = vcard.stored_uid(contact)
        if own is None or own in taken:
            when = created.get(contact.application_id or 0)
            seed = f"{when.isoformat() if when else ''}/{contact.application_id}/{contact.id}"
            own = str(uuid.uuid5(_UID_NAMESPACE, f"{seed}/{own or ''}"))
        taken.add(own)
        uids[contact.id or 0] = own
    return uids


# -- applications as CSV -----------------------------------------------------------------------


@dataclass(frozen=True)
class CsvReport:
    imported: list[int] = field(default_factory=list)  # the new applications' ids
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, why)
    unknown_columns: list[str] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # lines of rows already there, skipped
    # Each header as the file spells it, and where its values go (spreadsheet.destination).
    columns: list[tuple[str, str]] = field(default_factory=list)
    new: list[int] = field(default_factory=list)  # lines of the rows imported, or to be
    dry_run: bool = False  # nothing was written: `new` is what an import would add


# Rows written in one transaction: a transaction each costs an import most of its time (a
# commit is a flush to disk with PostgreSQL). A row that fails there has the rows of its
# batch written again, each in a transaction of its own, as if there had been no batch.
BATCH = 500


class _Refused(Exception):
    """A row could not be written in its batch's transaction: the batch is written again."""


def import_csv(
    store: Store,
    text: str,
    playbook: Playbook,
    now: datetime,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> CsvReport:
    """Each row of `text` as an application, planned, all or nothing; bad rows skipped whole,
    rows already there skipped. Good rows are written `BATCH` at a time, and a batch in
    which one fails is written again a row a transaction, so the result is that of a
    transaction each. InvalidInput when the file has no header with company and role
    columns. A `dry_run` reads, checks and plans every row as an import would, and writes
    nothing."""
    me = services.people.profile(store)
    home = (me.timezone, me.region) if me else ("UTC", None)
    sheet = spreadsheet.read(text, home[0])
    columns = [(name, spreadsheet.destination(name, meaning)) for name, meaning in sheet.columns]
    report = CsvReport(unknown_columns=sheet.unknown, columns=columns, dry_run=dry_run)
    known = _Known(store)
    rows = list(enumerate(sheet.rows, 1))

    def take(batch: list[tuple[int, tuple[int, dict[str, str]]]], write: _Write | None) -> None:
        for done, (line, row) in batch:
            try:
                application = _application(row, *home)
                if known.holds(application):
                    report.already.append(line)
                else:
                    application = dataclasses.replace(application, created_at=now)
                    if write is None:  # planned as an import would, to refuse what it would
                        planner.plan(application, playbook, now, planner.Home(home[1], home[0]))
                    else:
                        report.imported.append(write(application))
                    report.new.append(line)
                    known.add(application)
            except FollowupError as error:
                report.bad.append((line, str(error)))
            except OverflowError:  # a date or number past what Python computes with: this row
                report.bad.append((line, "a date or number in this row is out of range"))
            if progress is not None:
                progress(done, len(rows))

    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if dry_run:
            take(batch, None)
            continue
        lists: tuple[list[Any], ...] = (report.imported, report.bad, report.already, report.new)
        lengths, mark = [len(found) for found in lists], known.mark()
        try:
            with store.bulk() as repo:
                known.reading = lambda: contextlib.nullcontext(repo)
                take(batch, functools.partial(_together, repo, playbook, now))
        except (_Refused, FollowupError):  # written again, a row a transaction
            for found, length in zip(lists, lengths, strict=True):
                del found[length:]
            known.back_to(mark)
            take(batch, functools.partial(_alone, store, playbook, now))
        finally:
            known.reading = store.reading
    return report


def _same(text: str) -> str:
    """Company and role as compared: case and spacing aside."""
    return " ".join(text.casefold().split())


class _Known:
    """The applications a CSV row may already be: same company and role (case and spacing
    aside), and the same day. A row with an interview is there when one of them has an
    interview that day; a row with the day applied for when one was applied for that day (its
    applied_at; for one imported before followup kept that day, its Date Applied line in the
    notes; else the day it was recorded); a row with neither day when any of them has that
    company and role, as nothing else tells them apart.

    The user's applications are listed once (company and role only); the whole aggregates of
    those a row names are read when a row needs them, through `reading` (a transaction of
    their own, or the one a batch is written in)."""

    def __init__(self, store: Store) -> None:
        self.reading: Callable[[], AbstractContextManager[Applications]] = store.reading
        self.ids: dict[tuple[str, str], list[int]] = {}
        self.seen: dict[tuple[str, str], list[Application]] = {}
        self.added: list[tuple[str, str]] = []  # the pair of each application added, in turn
        with store.reading() as repo:
            for summary in repo.list_applications():
                pair = (_same(summary.company), _same(summary.role))
                self.ids.setdefault(pair, []).append(summary.id)

    def _candidates(self, pair: tuple[str, str]) -> list[Application]:
        if pair not in self.seen:
            stored = self.ids.get(pair, [])
            if not stored:
                self.seen[pair] = []
            else:
                with self.reading() as repo:
                    self.seen[pair] = [repo.get_application(i) for i in stored]
        return self.seen[pair]

    def mark(self) -> int:
        """A mark of what is known now, to come `back_to` when the rows since are written
        again."""
        return len(self.added)

    def back_to(self, mark: int) -> None:
        while len(self.added) > mark:
            self.seen[self.added.pop()].pop()

    def add(self, application: Application) -> None:
        pair = (_same(application.company), _same(application.role))
        self._candidates(pair).append(application)
        self.added.append(pair)

    def holds(self, row: Application) -> bool:
        pair = (_same(row.company), _same(row.role))
        if pair not in self.ids and pair not in self.seen:
            return False
        found = self._candidates(pair)
        if row.interviews:
            day = row.interviews[0].start.date()
            return any(i.start.date() == day for a in found for i in a.interviews)
        applied = _applied(row)
        if applied is None:
            return bool(found)
        return any(not a.interviews and _applied(a) == applied for a in found)


def _applied(application: Application) -> str | None:
    """The day the application was made: its applied_at; else a tracker's Date Applied line in
    its notes (as ISO, when it reads as one: how earlier imports kept it), else the day it was
    recorded; None when none is known."""
    if application.applied_at is not None:
        return application.applied_at.isoformat()
    for line in (application.notes or "").splitlines():
        header, colon, value = line.partition(":")
        if colon and spreadsheet.header_key(header) == spreadsheet.APPLIED:
            return _iso_day(value.strip())
    return application.created_at.date().isoformat() if application.created_at else None


def _iso_day(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return " ".join(text.casefold().split())


_Write = Callable[[Application], int]


def _together(
    repo: Applications, playbook: Playbook, now: datetime, application: Application
) -> int:
    """Store the application as `applications.record_interview` does, but at the stage given
    (and created `now`, as the caller set it), in the batch's transaction: a failure there is
    the batch's (`_Refused`)."""
    try:
        stored = repo.add_application(application)
        assert stored.id is not None
        services.applications.replan(repo, stored.id, playbook, now, stored)
        return stored.id
    except (FollowupError, OverflowError) as error:
        raise _Refused() from error


def _alone(store: Store, playbook: Playbook, now: datetime, application: Application) -> int:
    """The same in a transaction of its own: a failure is this row's."""
    with store.transaction() as repo:
        try:
            return _together(repo, playbook, now, application)
        except _Refused as refused:
            raise refused.__cause__ from None  # type: ignore[misc]


def _application(row: Mapping[str, str], zone_name: str, region: Region | None) -> Application:
    if "error" in row:
        raise InvalidInput(row["error"])
    zone_name = row.get("timezone", zone_name)
    if "country" in row:
        region = Region.parse(row["country"])
    interviews = () if "interview_at" not in row else (_interview(row, zone_name, region),)
    stage = choice(Stage, row["stage"], "stage") if "stage" in row else None
    people: tuple[Contact, ...] = ()
    if "interviewer" in row:
        people = (
            Contact(
                name=row["interviewer"],
                title=row.get("interviewer_title"),
                organisation=row.get("company"),
                email=row.get("interviewer_email"),
                phone=row.get("interviewer_phone"),
                region=region,
            ),
        )
    elif any(f"interviewer_{k}" in row for k in ("title", "email", "phone")):
        raise InvalidInput("the interviewer's details are given without their name")
    kept = [f"{k.removeprefix('kept:')}: {v}" for k, v in row.items() if k.startswith("kept:")]
    notes = "\n".join([row["notes"], *kept] if "notes" in row else kept) or None
    return Application(
        company=row.get("company", ""),
        role=row.get("role", ""),
        source=choice(Source, row["source"], "source") if "source" in row else Source.DIRECT,
        stage=stage or (Stage.INTERVIEWING if interviews else Stage.APPLIED),
        notes=notes,
        interviews=interviews,
        contacts=people,
        applied_at=_day(row["applied_at"], "applied_at") if "applied_at" in row else None,
    )


def _day(text: str, column: str) -> date:
    try:
        return check_day(date.fromisoformat(text), column)
    except ValueError:
        raise InvalidInput(f"{column} {text!r} is not a date like 2026-12-18") from None


def _interview(row: Mapping[str, str], zone_name: str, region: Region | None) -> Interview:
    text = row["interview_at"]
    try:
        start = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput(
            f"interview_at {text!r} is not a date and time like 2026-12-18 13:00"
        ) from None
    check_day(start.date(), "interview_at")  # before a zone moves it past the calendar's end
    local = zone(zone_name)
    start = start.replace(tzinfo=local) if start.tzinfo is None else start.astimezone(local)
    check_moment(start, "interview_at")
    minutes = row.get("duration_minutes", "60")
    if not minutes.isascii() or len(minutes) > 20:
        raise InvalidInput(f"duration_minutes {minutes[:40]!r} is not a duration like 60m or 1h")
    return Interview(
        start=start,
        end=start + parse.duration(minutes, "duration_minutes"),
        timezone=zone_name,
        region=region,
        format=choice(InterviewFormat, row.get("format", "in-person"), "interview format"),
    )


def export_csv(store: Store, out: TextIO, excel: bool = False) -> int:
    """Write every application as a row of followup's columns; how many. `excel` begins with
    the byte order mark by which Excel reads the file as UTF-8."""
    with store.transaction() as repo:
        applications = [repo.get_application(s.id) for s in repo.list_applications()]
    return spreadsheet.write(out, map(_row, applications), excel)


def _row(application: Application) -> dict[str, str]:
    row = {
        "company": application.company,
        "role": application.role,
        "stage": application.stage.value,
        "source": application.source.value,
        "applied_at": application.applied_at.isoformat() if application.applied_at else "",
        "notes": application.notes or "",
    }
    latest = application.latest_interview
    if latest is not None:
        row |= {
            "interview_at": latest.start.strftime("%Y-%m-%d %H:%M"),
            "duration_minutes": str(int((latest.end - latest.start).total_seconds() // 60)),
            "timezone": latest.timezone,
            "country": str(latest.region) if latest.region else "",
            "format": latest.format.value,
        }
    lead = _lead(application.contacts)
    if lead is not None:
        row |= {
            "interviewer": lead.name,
            "interviewer_title": lead.title or "",
            "interviewer_email": lead.email or "",
            "interviewer_phone": lead.phone or "",
        }
    return row


def _lead(contacts: Sequence[Contact]) -> Contact | None:
    return next((c for c in contacts if c.relation is Relation.INTERVIEWER), None)
