"""An application as one thread of what happened: interviews (with the people met and the
topics), messages and calls both ways, steps done or skipped, and decisions, newest first;
and the interviews still to come, which belong with the plan ahead.

Newest first: the page is opened to see where things stand (did they answer? what went last?),
and the latest entry sits at the top, beside the plan ahead that follows from it; a long
history never pushes it out of sight. Stage changes are not recorded apart from decisions
(a decision moves the stage), so a decision stands for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    DecisionKind,
    Direction,
    Interview,
    Relation,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import RESUMED
from followup.domain.prose import join_and
from followup.domain.replies import reply_on, subject_of
from followup.domain.values import zone

Kind = Literal["applied", "interview", "message", "call", "step", "skipped", "decision"]

MET = frozenset({Relation.INTERVIEWER, Relation.HR})  # whom an interview meets (not references)
EXCERPT = 160  # characters of a note shown in the thread

# What a step did, in the past tense, and what it is (for a skipped one); {who}: its recipients.
_DONE: dict[str, tuple[str, str]] = {
    "thank-you": ("Thanked {who} for the interview", "thanking {who} for the interview"),
    "send-promised": ("Sent {who} what you promised", "sending {who} what you promised"),
    "reference-heads-up": ("Told {who} the employer may call", "the heads-up to {who}"),
    "referral-outreach": ("Got in touch with {who}, as suggested", "getting in touch with {who}"),
    "agency-update": ("Updated {who} at the agency", "the update to {who} at the agency"),
    "check-in-call": ("Checked in with {who}", "checking in with {who}"),
    "keep-in-touch": ("Kept in touch with {who}", "keeping in touch with {who}"),
    "feedback-request": ("Asked {who} for feedback", "asking {who} for feedback"),
    "stay-in-touch": ("Told {who} you are still interested", "the note to {who}"),
    "thank-references": ("Thanked {who} for the reference", "thanking {who}"),
    "status-check": ("Asked {who} where the application stands", "the status check to {who}"),
    "pipeline-review": ("Reviewed your search", "the weekly review of your search"),
    "interview-day": ("Got ready for the interview", "the interview checklist"),
}
_BY = {
    Channel.EMAIL: "by email",
    Channel.PHONE: "by phone",
    Channel.VOICEMAIL: "by voicemail",
    Channel.LETTER: "by letter",
    Channel.IN_PERSON: "in person",
    Channel.OTHER: "",
}
_OUTCOMES = {
    "sent": "sent",
    "reached": "reached them",
    "voicemail": "left a voicemail",
    "no-answer": "no answer",
    "call-back": "to call back",
}
_DECIDED = {
    DecisionKind.OFFER: "Offer received",
    DecisionKind.REJECTED: "Not successful: the employer said no",
    DecisionKind.WITHDRAWN: "You withdrew",
    DecisionKind.HIRED: "Hired",
    DecisionKind.CLOSED: "Closed",
}
_FORMATS = {"in-person": "in person", "phone": "by phone", "video": "by video"}
# Of entries at the same moment, the later in this list is the newer (a decision after the
# message that told it).
_RANK: dict[Kind, int] = {
    "applied": 0,
    "interview": 1,
    "message": 2,
    "call": 2,
    "step": 3,
    "skipped": 3,
    "decision": 4,
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing that happened (or, for an interview, is to come), as the thread shows it."""

    kind: Kind
    at: datetime
    title: str
    label: str  # the entry's kind in a word or two, for its badge
    direction: Direction | None = None  # a message's or call's: who made it
    details: tuple[str, ...] = ()  # short facts: how, outcome, round, what comes next
    excerpt: str | None = None  # the start of what was written or noted
    people: tuple[str, ...] = ()  # an interview's: the people met
    topics: tuple[str, ...] = ()  # an interview's: what was discussed
    step_id: int | None = None  # a step done whose text is kept: the page links to it
    day_only: bool = False  # a day without a time (the day applied)
    key: int = 0  # the record's id, to order entries of the same moment and kind


@dataclass(frozen=True, slots=True)
class Thread:
    """What happened, newest first; and the interviews still to come, soonest first."""

    past: tuple[Entry, ...]
    ahead: tuple[Entry, ...]


def thread(application: Application, now: datetime, timezone: str = "UTC") -> Thread:
    """The application's thread at `now`; `timezone` (the user's) places the day applied."""
    entries: list[Entry] = []
    if application.applied_at is not None:
        start = datetime.combine(application.applied_at, time(), zone(timezone))
        entries.append(Entry("applied", start, "Applied", "Applied", day_only=True))
    entries += (_interview(application, i, timezone) for i in application.interviews)
    entries += (_touch(application, t) for t in application.touches)
    entries += (_step(s) for s in application.steps if s.done_at is not None and _closed(s))
    entries += (
        Entry("decision", d.at, _DECIDED[d.kind], "Decision", excerpt=_cut(d.note), key=n)
        for n, d in enumerate(application.decisions)
    )
    past = [e for e in entries if e.at <= now]
    ahead = [e for e in entries if e.at > now]
    order = sorted(past, key=_order, reverse=True)
    return Thread(tuple(order), tuple(sorted(ahead, key=_order)))


