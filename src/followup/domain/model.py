"""The vocabulary of SPEC.md as frozen dataclasses that refuse impossible values.

Each class has a docstring: for a class without one `dataclass` writes one from its signature
(`inspect.signature`), which every command would pay for at start-up (issue 17).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from followup.domain.errors import InvalidInput
from followup.domain.values import (
    ADDRESS,
    LONG,
    PHOTO,
    SHORT,
    Region,
    check_day,
    check_email,
    check_moment,
    check_phone,
    check_zone,
    one_line,
    rechecking,
    require_aware,
    text_block,
)


class Stage(StrEnum):
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


ACTIVE_STAGES = frozenset({Stage.APPLIED, Stage.INTERVIEWING, Stage.OFFER})


class Source(StrEnum):
    DIRECT = "direct"
    AGENCY = "agency"
    REFERRAL = "referral"


class Relation(StrEnum):
    INTERVIEWER = "interviewer"
    HR = "hr"
    RECRUITER = "recruiter"
    HELPER = "helper"
    REFERENCE = "reference"
    REFERRAL = "referral"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    VOICEMAIL = "voicemail"
    LETTER = "letter"
    IN_PERSON = "in-person"
    OTHER = "other"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class InterviewFormat(StrEnum):
    IN_PERSON = "in-person"
    PHONE = "phone"
    VIDEO = "video"


class StepStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({StepStatus.PLANNED, StepStatus.SNOOZED})
CLOSED_STATUSES = frozenset({StepStatus.DONE, StepStatus.SKIPPED})


class DecisionKind(StrEnum):
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"
    CLOSED = "closed"


E = TypeVar("E", bound=StrEnum)


def choice(enum: type[E], value: str, what: str) -> E:
    """`value` as a member of `enum`, or one clear error listing the choices."""
    try:
        return enum(value.strip().lower())
    except ValueError:
        options = ", ".join(member.value for member in enum)
        raise InvalidInput(f"unknown {what} {value!r} (choose one of: {options})") from None


def _required(value: str, what: str) -> None:
    if not value or not value.strip():
        raise InvalidInput(f"{what} must not be empty")


# What a person gives is checked when an object is built from it; what followup rebuilds from
# its own storage was checked when it was stored (values.stored), and is not checked again.


def _lines(obj: object, what: str, *fields: str, limit: int = SHORT) -> None:
    """Each of `fields` of `obj` that is set is one line of plain text (values.one_line)."""
    for name in fields:
        value = getattr(obj, name)
        if value is not None:
            one_line(value, f"{what}'s {name}", limit)


def _block(obj: object, what: str, name: str, limit: int = LONG) -> None:
    value = getattr(obj, name)
    if value is not None:
        text_block(value, f"{what}'s {name}", limit)


def _days(obj: object, what: str, *fields: str) -> None:
    for name in fields:
        value = getattr(obj, name)
        if value is not None:
            check_day(value, f"{what}'s {name.replace('_', ' ')}")


@dataclass(frozen=True, slots=True)
class Profile:
    """The user: who signs the messages, where they are, how they write."""

    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    skills: tuple[str, ...] = ()
    region: Region | None = None
    timezone: str = "UTC"
    signature: str | None = None
    tone: str = "formal"

    def __post_init__(self) -> None:
        _required(self.name, "profile name")
        if rechecking():
            _lines(self, "the profile", "name", "email", "phone", "tone")
            _block(self, "the profile", "address", ADDRESS)
            _block(self, "the profile", "signature", ADDRESS)
            for skill in self.skills:
                one_line(skill, "a key skill")
        check_zone(self.timezone)
        if self.email is not None:
            object.__setattr__(self, "email", check_email(self.email))
        if self.phone is not None:
            object.__setattr__(self, "phone", check_phone(self.phone, self.region))
        if self.tone not in ("formal", "warm"):
            raise InvalidInput(f"unknown tone {self.tone!r} (choose one of: formal, warm)")


class DetailKind(StrEnum):
    NAME = "name"  # the structured name (vCard N), when it is not the one the name implies
    ORGANISATION = "organisation"  # the organisation with its units (vCard ORG)
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"  # a structured postal address (vCard ADR)
    PHOTO = "photo"  # base64 image data; its one type is the image format (JPEG, PNG)
    OTHER = "other"  # any other line of the card, kept as written (URL, BDAY, X-ABLabel, ...)


@dataclass(frozen=True, slots=True)
class Detail:
    """Something a contact card holds beyond the contact's own fields, with its types (work,
    home, cell, pref). An email, phone or address detail whose value is the contact's own email,
    phone or address carries that field's types; the others are further ones."""

    kind: DetailKind
    value: str
    types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _required(self.value, f"a contact's {self.kind.value}")
        if rechecking():
            what = f"a contact's {self.kind.value}"
            if self.kind is DetailKind.PHOTO:
                text_block(self.value, what, PHOTO)
            elif self.kind in (DetailKind.ADDRESS, DetailKind.OTHER, DetailKind.ORGANISATION):
                text_block(self.value, what, ADDRESS)
            else:
                one_line(self.value, what)
            for t in self.types:
                one_line(t, f"a type of {what}")
        if any(not t or not t.strip() for t in self.types):
            raise InvalidInput(f"a contact's {self.kind.value} has an empty type")
        if self.kind is DetailKind.EMAIL:
            object.__setattr__(self, "value", check_email(self.value))


