"""A record of the search: every application made and every contact made in a period, for
whoever asks for proof of it (a work coach's work-search record under Universal Credit, a
Bewerbungsnachweis for the Agentur für Arbeit, a US state's work-search log, a careers service).

Pure: the applications and the period come in, entries come out, one per thing done, each with
its day, employer, position, the person, how they were contacted, what happened and where the
application stands now (the columns those forms ask for). What counts:

- an application made: on the day it was applied for, when known; else when it was recorded,
  unless something on it came earlier (then the day it was made is not known);
- a touch either way (a call, a mail, a reply), except the `resumed` marker, which is no contact;
- a step done that reached someone (a thank-you sent, a call made), not the user's own
  reminders (channel `other`);
- an interview, on the day it started, with the people met at it;
- a decision (an offer, a rejection, a withdrawal).

The period is whole days in the user's time zone, both ends included: a moment belongs to it
when its day there does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from followup.domain.errors import InvalidInput
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    DecisionKind,
    Direction,
    Relation,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import RESUMED
from followup.domain.values import zone
from followup.domain.vocabulary import EMPLOYER_SIDE

# The columns of a record, as its header names them (what the forms ask for).
COLUMNS = (
    "Date",
    "Employer",
    "Position",
    "Contact person",
    "How contacted",
    "What happened",
    "Result",
)
KINDS = ("applied", "interview", "touch", "step", "decision")
LONGEST = timedelta(days=3660)  # a period of at most ten years: what any form asks for

HOW = {
    Channel.EMAIL: "email",
    Channel.PHONE: "phone",
    Channel.VOICEMAIL: "phone (voicemail)",
    Channel.LETTER: "letter",
    Channel.IN_PERSON: "in person",
    Channel.OTHER: "other",
}
INTERVIEW_HOW = {"in-person": "in person", "phone": "phone", "video": "video call"}
APPLIED_HOW = {"direct": "applied directly", "agency": "through an agency", "referral": "referral"}
RESULT = {
    Stage.APPLIED: "awaiting an answer",
    Stage.INTERVIEWING: "interviewing",
    Stage.OFFER: "offer",
    Stage.HIRED: "hired",
    Stage.REJECTED: "rejected",
    Stage.WITHDRAWN: "withdrawn",
    Stage.CLOSED: "closed",
}
DECIDED = {
    DecisionKind.OFFER: "Offer received",
    DecisionKind.REJECTED: "Rejected",
    DecisionKind.WITHDRAWN: "Withdrew the application",
    DecisionKind.HIRED: "Hired",
    DecisionKind.CLOSED: "Application closed",
}
STEP_DONE = {
    "thank-you": "Thank-you note",
    "send-promised": "Sent what was promised",
    "reference-heads-up": "Told a reference to expect a call",
    "referral-outreach": "Asked for a referral",
    "agency-update": "Update to the agency",
    "check-in-call": "Check-in call",
    "keep-in-touch": "Follow-up",
    "feedback-request": "Asked for feedback",
    "stay-in-touch": "Stay-in-touch note",
    "thank-references": "Thanked references",
    "status-check": "Asked where things stand",
}
OUTCOME = {
    "sent": "sent",
    "reached": "spoke to them",
    "voicemail": "left a voicemail",
    "no-answer": "no answer",
    "call-back": "agreed to call back",
}


@dataclass(frozen=True, slots=True)
class Period:
    """Whole days from `first` to `last` (both included), in the time zone `timezone`."""

    first: date
    last: date
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise InvalidInput(
                f"the period starts ({self.first.isoformat()}) after it ends "
                f"({self.last.isoformat()}): give --from on or before --to"
            )
        if self.last - self.first > LONGEST:
            raise InvalidInput("the period is longer than ten years: give a shorter one")

    @property
    def start(self) -> datetime:
        """The first moment of the period."""
        return datetime.combine(self.first, time(), zone(self.timezone))

    @property
    def end(self) -> datetime:
        """The first moment after the period (midnight after its last day)."""
        return datetime.combine(self.last + timedelta(days=1), time(), zone(self.timezone))

    def holds(self, moment: datetime) -> bool:
        return self.first <= self.day_of(moment) <= self.last

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(zone(self.timezone)).date()


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing done in the search, as a record lists it: its `kind` is one of KINDS."""

    kind: str
    at: datetime  # when, in the period's zone (a day alone: its midnight)
    employer: str
    position: str
    person: str
    how: str
    what: str
    result: str
    application_id: int | None = None

    @property
    def day(self) -> date:
        return self.at.date()

    def cells(self) -> tuple[str, ...]:
        """The entry under COLUMNS, as text."""
        return (
            self.day.isoformat(),
            self.employer,
            self.position,
            self.person,
            self.how,
            self.what,
            self.result,
        )


