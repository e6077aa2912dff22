"""An export's rows built into their domain objects before any is stored: `followup import --json`
checks every row as the same values typed by a person would be.

`rows.py` rebuilds objects from followup's own storage, trusted (`values.stored`: regions, emails
and phones are not parsed again). An export is a file anyone may have edited, so here every row
goes through the model's constructors with every check on, and what the model leaves to its
callers is checked too: exact enum values (the stored text is read back with `Stage(...)`),
canonical time zones and regions, and a step's texts and recipients (the planner builds steps
by the thousand, so `Step` checks only its moments). The first wrong value is named by its
table, row and, where one column is wrong, the column: `applications[3].stage: unknown stage
'hacked' (choose one of: ...)`.

`check` knows every table with a user's rows; a table added later needs its entry in `BUILDERS`
(a test fails until it has one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from followup.domain.errors import InvalidInput
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Detail,
    DetailKind,
    Direction,
    Interview,
    InterviewFormat,
    Profile,
    Promise,
    Recipient,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.outbox import Confirmation, OutboxEntry, OutboxState
from followup.domain.promised import MAX_ATTACHMENT_MB, MB, Promised, check_file, check_link
from followup.domain.values import (
    ADDRESS,
    LONG,
    Region,
    check_email,
    check_zone,
    one_line,
    text_block,
    zone,
)

Row = Mapping[str, Any]
E = TypeVar("E", bound=StrEnum)
# An approved message as sent: a draft, its headers, their encoding, and its attachments in
# base64 (4 characters for 3 bytes, and a line end each 76).
MESSAGE = 10 * LONG + MAX_ATTACHMENT_MB * MB * 4 // 3 * 78 // 76


class _Column(Exception):
    """A value of one column is wrong (becomes InvalidInput naming the row and the column)."""

    def __init__(self, column: str, why: str) -> None:
        super().__init__(why)
        self.column = column


def check(tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """Build every row of `tables` (the values `dump._values` gave) into its domain object;
    InvalidInput naming the first row (and column) that is wrong."""
    if missing := sorted(set(tables) - set(BUILDERS)):
        raise InvalidInput(f"this followup cannot check the export's tables {missing}")
    # An application through an agency needs its recruiter: its contacts go with it.
    contacts: dict[int, list[Contact]] = {}
    for index, row in enumerate(tables.get("contacts", [])):
        contact = _built("contacts", index, _contact, row)
        if contact.application_id is not None:
            contacts.setdefault(contact.application_id, []).append(contact)
    # A person met at an interview belongs to the interview's application.
    owners = {
        (name, row["id"]): row.get("application_id")
        for name in ("interviews", "contacts")
        for row in tables.get(name, [])
    }
    for name, rows in tables.items():
        if name == "contacts":
            continue
        for index, row in enumerate(rows):
            if name == "applications":
                _built(name, index, _application, row, tuple(contacts.get(row["id"], ())))
            elif name == "interview_people":
                _built(name, index, _met, row, owners)
            else:
                _built(name, index, BUILDERS[name], row)


def _built(table: str, index: int, build: Callable[..., Any], row: Row, *more: Any) -> Any:
    try:
        return build(row, *more)
    except _Column as wrong:
        raise InvalidInput(f"{table}[{index}].{wrong.column}: {wrong}") from None
    except InvalidInput as error:
        raise InvalidInput(f"{table}[{index}]: {error}") from None
    except (TypeError, ValueError, KeyError) as error:  # a JSON column of the wrong shape
        raise InvalidInput(f"{table}[{index}] does not hold a {table} row: {error}") from None


# -- one column's value ------------------------------------------------------------------------


def _field(row: Row, name: str, convert: Callable[[Any], Any] = lambda value: value) -> Any:
    """The column's value (None when absent), converted; a refusal names the column."""
    value = row.get(name)
    if value is None:
        return None
    try:
        return convert(value)
    except InvalidInput as error:
        raise _Column(name, str(error)) from None


def _member(enum: type[E], what: str) -> Callable[[Any], E]:
    """The value if it is exactly one of `enum`'s (it is read back as `enum(value)`)."""

    def member(value: Any) -> E:
        try:
            return enum(value)
        except ValueError:
            options = ", ".join(m.value for m in enum)
            raise InvalidInput(f"unknown {what} {value!r} (choose one of: {options})") from None

    return member


