"""The Pipeline as a board: a column per stage, a card per application with what the user
needs to choose what to do about it: how long since the last contact, the next step in words
and whether it is overdue; and the stages a card may move to.

Pure: `now` is passed in. The database finds the same last contact and next step without
loading every application (adapters/sql/board.py; a test checks both agree).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followup.domain.model import (
    AUTO_REPLY,
    OPEN_STATUSES,
    Application,
    ApplicationSummary,
    Channel,
    Stage,
    Step,
    StepStatus,
)
from followup.domain.personalisation import addressees
from followup.domain.wording import to_do

# Where a card may go from each stage: between applied and interviewing freely, from either
# to a decision; from an offer only to a decision other than another offer; a decided
# application stays (services.applications.move refuses the rest).
DECISIONS = (Stage.OFFER, Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED)
MOVES: dict[Stage, tuple[Stage, ...]] = {
    Stage.APPLIED: (Stage.INTERVIEWING, *DECISIONS),
    Stage.INTERVIEWING: (Stage.APPLIED, *DECISIONS),
    Stage.OFFER: DECISIONS[1:],
}


@dataclass(frozen=True, slots=True)
class Card:
    """One application on the board."""

    application: ApplicationSummary
    last_contact: datetime | None  # the latest interview, touch, step done or decision
    next_step: Step | None  # the open step due first

    @property
    def moves(self) -> tuple[Stage, ...]:
        """The stages this card may be moved to."""
        return MOVES.get(self.application.stage, ())

    def waited(self, now: datetime) -> str:
        """How long since the last contact, in words ("Last contact 3 days ago"; before any:
        since the application)."""
        if self.last_contact is not None:
            return f"Last contact {_ago(self.last_contact, now)}"
        applied = self.application.applied_at
        if applied is not None:
            return f"No contact yet; applied {_days_ago((now.date() - applied).days)}"
        return f"No contact yet; added {_ago(self.application.created_at, now)}"

    def overdue(self, now: datetime) -> bool:
        return self.next_step is not None and self.next_step.due < now

    @property
    def next_words(self) -> str | None:
        """The next step as something to do ("Call Tom Ellis to check in")."""
        if self.next_step is None:
            return None
        written_to, _ = addressees(self.next_step)
        step = self.next_step
        return to_do(step.kind, step.channel, [r.name for r in written_to])


def columns(cards: Iterable[Card]) -> list[tuple[Stage, list[Card]]]:
    """Every stage in order, each with its cards (an empty stage too: a card may be dropped
    there)."""
    by_stage: dict[Stage, list[Card]] = {stage: [] for stage in Stage}
    for card in cards:
        by_stage[card.application.stage].append(card)
    return list(by_stage.items())


def last_contact(application: Application, now: datetime) -> datetime | None:
    """The latest moment, by `now`, the user was in touch with the company about this
    application: an interview started, a touch either way (an automatic reply aside), a
    step done that reached someone (not a checklist), a decision heard."""
    moments = [i.start for i in application.interviews]
    moments += [d.at for d in application.decisions]
    moments += [t.at for t in application.touches if t.outcome != AUTO_REPLY]
    moments += [
        s.done_at
        for s in application.steps
        if s.status is StepStatus.DONE and s.channel is not Channel.OTHER and s.done_at
    ]
    return max((m for m in moments if m <= now), default=None)


def next_step(steps: Iterable[Step]) -> Step | None:
    """The open step due first (by due, then id)."""
    open_ = [s for s in steps if s.status in OPEN_STATUSES]
    return min(open_, key=lambda s: (s.due, s.id or 0), default=None)


def _ago(moment: datetime, now: datetime) -> str:
    return _days_ago((now - moment).days)


def _days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
