"""The use case of one step (services/steps.py) with each of its actions, on the in-memory
store: the step changes, its application is replanned, all in one transaction."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Interview,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import CallBack
from followup.services.steps import Complete, Reopen, Skip, Snooze, StepAction, act, change_step

from .fakes import FakeStore

NOW = datetime(2026, 12, 18, 16, tzinfo=UTC)  # a Friday; the interview ended at 14:00
PLAYBOOK = default_playbook()


def planned(store: FakeStore) -> Application:
    """An interview with Priya (email and phone): a thank-you and a check-in call planned."""
    start = NOW - timedelta(hours=3)
    app = Application(
        company="Acme",
        role="Data Analyst",
        interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
        contacts=(Contact("Priya Shah", email="priya@acme.example", phone="+44 20 7946 0958"),),
    )
    return services.applications.record_interview(store, app, PLAYBOOK, NOW)


def step_of(store: FakeStore, kind: str) -> Step:
    """The step of `kind`, as stored."""
    [app_id] = store.data.applications
    steps = services.applications.application(store, app_id).steps
    (step,) = [s for s in steps if s.kind == kind]
    return step


def acted(store: FakeStore, kind: str, action: StepAction, now: datetime) -> Step:
    """`act` on the step of `kind`: what it returns, checked against what was stored."""
    step = step_of(store, kind)
    assert step.id is not None
    commits = store.commits
    changed = act(store, step.id, action, PLAYBOOK, now)
    assert store.commits == commits + 1  # one transaction
    assert step_of(store, kind) == changed
    return changed


def test_complete_marks_the_step_done_with_its_outcome() -> None:
    store = FakeStore()
    planned(store)
    sent = acted(store, "thank-you", Complete(), NOW)
    assert (sent.status, sent.outcome, sent.done_at) == (StepStatus.DONE, "sent", NOW)
    called = acted(store, "check-in-call", Complete("reached"), NOW + timedelta(days=7))
    assert (called.status, called.outcome) == (StepStatus.DONE, "reached")


def test_a_call_without_an_answer_becomes_an_email_the_next_working_day() -> None:
    store = FakeStore()
    planned(store)
    monday = datetime(2026, 12, 28, 10, tzinfo=UTC)
    email = acted(store, "check-in-call", Complete("no-answer"), monday)
    assert (email.channel, email.status, email.outcome) == (
        Channel.EMAIL,
        StepStatus.PLANNED,
        "no-answer",
    )
    assert (email.earliest, email.due) == (monday, datetime(2026, 12, 29, 17, tzinfo=UTC))


def test_skip_closes_the_step_and_the_next_replan_keeps_it_closed() -> None:
    store = FakeStore()
    app = planned(store)
    skipped = acted(store, "thank-you", Skip(), NOW)
    assert (skipped.status, skipped.done_at) == (StepStatus.SKIPPED, NOW)
    assert app.id is not None
    later = NOW + timedelta(hours=1)
    touch = Touch(Channel.EMAIL, Direction.OUT, later)
    services.applications.log_touch(store, app.id, touch, PLAYBOOK, later)  # replans
    assert step_of(store, "thank-you") == skipped


def test_snooze_moves_the_step_to_a_working_day() -> None:
    store = FakeStore()
    planned(store)
    # Sunday 20: the first working day on or after it, Monday 21, due that day's end.
    snoozed = acted(store, "thank-you", Snooze(date(2026, 12, 20)), NOW)
    assert (snoozed.status, snoozed.earliest, snoozed.due) == (
        StepStatus.SNOOZED,
        datetime(2026, 12, 21, 9, tzinfo=UTC),
        datetime(2026, 12, 21, 17, tzinfo=UTC),
    )


def test_an_action_refused_writes_nothing() -> None:
    store = FakeStore()
    planned(store)
    skipped = acted(store, "thank-you", Skip(), NOW)
    assert skipped.id is not None
    commits = store.commits
    with pytest.raises(Conflict, match="already skipped"):
        act(store, skipped.id, Complete(), PLAYBOOK, NOW)
    with pytest.raises(NotFound, match="no step with id 999"):
        act(store, 999, Snooze(date(2026, 12, 21)), PLAYBOOK, NOW)
    assert store.commits == commits and step_of(store, "thank-you") == skipped


def test_a_snooze_that_would_move_a_step_earlier_writes_nothing() -> None:
    """The call may start Fri 25 Dec 09:00 (working day 5 after Fri 18: UTC, no holidays)."""
    store = FakeStore()
    planned(store)
    call = step_of(store, "check-in-call")
    assert call.id is not None and call.earliest == datetime(2026, 12, 25, 9, tzinfo=UTC)
    commits = store.commits
    with pytest.raises(Conflict, match="a snooze only postpones"):
        act(store, call.id, Snooze(date(2026, 12, 24)), PLAYBOOK, NOW)
    with pytest.raises(Conflict, match="that day is past"):
        act(store, call.id, Snooze(date(2026, 12, 17)), PLAYBOOK, NOW)
    assert store.commits == commits and step_of(store, "check-in-call") == call


def test_a_call_back_moves_the_call_to_the_moment_agreed() -> None:
    store = FakeStore()
    planned(store)
    friday = datetime(2026, 12, 25, 11, tzinfo=UTC)
    agreed = CallBack(date(2026, 12, 29), time(15, 0))
    moved = acted(store, "check-in-call", Complete("call-back", agreed), friday)
    assert (moved.status, moved.outcome, moved.channel, moved.earliest, moved.due) == (
        StepStatus.SNOOZED,
        "call-back",
        Channel.PHONE,
        datetime(2026, 12, 29, 15, tzinfo=UTC),
        datetime(2026, 12, 29, 17, tzinfo=UTC),
    )


def test_reopen_plans_a_done_step_again_in_the_callers_transaction() -> None:
    store = FakeStore()
    planned(store)
    done = acted(store, "thank-you", Complete(), NOW)
    assert done.id is not None
    with store.transaction() as repo:
        reopened = change_step(repo, done.id, Reopen(), PLAYBOOK, NOW)
    assert reopened == dataclasses.replace(
        done, status=StepStatus.PLANNED, outcome=None, done_at=None
    )
    assert step_of(store, "thank-you") == reopened


def test_actions_are_values() -> None:
    assert Complete("sent") == Complete("sent") != Complete("reached")
    assert {Skip(), Skip(), Reopen()} == {Skip(), Reopen()}
    with pytest.raises(dataclasses.FrozenInstanceError):
        Snooze(date(2026, 12, 21)).until = date(2026, 12, 22)