def _region(value: str) -> Region:
    return Region.parse(value)


def _texts(what: str, limit: int = ADDRESS) -> Callable[[Any], tuple[str, ...]]:
    def texts(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{what} are not a list of texts")
        return tuple(one_line(v, what, limit) for v in value)

    return texts


def _line(what: str, limit: int | None = None) -> Callable[[Any], str]:
    return lambda value: one_line(value, what, *(() if limit is None else (limit,)))


def _block(what: str, limit: int = LONG) -> Callable[[Any], str]:
    return lambda value: text_block(value, what, limit)


def _settings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput("an application's settings are not an object of texts")
    for key, setting in value.items():
        one_line(key, "a setting's name")
        one_line(setting, f"the setting {key!r}", ADDRESS)
    return value


# -- each table's rows -------------------------------------------------------------------------


def _profile(r: Row) -> Profile:
    return Profile(
        name=r["name"],
        email=r.get("email"),
        phone=r.get("phone"),
        address=r.get("address"),
        skills=_field(r, "skills", _texts("the key skills")),
        region=_field(r, "region", _region),
        timezone=_field(r, "timezone", check_zone),
        signature=r.get("signature"),
        tone=r["tone"],
    )


def _application(r: Row, contacts: tuple[Contact, ...] = ()) -> Application:
    return Application(
        company=r["company"],
        role=r["role"],
        source=_field(r, "source", _member(Source, "source")),
        stage=_field(r, "stage", _member(Stage, "stage")),
        notes=r.get("notes"),
        created_at=r["created_at"],
        contacts=contacts,
        settings=_field(r, "settings", _settings),
        id=r["id"],
        applied_at=r.get("applied_at"),
    )


def _interview(r: Row) -> Interview:
    timezone = _field(r, "timezone", check_zone)
    return Interview(
        start=r["start"].astimezone(zone(timezone)),
        end=r["end"].astimezone(zone(timezone)),
        timezone=timezone,
        region=_field(r, "region", _region),
        format=_field(r, "format", _member(InterviewFormat, "interview format")),
        round=r["round"],
        notes=r.get("notes"),
        decision_by=r.get("decision_by"),
        next_round=r.get("next_round"),
        contact_on=r.get("contact_on"),
        topics=_field(r, "topics", _texts("an interview's topics")) or (),
        debriefed_at=r.get("debriefed_at"),
        id=r["id"],
    )


def _details(value: Any) -> tuple[Detail, ...]:
    if not isinstance(value, list):
        raise InvalidInput("a contact's details are not a list")
    details = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[1], str)):
            raise InvalidInput(f"a contact's detail {str(item)[:60]!r} is not [kind, value, types]")
        kind = _member(DetailKind, "kind of contact detail")(item[0])
        types = _texts("a detail's types")(item[2])
        details.append(Detail(kind, item[1], types))
    return tuple(details)


def _contact(r: Row) -> Contact:
    return Contact(
        name=r["name"],
        relation=_field(r, "relation", _member(Relation, "relation")),
        title=r.get("title"),
        organisation=r.get("organisation"),
        email=r.get("email"),
        phone=r.get("phone"),
        address=r.get("address"),
        timezone=_field(r, "timezone", check_zone),
        region=_field(r, "region", _region),
        notes=r.get("notes"),
        details=_field(r, "details", _details) or (),
        application_id=r.get("application_id"),
        id=r["id"],
    )


def _promise(r: Row) -> Promise:
    return Promise(
        what=r["what"], to=r["to"], done=r["done"], id=r["id"], interview_id=r.get("interview_id")
    )


def _promise_attachment(r: Row) -> Promised:
    """A promise's file (named, typed, its size its bytes') or link (a web address)."""
    content, size = r.get("content"), r.get("size")
    if content is not None and len(content) != size:
        raise _Column("size", f"{size} where the file has {len(content)} bytes")
    if r.get("link") is not None:
        _field(r, "link", check_link)
    elif content is None:
        raise _Column("content", "a file attached without its bytes")
    else:
        check_file(r["file_name"] or "", len(content), r["mime_type"] or "", MAX_ATTACHMENT_MB)
    return Promised(r["promise_id"], r.get("file_name"), r.get("mime_type"), size, r.get("link"))


