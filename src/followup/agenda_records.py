"""The agenda's records (`due --json`: each step, each reply not acted on) built from plain
values, with the standard library alone: the one place their keys and the rules of a reply's
`from`, `flag`, `confirm`, `paused` and `resume` are written. `views.step_record` and
`views.reply_record` give them from the domain's objects, `domain/replies.py`'s Reply reads its
rules here, and `cli/fast_agenda.py` gives them from rows without loading the domain (issue 17).
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False  # not `typing`'s: importing it costs the fast path more than its work
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime, tzinfo
    from typing import Any, Literal

    Flag = Literal["offer", "rejection"]
    Record = dict[str, Any]
    InZone = Callable[[datetime, int, str], str]

# A step that is no use once its due has passed: it is never shown as overdue (the day-before
# checklist of an interview: its due is the interview's start).
UNTIL_DUE = frozenset({"interview-day"})
# What an incoming touch's outcome flags, and the decision that would confirm it.
FLAGS: Mapping[str, Flag] = {"looks-like-offer": "offer", "looks-like-rejection": "rejection"}
DECISIONS = {"offer": "offer", "rejection": "rejected"}  # DecisionKind's values


def in_zone(zone: Callable[[str], tzinfo]) -> InZone:
    """A moment as ISO text in the zone named (`zone` finds it): a step's moments are shown in
    its own zone, the recipient's. Steps listed together share a few hundred moments, 9:00 on a
    day: each is written once. Keyed by the fold too: the two readings of an hour the clocks go
    back over are equal in their zone but not the same moment."""

    @functools.lru_cache(maxsize=4096)
    def shown(moment: datetime, fold: int, timezone: str) -> str:
        return moment.astimezone(zone(timezone)).isoformat()

    return shown


def recipient_record(
    name: str, title: str | None, email: str | None, relation: str, contact_id: int | None
) -> Record:
    return {
        "name": name,
        "title": title,
        "email": email,
        "relation": relation,
        "contact_id": contact_id,
    }


def step_record(
    ident: int | None,
    application_id: int | None,
    kind: str,
    channel: str,
    status: str,
    recipients: list[Record],
    earliest: datetime,
    due: datetime,
    timezone: str,
    rationale: str,
    sources: list[str],
    outcome: str | None,
    needs: str | None,
    shown: InZone,
) -> Record:
    """A step's record, its moments shown in its zone, `timezone` (by `shown`, an `in_zone`).
    (A literal, not a TypedDict call: three times faster, for thousands.)"""
    return {
        "id": ident,
        "application_id": application_id,
        "kind": kind,
        "channel": channel,
        "status": status,
        "recipients": recipients,
        "earliest": shown(earliest, earliest.fold, timezone),
        "due": shown(due, due.fold, timezone),
        "timezone": timezone,
        "rationale": rationale,
        "sources": sources,
        "outcome": outcome,
        "needs": needs,
    }


def touch_record(
    ident: int | None,
    channel: str,
    direction: str,
    at: datetime,
    outcome: str | None,
    note: str | None,
    message_id: str | None,
    contact_id: int | None,
) -> Record:
    return {
        "id": ident,
        "channel": channel,
        "direction": direction,
        "at": at.isoformat(),
        "outcome": outcome,
        "note": note,
        "message_id": message_id,
        "contact_id": contact_id,
    }


def subject(note: str | None) -> str:
    """An incoming mail's subject as its touch keeps it: the note's first line."""
    return (note or "").split("\n", 1)[0]


def sender(contact: str | None, note: str | None, email: str | None) -> str | None:
    """The contact's name, else the address the note names (its second line), else the
    contact's address."""
    if contact:
        return contact
    for line in (note or "").splitlines()[1:2]:
        if line.startswith("From: "):
            return line.removeprefix("From: ")
    return email


def flag(outcome: str | None) -> Flag | None:
    """ "offer" or "rejection" when the reply reads like one (never decided here)."""
    return FLAGS.get(outcome or "")


def paused(active: bool, at: datetime, home: tzinfo, who: str | None, company: str) -> str | None:
    """ "paused: Priya Shah replied on Tue 1 Dec" (the day in the user's zone, `home`) while the
    application is open: its nudges wait until the user answers or resumes."""
    if not active:
        return None
    day = at.astimezone(home)
    return f"paused: {who or company} replied on {day:%a} {day.day} {day:%b}"


def resume(active: bool, application_id: int) -> str | None:
    """The command that goes on without answering, while the reply pauses nudges."""
    return f"followup resume {application_id}" if active else None


def reply_record(
    touch: Mapping[str, Any],
    at: datetime,
    application_id: int,
    company: str,
    role: str,
    contact: str | None,
    email: str | None,
    active: bool,
    home: tzinfo,
) -> Record:
    """An incoming touch (its `touch_record`, arrived `at`) as `today` shows it: `flag` when it
    reads like an offer or a rejection, `confirm` the command that would decide it; while the
    application is open, `paused` says its nudges wait and `resume` is the command that goes
    on without answering."""
    note = touch["note"]
    who = sender(contact, note, email)
    flagged = flag(touch["outcome"])
    return {
        **touch,
        "application_id": application_id,
        "company": company,
        "role": role,
        "from": who,
        "email": email,
        "subject": subject(note),
        "flag": flagged,
        "confirm": f"followup decide {application_id} {DECISIONS[flagged]}" if flagged else None,
        "paused": paused(active, at, home, who, company),
        "resume": resume(active, application_id),
    }
