"""Coaching with consent: a coach sees a job seeker's data only while the job seeker allows it.

A coaching link between a coach and a job seeker is asked for by either. Asked by the coach, it
waits for the job seeker to accept (active) or decline; asked by the job seeker, it is active at
once (the job seeker gives it). Either ends it: the job seeker revokes, the coach steps back.
While active, the coach sees the plan, the applications and the insights, read-only; draft text
only when the job seeker shares drafts. A nudge (a coach's short message) reaches a job seeker at
most once a week, unless the last one was answered. Pure: `now` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from followup.domain.errors import Conflict
from followup.domain.values import text_block

NUDGE_EVERY = timedelta(days=7)  # at most one nudge a week per job seeker, unless answered
NOTE_LIMIT = 4000  # characters of a coach's note
NUDGE_LIMIT = 1000  # characters of a nudge


class State(StrEnum):
    ASKED = "asked"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class AskedBy(StrEnum):
    COACH = "coach"
    SEEKER = "seeker"


OPEN = frozenset({State.ASKED, State.ACTIVE})  # a link still in force (one per pair at most)


@dataclass(frozen=True, slots=True)
class Coaching:
    """A coach's access to a job seeker's data, and the emails that name the two."""

    coach_id: int
    seeker_id: int
    asked_by: AskedBy
    state: State
    created_at: datetime
    share_drafts: bool = False
    accepted_at: datetime | None = None
    ended_at: datetime | None = None
    id: int | None = None
    coach_email: str = ""
    seeker_email: str = ""

    @property
    def active(self) -> bool:
        return self.state is State.ACTIVE

    @property
    def drafts_seen(self) -> bool:
        """Whether the coach may read the text of the job seeker's drafts."""
        return self.active and self.share_drafts


def asked(
    coach_id: int, seeker_id: int, by: AskedBy, now: datetime, current: Coaching | None = None
) -> Coaching:
    """A new link asked for `by` one side; `current` the pair's open link, if any. The job
    seeker asking is consent given: active at once (and a coach's waiting request accepted)."""
    if current is not None and current.state in OPEN:
        if current.active:
            raise Conflict("you already share with each other")
        if by is AskedBy.SEEKER and current.asked_by is AskedBy.COACH:
            return accept(current, now)
        raise Conflict("a request is already waiting for an answer")
    if by is AskedBy.SEEKER:
        return Coaching(coach_id, seeker_id, by, State.ACTIVE, now, accepted_at=now)
    return Coaching(coach_id, seeker_id, by, State.ASKED, now)


def accept(link: Coaching, now: datetime) -> Coaching:
    """The job seeker accepts a coach's request."""
    if link.state is not State.ASKED:
        raise Conflict(f"this request is {link.state.value}: there is nothing to accept")
    return replace(link, state=State.ACTIVE, accepted_at=now)


def decline(link: Coaching, now: datetime) -> Coaching:
    """The job seeker declines a coach's request."""
    if link.state is not State.ASKED:
        raise Conflict(f"this request is {link.state.value}: there is nothing to decline")
    return replace(link, state=State.DECLINED, ended_at=now)


def end(link: Coaching, now: datetime) -> Coaching:
    """The job seeker revokes (or the coach steps back, or withdraws a request): access ends."""
    if link.state not in OPEN:
        raise Conflict(f"this link is {link.state.value} already")
    return replace(link, state=State.ENDED, ended_at=now)


def share_drafts(link: Coaching, shared: bool) -> Coaching:
    """The job seeker lets the coach read their drafts' text, or stops."""
    if not link.active:
        raise Conflict("drafts are shared only with a coach you share with")
    return replace(link, share_drafts=shared)


@dataclass(frozen=True, slots=True)
class Nudge:
    """A coach's short message to a job seeker (in the app, and by email)."""

    seeker_id: int
    coach_id: int
    body: str
    created_at: datetime
    emailed_at: datetime | None = None
    read_at: datetime | None = None
    answered_at: datetime | None = None
    id: int | None = None
    coach_email: str = ""


def next_nudge(last: Nudge | None, now: datetime) -> datetime | None:
    """When the next nudge to a job seeker may be sent (None: now). At most one every
    NUDGE_EVERY, unless the last one was answered (as the playbook's weekly steps: once a
    week, not more)."""
    if last is None or last.answered_at is not None:
        return None
    allowed = last.created_at + NUDGE_EVERY
    return None if allowed <= now else allowed


def may_nudge(last: Nudge | None, now: datetime) -> None:
    """Conflict, saying when the next is allowed, when the cap says no."""
    allowed = next_nudge(last, now)
    if allowed is not None:
        raise Conflict(
            "a nudge was sent less than a week ago and not answered yet: the next may be sent "
            f"from {allowed:%a %d %b %Y %H:%M} UTC"
        )


def note_text(body: str) -> str:
    """A note's text: plain text (line breaks kept), not empty, at most NOTE_LIMIT characters."""
    return _text(body, "note", NOTE_LIMIT)


def nudge_text(body: str) -> str:
    """A nudge's text: plain text, not empty, at most NUDGE_LIMIT characters."""
    return _text(body, "nudge", NUDGE_LIMIT)


def _text(body: str, what: str, limit: int) -> str:
    from followup.domain.errors import InvalidInput

    cleaned = body.replace("\r\n", "\n").strip()
    if not cleaned:
        raise InvalidInput(f"the {what} is empty: write something")
    return text_block(cleaned, what, limit)


@dataclass(frozen=True, slots=True)
class Note:
    """A coach's note on a job seeker: private to staff, or shared with the job seeker."""

    seeker_id: int
    author_id: int
    body: str
    shared: bool
    created_at: datetime
    id: int | None = None
    author_email: str = ""


@dataclass(frozen=True, slots=True)
class Access:
    """One view a coach had of a job seeker's data (the access log)."""

    coach_email: str
    at: datetime
    what: str