def _touch(r: Row) -> Touch:
    return Touch(
        channel=_field(r, "channel", _member(Channel, "channel")),
        direction=_field(r, "direction", _member(Direction, "direction")),
        at=r["at"],
        outcome=r.get("outcome"),
        note=r.get("note"),
        message_id=r.get("message_id"),
        contact_id=r.get("contact_id"),
        references=tuple((r.get("message_references") or "").split()),
        id=r["id"],
    )


def _decision(r: Row) -> Decision:
    return Decision(
        kind=_field(r, "kind", _member(DecisionKind, "decision")), at=r["at"], note=r.get("note")
    )


def _recipients(value: Any) -> tuple[Recipient, ...]:
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise InvalidInput("a step's recipients are not a list of objects")
    found = []
    for person in value:
        if unknown := sorted(set(person) - {"name", "relation", "title", "email", "contact_id"}):
            raise InvalidInput(
                f"a step's recipient has fields this followup does not know: {unknown}"
            )
        email = person.get("email")
        contact_id = person.get("contact_id")
        if contact_id is not None and (
            not isinstance(contact_id, int) or isinstance(contact_id, bool)
        ):
            raise InvalidInput(f"a recipient's contact id {contact_id!r} is not a whole number")
        found.append(
            Recipient(
                name=one_line(person["name"], "a recipient's name"),
                relation=_member(Relation, "relation")(person["relation"]),
                title=None
                if person.get("title") is None
                else one_line(person["title"], "a recipient's title"),
                email=None
                if email is None
                else check_email(one_line(email, "a recipient's email")),
                contact_id=contact_id,
            )
        )
    return tuple(found)


def _step(r: Row) -> Step:
    timezone = _field(r, "timezone", check_zone)
    return Step(
        kind=_field(r, "kind", _line("a step's kind")),
        channel=_field(r, "channel", _member(Channel, "channel")),
        earliest=r["earliest"].astimezone(zone(timezone)),
        due=r["due"].astimezone(zone(timezone)),
        recipients=_field(r, "recipients", _recipients),
        status=_field(r, "status", _member(StepStatus, "step status")),
        rationale=_field(r, "rationale", _block("a step's rationale")),
        sources=_field(r, "sources", _texts("a step's sources")),
        draft=_field(r, "draft", _block("a step's draft")),
        outcome=_field(r, "outcome", _line("a step's outcome")),
        timezone=timezone,
        key=_field(r, "key", _line("a step's key", ADDRESS)),
        done_at=r.get("done_at"),
        application_id=r["application_id"],
        id=r["id"],
        needs=_field(r, "needs", _line("what a step needs", ADDRESS)),
    )


def _outbox(r: Row) -> OutboxEntry:
    return OutboxEntry(
        application_id=r["application_id"],
        step_id=r.get("step_id"),
        message_id=_field(r, "message_id", _line("a Message-ID", ADDRESS)),
        message=_field(r, "message", _block("the message", MESSAGE)),
        approved_at=r["approved_at"],
        state=_field(r, "state", _member(OutboxState, "outbox state")),
        smtp_started_at=r.get("smtp_started_at"),
        sent_at=r.get("sent_at"),
        confirmed_by=_field(r, "confirmed_by", _member(Confirmation, "confirmation")),
        error=_field(r, "error", _block("the last error")),
        id=r["id"],
    )


def _met(r: Row, applications: Mapping[tuple[str, int], int | None]) -> None:
    """A person met at an interview: both of one application."""
    interview = applications.get(("interviews", r["interview_id"]))
    if interview != applications.get(("contacts", r["contact_id"])):
        raise _Column("contact_id", "a contact of another application than the interview's")


def _feed_token(r: Row) -> None:
    token = r["token_hash"]
    if len(token) != 64 or not set(token) <= set("0123456789abcdef"):
        raise _Column("token_hash", "not a SHA-256 hash (64 hexadecimal digits)")


BUILDERS: dict[str, Callable[..., Any]] = {
    "profiles": _profile,
    "applications": _application,
    "interviews": _interview,
    "contacts": _contact,
    "promises": _promise,
    "promise_attachments": _promise_attachment,
    "touches": _touch,
    "decisions": _decision,
    "steps": _step,
    "outbox": _outbox,
    "feed_tokens": _feed_token,
    "interview_people": _met,
}