def _order(entry: Entry) -> tuple[datetime, int, int]:
    return (entry.at, _RANK[entry.kind], entry.key)


def _closed(step: Step) -> bool:
    return step.status in (StepStatus.DONE, StepStatus.SKIPPED)


def _interview(application: Application, interview: Interview, timezone: str) -> Entry:
    people = tuple(
        c.name
        for c in application.contacts
        if c.relation in MET and interview in application.met_at(c)
    )
    how = _FORMATS.get(interview.format.value, interview.format.value)
    details = [f"Round {interview.round}, {how}"]
    theirs, mine = (interview.start.astimezone(zone(z)) for z in (interview.timezone, timezone))
    if theirs.replace(tzinfo=None) != mine.replace(tzinfo=None):  # the entry shows mine
        details.append(f"{theirs:%H:%M} their time")
    if interview.decision_by:
        details.append(f"decision expected by {_day(interview.decision_by)}")
    if interview.next_round:
        details.append(f"next round {_day(interview.next_round)}")
    if interview.contact_on:
        details.append(f"they will be in touch on {_day(interview.contact_on)}")
    return Entry(
        "interview",
        interview.start,
        f"Interview with {join_and(people) or application.company}",
        "Interview",
        details=tuple(details),
        excerpt=_cut(interview.notes),
        people=people,
        topics=interview.topics,
        key=interview.id or 0,
    )


def _touch(application: Application, touch: Touch) -> Entry:
    call = touch.channel in (Channel.PHONE, Channel.VOICEMAIL)
    kind: Kind = "call" if call else "message"
    theirs = touch.direction is Direction.IN
    who = _sender(application, touch) if theirs else _contact(application, touch)
    details = [d for d in (_BY[touch.channel], _OUTCOMES.get(touch.outcome or "", "")) if d]
    excerpt = _cut(touch.note)
    if touch.outcome == RESUMED:
        title, details, excerpt = "You went on without answering their reply", [], None
    elif touch.outcome == AUTO_REPLY:
        title = f"Automatic reply from {who}"
    elif touch.outcome == "decision":
        title = f"{who} told you the decision"
    elif touch.message_id and theirs:  # a mail taken from the inbox: its subject, its words
        title = f"{who} wrote: “{subject_of(touch)}”"
        body = [line for line in (touch.note or "").splitlines()[1:] if line[:6] != "From: "]
        excerpt = _cut(" ".join(body))
    elif theirs:
        title = f"{who} called" if call else f"{who} got in touch"
    else:
        title = f"You called {who}" if call else f"You got in touch with {who}"
    label = ("Call" if call else "Message") + (" in" if theirs else " out")
    return Entry(
        kind,
        touch.at,
        title,
        label,
        direction=touch.direction,
        details=tuple(details),
        excerpt=excerpt,
        key=touch.id or 0,
    )


def _step(step: Step) -> Entry:
    assert step.done_at is not None
    who = join_and([r.name for r in step.recipients]) or "them"
    past, what = _DONE.get(step.kind, (step.kind.replace("-", " ").capitalize(), step.kind))
    if step.status is StepStatus.SKIPPED:
        return Entry("skipped", step.done_at, f"Skipped {what.format(who=who)}", "Skipped")
    how = _BY[step.channel]
    outcome = _OUTCOMES.get(step.outcome or "", step.outcome or "")
    written = step.channel in (Channel.EMAIL, Channel.LETTER)
    call = step.channel in (Channel.PHONE, Channel.VOICEMAIL)  # a call made: with the calls
    return Entry(
        "call" if call else "step",
        step.done_at,
        past.format(who=who),
        "Call out" if call else "Done",
        direction=Direction.OUT if call else None,
        details=tuple(d for d in (how, outcome) if d),
        step_id=step.id if written and step.draft else None,
        key=step.id or 0,
    )


def _contact(application: Application, touch: Touch) -> str:
    found = next((c for c in application.contacts if c.id and c.id == touch.contact_id), None)
    return found.name if found else application.company


def _sender(application: Application, touch: Touch) -> str:
    if application.id is None:  # not stored: the contact, as an outgoing touch's
        return _contact(application, touch)
    return reply_on(application, touch).sender or application.company


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _cut(text: str | None, limit: int = EXCERPT) -> str | None:
    """The text on one line, cut at a word within `limit` characters (with "…")."""
    if not text:
        return None
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