@dataclass(frozen=True, slots=True)
class Record:
    """Who searched (their name, their country: it decides the paper), over which period, and
    everything they did in it, in order."""

    name: str
    period: Period
    entries: tuple[Entry, ...]
    country: str | None = None

    @property
    def applications(self) -> int:
        """How many applications were made in the period."""
        return sum(1 for e in self.entries if e.kind == "applied")

    @property
    def employers(self) -> int:
        """How many employers the entries concern."""
        return len({e.employer.casefold() for e in self.entries})


def record(
    name: str, applications: Iterable[Application], period: Period, country: str | None = None
) -> Record:
    """The record of `period` over `applications`: their entries in it, by moment."""
    found = [entry for a in applications for entry in _entries(a, period)]
    found.sort(key=lambda e: (e.at, e.application_id or 0))
    return Record(name, period, tuple(found), country)


def _entries(application: Application, period: Period) -> Iterator[Entry]:
    tz = zone(period.timezone)
    people = {c.id: c.name for c in application.contacts if c.id is not None}
    result = RESULT[application.stage]

    def entry(kind: str, at: datetime, person: str, how: str, what: str) -> Entry:
        return Entry(
            kind,
            at.astimezone(tz),
            application.company,
            application.role,
            person,
            how,
            what,
            result,
            application.id,
        )

    made = _made(application, period)
    if made is not None:
        agents = [c.name for c in application.contacts if c.relation is Relation.RECRUITER]
        how = APPLIED_HOW.get(application.source.value, application.source.value)
        yield entry("applied", made, ", ".join(agents), how, "Applied")
    for interview in application.interviews:
        if period.holds(interview.start):
            met = [
                c.name
                for c in application.contacts
                if c.relation in EMPLOYER_SIDE and interview in application.met_at(c)
            ]
            what = f"Interview (round {interview.round})"
            yield entry(
                "interview", interview.start, ", ".join(met), INTERVIEW_HOW[interview.format], what
            )
    for touch in application.touches:
        if touch.outcome != RESUMED and period.holds(touch.at):
            person = people.get(touch.contact_id, "") if touch.contact_id else ""
            yield entry("touch", touch.at, person, HOW[touch.channel], _touched(touch))
    for step in application.steps:
        if _reached(step) and step.done_at is not None and period.holds(step.done_at):
            person = ", ".join(r.name for r in step.recipients)
            yield entry("step", step.done_at, person, HOW[step.channel], _done(step))
    for decision in application.decisions:
        if period.holds(decision.at):
            yield entry("decision", decision.at, "", "", DECIDED[decision.kind])


def _made(application: Application, period: Period) -> datetime | None:
    """When the application was made, if in the period: the day it was applied for, when
    known; else when it was recorded, if nothing on it came before (recorded after its
    interview, as `followup add` records one, it was made on a day not known: not listed)."""
    if application.applied_at is not None:
        day = application.applied_at
        if period.first <= day <= period.last:
            return datetime.combine(day, time(), zone(period.timezone))
        return None
    created = application.created_at
    if created is None or not period.holds(created):
        return None
    before = [
        *(i.start for i in application.interviews),
        *(t.at for t in application.touches),
        *(s.done_at for s in application.steps if s.done_at is not None),
        *(d.at for d in application.decisions),
    ]
    return None if any(moment < created for moment in before) else created


def _reached(step: Step) -> bool:
    return step.status is StepStatus.DONE and step.channel is not Channel.OTHER


def _touched(touch: Touch) -> str:
    said = "Contacted them" if touch.direction is Direction.OUT else "Heard from them"
    if touch.outcome == AUTO_REPLY:
        said = "Automatic reply received"
    elif touch.outcome:
        said = f"{said}: {touch.outcome}"
    return said


def _done(step: Step) -> str:
    label = STEP_DONE.get(step.kind, step.kind.replace("-", " ").capitalize())
    outcome = OUTCOME.get(step.outcome or "", step.outcome)
    return f"{label}, {outcome}" if outcome else label
