"""Use cases of one step: `act(store, step_id, action, playbook, now)` with one of the user's
actions (done with an outcome or a call-back, skipped, snoozed; opened again when its approved
message is cancelled); its application is then replanned in the same transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from followup.domain import planner
from followup.domain.model import Application, Step, StepStatus
from followup.domain.planner import CallBack, Home
from followup.domain.playbook import Playbook
from followup.domain.undo import step_words
from followup.ports import Applications, Store
from followup.services import undo
from followup.services.applications import _home, replan


@dataclass(frozen=True, slots=True)
class Complete:
    """Done, with how it went (`planner.OUTCOMES`; None: sent, or reached for a call); a call
    that ends "call back on ..." with the moment agreed (`call_back`)."""

    outcome: str | None = None
    call_back: CallBack | None = None

    def apply(
        self, application: Application, step: Step, now: datetime, playbook: Playbook, home: Home
    ) -> Step:
        return planner.complete(
            application, step, self.outcome, now, playbook, home, self.call_back
        )


@dataclass(frozen=True, slots=True)
class Skip:
    """Closed for good without being done."""

    def apply(
        self, application: Application, step: Step, now: datetime, playbook: Playbook, home: Home
    ) -> Step:
        return planner.skip(step, now)


@dataclass(frozen=True, slots=True)
class Snooze:
    """Moved to the first working day on or after `until`."""

    until: date

    def apply(
        self, application: Application, step: Step, now: datetime, playbook: Playbook, home: Home
    ) -> Step:
        return planner.snooze(application, step, self.until, now, playbook, home)


@dataclass(frozen=True, slots=True)
class Reopen:
    """A step done by an approval that was cancelled: planned again."""

    def apply(
        self, application: Application, step: Step, now: datetime, playbook: Playbook, home: Home
    ) -> Step:
        return dataclasses.replace(step, status=StepStatus.PLANNED, outcome=None, done_at=None)


StepAction = Complete | Skip | Snooze | Reopen


def step(store: Store, step_id: int) -> Step:
    """One step as it stands (to ask before acting on it)."""
    with store.reading() as repo:
        return repo.get_step(step_id)


def change_step(
    repo: Applications, step_id: int, action: StepAction, playbook: Playbook, now: datetime
) -> Step:
    """Apply `action` to one step, then replan its application, inside the caller's
    transaction."""
    step = repo.get_step(step_id)
    assert step.application_id is not None
    current = repo.get_application(step.application_id)
    changed = action.apply(current, step, now, playbook, _home(repo))
    steps = tuple(changed if s.id == step_id else s for s in current.steps)
    edited = dataclasses.replace(current, steps=steps)
    replanned = replan(repo, step.application_id, playbook, now, edited)
    return next(s for s in replanned.steps if s.id == step_id)


def act(store: Store, step_id: int, action: StepAction, playbook: Playbook, now: datetime) -> Step:
    """`change_step` in a transaction of its own, kept to be undone a while (services/undo.py):
    the step as it now stands."""
    with store.transaction() as repo:
        step = repo.get_step(step_id)
        assert step.application_id is not None
        what = step_words(_verb(action), step.kind, [r.name for r in step.recipients])
        with undo.kept(repo, step.application_id, what, now):
            return change_step(repo, step_id, action, playbook, now)


def _verb(action: StepAction) -> str:
    if isinstance(action, Complete):
        return "Call back agreed" if action.call_back else "Marked done"
    if isinstance(action, Snooze):
        return f"Snoozed until {action.until:%d %b}"
    return "Skipped" if isinstance(action, Skip) else "Opened again"
