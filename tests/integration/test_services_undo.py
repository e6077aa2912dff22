"""services.undo on SQLite and PostgreSQL: an action (a step done, skipped, snoozed, a call back
agreed; a decision; a move) then undone leaves the user's data exactly as it was before, the
other role at the same company included; only the changed steps' revisions move on (the
calendar's SEQUENCE). Refused when too late, when something changed since, or twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import (
    Channel,
    DecisionKind,
    Direction,
    Stage,
    Touch,
)
from followup.domain.planner import CallBack
from followup.domain.undo import WINDOW
from followup.services import undo
from followup.services.steps import Complete, Skip, Snooze, StepAction
from tests.integration.undo_cases import NOW, PLAYBOOK, open_step, record, revisions, two_roles

ACTIONS: dict[str, tuple[Channel, StepAction]] = {
    "done": (Channel.EMAIL, Complete("sent")),
    "reached": (Channel.PHONE, Complete("reached")),
    "skip": (Channel.EMAIL, Skip()),
    "snooze": (Channel.EMAIL, Snooze(date(2026, 3, 30))),
    "call back": (Channel.PHONE, Complete("call-back", CallBack(date(2026, 3, 16)))),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_a_step_action_undone_leaves_everything_as_it_was(store: SqlStore, name: str) -> None:
    first, second = two_roles(store)
    channel, action = ACTIONS[name]
    step = open_step(store, first, channel)
    before, apps = (
        record(store),
        [services.applications.application(store, i) for i in (first, second)],
    )
    old = revisions(store)
    services.steps.act(store, step.id or 0, action, PLAYBOOK, NOW)
    assert record(store) != before
    changed = revisions(store)
    undone = undo.undo(store, None, NOW + timedelta(minutes=1))
    assert undone.what.endswith("(Acme)") and undone.application_id == first
    assert record(store) == before
    assert [services.applications.application(store, i) for i in (first, second)] == apps
    now = revisions(store)
    assert set(now) == set(old)
    for id_, revision in now.items():  # a step that changed twice is two revisions on
        assert revision == old[id_] or revision > changed.get(id_, old[id_])
    assert now[step.id or 0] > changed[step.id or 0] > old[step.id or 0]


def test_a_decision_undone_takes_it_back_and_replans_the_other_role(store: SqlStore) -> None:
    first, second = two_roles(store)
    before = record(store)
    other = services.applications.application(store, second).steps
    decided = services.applications.decide(
        store, first, DecisionKind.REJECTED, PLAYBOOK, NOW, note="not this time", by="Jane Smith"
    )
    assert decided.stage is Stage.REJECTED and decided.decisions
    assert services.applications.application(store, second).steps != other  # turns changed
    offered = undo.offer(store, NOW + timedelta(minutes=2))
    assert offered is not None and offered.what == "Decision: rejected (Acme)"
    undo.undo(store, offered.token, NOW + timedelta(minutes=2))
    assert record(store) == before
    assert services.applications.application(store, first).stage is Stage.INTERVIEWING
    assert undo.offer(store, NOW + timedelta(minutes=2)) is None


def test_a_move_undone_goes_back(store: SqlStore) -> None:
    first, _ = two_roles(store)
    before = record(store)
    services.applications.move(store, first, Stage.OFFER, PLAYBOOK, NOW)
    undo.undo(store, None, NOW)
    assert record(store) == before


def test_undo_is_refused_when_too_late_twice_or_after_a_change(store: SqlStore) -> None:
    first, _ = two_roles(store)
    step = open_step(store, first, Channel.EMAIL)
    services.steps.act(store, step.id or 0, Skip(), PLAYBOOK, NOW)
    offered = undo.offer(store, NOW)
    assert offered is not None
    late = NOW + WINDOW + timedelta(seconds=1)
    assert undo.offer(store, late) is None
    with pytest.raises(Conflict, match="too late"):
        undo.undo(store, offered.token, late)
    with pytest.raises(NotFound, match="nothing to undo"):
        undo.undo(store, None, late)
    touch = Touch(Channel.EMAIL, Direction.IN, NOW + timedelta(minutes=1))
    services.applications.log_touch(store, first, touch, PLAYBOOK, touch.at)
    after = record(store)
    with pytest.raises(Conflict, match="changed since"):
        undo.undo(store, None, NOW + timedelta(minutes=2))
    assert record(store) == after  # nothing half-undone


def test_undo_twice_finds_nothing(store_for: Callable[[str], SqlStore]) -> None:
    store = store_for("bob")
    first, _ = two_roles(store)
    step = open_step(store, first, Channel.EMAIL)
    services.steps.act(store, step.id or 0, Skip(), PLAYBOOK, NOW)
    token = undo.offer(store, NOW)
    assert token is not None
    undo.undo(store, token.token, NOW)
    with pytest.raises(NotFound):
        undo.undo(store, token.token, NOW)
    with pytest.raises(NotFound, match="nothing to undo"):
        undo.undo(store, None, NOW)


def test_restore_brings_back_a_deleted_step_with_its_id_and_drops_a_new_one(
    store: SqlStore,
) -> None:
    first, _ = two_roles(store)
    before = record(store)
    with store.transaction() as repo:
        state = repo.snapshot([first])
        steps = repo.get_application(first).steps
        gone, *kept = steps
        new = replace(gone, id=None, key="extra")
        repo.save_steps(first, [*kept, new])
        repo.restore(state)
    assert record(store) == before
    back = revisions(store)[gone.id or 0]
    assert back == 1  # its revision (0) one on: a calendar replaces its event