@dataclass(frozen=True, slots=True)
class Contact:
    """A person met through an application: interviewer, HR, recruiter, reference..."""

    name: str
    relation: Relation = Relation.INTERVIEWER
    title: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    timezone: str | None = None
    region: Region | None = None
    notes: str | None = None
    details: tuple[Detail, ...] = ()  # what a contact card holds beyond the fields above
    application_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _required(self.name, "contact name")
        if rechecking():
            _lines(self, "a contact", "name", "title", "organisation", "email", "phone")
            _block(self, "a contact", "address", ADDRESS)
            _block(self, "a contact", "notes")
        if self.timezone is not None:
            check_zone(self.timezone)
        if self.email is not None:
            object.__setattr__(self, "email", check_email(self.email))
        if self.phone is not None:
            object.__setattr__(self, "phone", check_phone(self.phone, self.region))
        for detail in self.details:
            if detail.kind is DetailKind.PHONE:
                check_phone(detail.value, self.region)


@dataclass(frozen=True, slots=True)
class Promise:
    """Something the candidate said they would send, and to whom."""

    what: str
    to: str
    done: bool = False
    id: int | None = None
    interview_id: int | None = None  # the interview it was made at (None: the latest)

    def __post_init__(self) -> None:
        _required(self.what, "what was promised")
        _required(self.to, "to whom it was promised")
        if rechecking():
            one_line(self.what, "what was promised", ADDRESS)
            one_line(self.to, "to whom it was promised")


TOPICS = 50  # topics kept on one interview: far more than one conversation covers


@dataclass(frozen=True, slots=True)
class Interview:
    """One round of interviews, in its own time zone and region."""

    start: datetime
    end: datetime
    timezone: str
    region: Region | None = None
    format: InterviewFormat = InterviewFormat.IN_PERSON
    round: int = 1
    notes: str | None = None
    decision_by: date | None = None
    next_round: date | None = None
    contact_on: date | None = None
    topics: tuple[str, ...] = ()  # what was discussed, as the debrief recorded it
    debriefed_at: datetime | None = None  # when the user last debriefed it
    id: int | None = None
    # The ids of the application's people met at this interview. A person met at none of its
    # interviews (recorded before rounds were, or added later) counts as met at the latest.
    met: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        check_zone(self.timezone)
        require_aware(self.start, "the interview start")
        require_aware(self.end, "the interview end")
        if self.debriefed_at is not None:
            require_aware(self.debriefed_at, "the time of the debrief")
        if rechecking():
            check_moment(self.start, "the interview start")
            check_moment(self.end, "the interview end")
            _days(self, "the interview", "decision_by", "next_round", "contact_on")
            _block(self, "the interview", "notes")
            if len(self.topics) > TOPICS:
                raise InvalidInput(f"an interview keeps at most {TOPICS} topics")
            for topic in self.topics:
                _required(topic, "a topic")
                one_line(topic, "a topic")
            if self.debriefed_at is not None:
                check_moment(self.debriefed_at, "the time of the debrief")
        if self.end <= self.start:
            raise InvalidInput("the interview must end after it starts")
        if self.round < 1:
            raise InvalidInput("the interview round must be 1 or more")


AUTO_REPLY = "auto-reply"  # a touch's outcome: an automatic answer, logged but changing nothing


