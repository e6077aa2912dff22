"""services.undo on SQLite and PostgreSQL: an action (a step done, skipped, snoozed, a call back
agreed; a decision; a move) then undone leaves the user's data exactly as it was before, the
other role at the same company included; only the changed steps' revisions move on (the
calendar's SEQUENCE). Refused when too late, when something changed since, or twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import (
    OPEN_STATUSES,
    Channel,
    Contact,
    DecisionKind,
    Direction,
    Stage,
    Step,
    Touch,
)
from followup.domain.planner import CallBack
from followup.domain.undo import WINDOW
from followup.services import undo
from followup.services.steps import Complete, Skip, Snooze, StepAction
from tests.integration.test_services_applications import GB, PLAYBOOK, role

NOW = datetime(2026, 3, 12, 12, tzinfo=UTC)


def two_roles(store: SqlStore) -> tuple[int, int]:
    """Two roles at Acme (their nudges take turns), the second recorded a day after."""
    services.people.update_profile(
        store, {"name": "Zoe Hart", "region": GB, "timezone": "Europe/London"}
    )
    jane = Contact("Jane Smith", email="jane@acme.example", phone="+44 20 7946 0958")
    priya = Contact("Priya Shah", email="priya@acme.example", phone="+44 20 7946 0100")
    record = services.applications.record_interview
    first = record(store, role("Acme", 10, jane), PLAYBOOK, datetime(2026, 3, 10, 12, tzinfo=UTC))
    second = record(store, role("acme", 11, priya), PLAYBOOK, datetime(2026, 3, 11, 12, tzinfo=UTC))
    assert first.id is not None and second.id is not None
    return first.id, second.id


def record(store: SqlStore) -> dict[str, Any]:
    """The user's whole data as the export holds it, but the steps' revision and time of
    change (which an undo moves on)."""
    with store.reading() as repo:
        tables = repo.dump()
    for row in tables["steps"]:
        del row["revision"], row["changed_at"]
    return tables


def revisions(store: SqlStore) -> dict[int, int]:
    with store.reading() as repo:
        return {r.step.id or 0: r.revision for r in repo.calendar_steps(NOW - timedelta(days=99))}


def open_step(store: SqlStore, app_id: int, channel: Channel) -> Step:
    found = services.applications.application(store, app_id).steps
    return next(s for s in found if s.status in OPEN_STATUSES and s.channel is channel)


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
