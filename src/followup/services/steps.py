"""Use cases of one step: done (with an outcome), skipped, snoozed; its application is then
replanned in the same transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from followup.domain import planner
from followup.domain.model import (
    Step,
)
from followup.domain.playbook import Playbook
from followup.ports import Applications, Store

if TYPE_CHECKING:
    pass
from followup.services.applications import _home, replan


def change_step(
    repo: Applications, step_id: int, playbook: Playbook, now: datetime, action: Any
) -> Step:
    """Apply `action(application, step, home) -> Step` to one step, then replan its
    application, inside the caller's transaction."""
    step = repo.get_step(step_id)
    assert step.application_id is not None
    current = repo.get_application(step.application_id)
    changed = action(current, step, _home(repo))
    steps = tuple(changed if s.id == step_id else s for s in current.steps)
    edited = dataclasses.replace(current, steps=steps)
    replanned = replan(repo, step.application_id, playbook, now, edited)
    return next(s for s in replanned.steps if s.id == step_id)


def _act_on_step(
    store: Store, step_id: int, playbook: Playbook, now: datetime, action: Any
) -> Step:
    """`change_step` in a transaction of its own."""
    with store.transaction() as repo:
        return change_step(repo, step_id, playbook, now, action)


def complete_step(
    store: Store, step_id: int, outcome: str | None, playbook: Playbook, now: datetime
) -> Step:
    return _act_on_step(
        store,
        step_id,
        playbook,
        now,
        lambda app, step, home: planner.complete(app, step, outcome, now, playbook, home),
    )


def skip_step(store: Store, step_id: int, playbook: Playbook, now: datetime) -> Step:
    return _act_on_step(
        store, step_id, playbook, now, lambda app, step, home: planner.skip(step, now)
    )


def snooze_step(store: Store, step_id: int, until: date, playbook: Playbook, now: datetime) -> Step:
    return _act_on_step(
        store,
        step_id,
        playbook,
        now,
        lambda app, step, home: planner.snooze(app, step, until, playbook, home),
    )