@dataclass(frozen=True, slots=True)
class Touch:
    """A contact that happened, either way."""

    channel: Channel
    direction: Direction
    at: datetime
    outcome: str | None = None
    note: str | None = None
    message_id: str | None = None
    contact_id: int | None = None
    # An incoming mail's thread before it (its References), to continue it: domain/mail.py.
    references: tuple[str, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        require_aware(self.at, "the touch time")
        if rechecking():
            check_moment(self.at, "the touch time")
            _lines(self, "a touch", "outcome")
            _lines(self, "a touch", "message_id", limit=ADDRESS)
            _block(self, "a touch", "note")
            for reference in self.references:
                one_line(reference, "a touch's references", ADDRESS)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Whom a step is addressed to, as the step keeps them."""

    name: str
    relation: Relation
    title: str | None = None
    email: str | None = None
    contact_id: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One follow-up the planner proposes: what, through which channel, when, and why."""

    kind: str
    channel: Channel
    earliest: datetime
    due: datetime
    recipients: tuple[Recipient, ...] = ()
    status: StepStatus = StepStatus.PLANNED
    rationale: str = ""
    sources: tuple[str, ...] = ()
    draft: str | None = None
    outcome: str | None = None
    timezone: str = "UTC"
    key: str = ""
    done_at: datetime | None = None
    application_id: int | None = None
    id: int | None = None
    # What to add so that the channel can reach the recipient (their email, phone or postal
    # address, and the command that adds it); None when it can.
    needs: str | None = None

    def __post_init__(self) -> None:
        if self.earliest.tzinfo is None or self.due.tzinfo is None:  # fast path: planner
            require_aware(self.earliest, "a step's earliest time")
            require_aware(self.due, "a step's due time")
        if self.due < self.earliest:
            raise InvalidInput(f"step {self.kind!r} would be due before it may start")


@dataclass(frozen=True, slots=True)
class Decision:
    """The employer's (or the candidate's) decision on an application."""

    kind: DecisionKind
    at: datetime
    note: str | None = None

    def __post_init__(self) -> None:
        require_aware(self.at, "the decision time")
        if rechecking():
            check_moment(self.at, "the decision time")
            _block(self, "a decision", "note")


DECISION_STAGE = {
    DecisionKind.OFFER: Stage.OFFER,
    DecisionKind.REJECTED: Stage.REJECTED,
    DecisionKind.WITHDRAWN: Stage.WITHDRAWN,
    DecisionKind.HIRED: Stage.HIRED,
    DecisionKind.CLOSED: Stage.CLOSED,
}


@dataclass(frozen=True, slots=True)
class Application:
    """A job at a company, with everything that belongs to it (the aggregate)."""

    company: str
    role: str
    source: Source = Source.DIRECT
    stage: Stage = Stage.APPLIED
    notes: str | None = None
    created_at: datetime | None = None
    interviews: tuple[Interview, ...] = ()
    contacts: tuple[Contact, ...] = ()
    promises: tuple[Promise, ...] = ()
    touches: tuple[Touch, ...] = ()
    steps: tuple[Step, ...] = ()
    decisions: tuple[Decision, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    id: int | None = None
    applied_at: date | None = None  # the day it was applied for, when known

    def __post_init__(self) -> None:
        _required(self.company, "company")
        _required(self.role, "role")
        if rechecking():
            _lines(self, "the application", "company", "role")
            _block(self, "the application", "notes")
            if self.created_at is not None:
                check_moment(self.created_at, "the application's creation time")
            _days(self, "the application", "applied_at")
        agencies = [c for c in self.contacts if c.relation is Relation.RECRUITER]
        if self.source is Source.AGENCY and not agencies:
            raise InvalidInput("an application through an agency needs the agency contact")

    @property
    def decision(self) -> Decision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def latest_interview(self) -> Interview | None:
        """The interview that ends last (of two ending at the same moment, the one recorded
        first), or None before any: the one the steps after an interview follow."""
        return max(self.interviews, key=lambda i: i.end, default=None)

    def met_at(self, contact: Contact) -> tuple[Interview, ...]:
        """The interviews `contact` was met at, in the order they end: those that name them,
        else (a person no interview names) the latest; none before any interview."""
        named = [i for i in self.interviews if contact.id is not None and contact.id in i.met]
        if not named:
            return (self.latest_interview,) if self.latest_interview else ()
        return tuple(sorted(named, key=lambda i: i.end))


@dataclass(frozen=True, slots=True)
class ApplicationSummary:
    """One row of `followup list`: enough to choose, not the whole aggregate."""

    id: int
    company: str
    role: str
    stage: Stage
    source: Source
    last_interview: datetime | None
    created_at: datetime
    applied_at: date | None = None
