"""One company at a time (issue 14, item 2), against hand-checked dates.

Two roles at Acme: the Data Engineer interview on Tuesday 10 March 2026 (Jane Smith leads) and
the Analytics Engineer one on Wednesday 11 March (Priya Shah), both 10:00-11:00 in London, the
second recorded as " ACME " (the same company: case and spaces aside). Alone, their check-in
calls would start on Tue 17 and Wed 18 March; at one company, no two nudges come within 7 days
(24-hour days: London moves to BST on Sunday 29 March), and a reply about either role pauses
both. Good Friday (3 April) and Easter Monday (6 April) are bank holidays in England.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import count

import pytest

from followup.domain import planner
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Relation,
    Stage,
    StepStatus,
    Touch,
)
from followup.domain.playbook import NUDGES
from tests.unit.company_cases import plan_all
from tests.unit.planner_cases import GB, HOME, PLAYBOOK, acme, at, interview, the, window

PRIYA = Contact(
    "Priya Shah", Relation.INTERVIEWER, email="priya@acme.example", phone="+44 20 7946 0100", id=31
)
WEDNESDAY = replace(interview("2026-03-11T10:00", "2026-03-11T11:00", "Europe/London", GB), id=2)
DATA = acme()
ANALYTICS = acme(PRIYA, company=" ACME ", role="Analytics Engineer", interviews=(WEDNESDAY,), id=2)
_ids = count(5000)


def planned(apps: list[Application], first: int, now: str) -> list[Application]:
    return plan_all(apps, first, at(now), HOME, _ids)


def open_nudges(app: Application) -> list[tuple[str, tuple[str, str]]]:
    return [
        (s.key, window(s))
        for s in app.steps
        if s.kind in NUDGES and s.status in (StepStatus.PLANNED, StepStatus.SNOOZED)
    ]


def touched(app: Application, direction: Direction, when: str) -> Application:
    return replace(app, touches=(*app.touches, Touch(Channel.EMAIL, direction, at(when))))


def rejected(app: Application, when: str) -> Application:
    decision = Decision(DecisionKind.REJECTED, at(when))
    return replace(app, stage=Stage.REJECTED, decisions=(*app.decisions, decision))


def done(app: Application, key: str, when: str, outcome: str | None = None) -> Application:
    step = planner.complete(app, the(app, key), outcome, at(when), PLAYBOOK, HOME)
    return replace(app, steps=tuple(step if s.id == step.id else s for s in app.steps))


def test_alone_each_check_in_has_its_own_dates() -> None:
    (data,) = planned([DATA], 0, "2026-03-10T12:00:00+00:00")
    (analytics,) = planned([ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    assert open_nudges(data) == [
        ("check-in-call:i1", ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00"))
    ]
    # Wed 11: 12, 13, 16, 17, [18] ... 19, 20, [23].
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-18T09:00:00+00:00", "2026-03-23T17:00:00+00:00"))
    ]


@pytest.mark.parametrize("first", [0, 1])
def test_two_roles_at_one_company_get_their_calls_a_week_apart(first: int) -> None:
    data, analytics = planned([DATA, ANALYTICS], first, "2026-03-11T12:00:00+00:00")
    # The Data Engineer call comes first (17 March); the other a week after it starts: Tue 24
    # at 09:00, due 3 working days later, as its own window: 25, 26, [27].
    assert open_nudges(data) == [
        ("check-in-call:i1", ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00"))
    ]
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00"))
    ]


def test_a_call_made_on_one_role_moves_the_other_roles_next_nudge() -> None:
    data, analytics = planned([DATA, ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    data = done(data, "check-in-call:i1", "2026-03-17T10:00:00+00:00", "reached")
    data, analytics = planned([data, analytics], 0, "2026-03-17T10:00:00+00:00")
    # Both would start a week after the call (Tue 24 at 10:00): the one with the lower id goes
    # first; the other a week later, Tue 31 at 10:00 UTC = 11:00 BST; due Apr 1, 2, (3, 6) [7].
    assert open_nudges(data) == [
        ("keep-in-touch:1", ("2026-03-24T10:00:00+00:00", "2026-03-27T17:00:00+00:00"))
    ]
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-31T11:00:00+01:00", "2026-04-07T17:00:00+01:00"))
    ]


def test_a_reply_about_one_role_pauses_both_and_answering_it_resumes_both() -> None:
    data, analytics = planned([DATA, ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    before = {s.key: s.id for a in (data, analytics) for s in a.steps if s.kind in NUDGES}
    analytics = touched(analytics, Direction.IN, "2026-03-16T12:00:00+00:00")
    data, analytics = planned([data, analytics], 1, "2026-03-16T12:00:00+00:00")
    for app in (data, analytics):
        assert open_nudges(app) == []
        (paused,) = [s for s in app.steps if s.kind in NUDGES]
        assert paused.status is StepStatus.CANCELLED
        assert (paused.outcome or "").startswith("paused")
    # Still paused a week on, for both, while the user has not answered.
    assert planned([data, analytics], 0, "2026-03-23T12:00:00+00:00") == [data, analytics]
    analytics = touched(analytics, Direction.OUT, "2026-03-18T14:00:00+00:00")
    data, analytics = planned([data, analytics], 1, "2026-03-18T14:00:00+00:00")
    # The answer is a contact with Acme: both calls come back (same steps), a week after it at
    # the earliest. Both would start Wed 25 at 14:00: the Data Engineer one first, due 26, 27,
    # [Mon 30] (BST); the other a week later, Wed 1 April 14:00 UTC = 15:00 BST, due Apr 2,
    # (3, 6), 7, [8].
    assert open_nudges(data) == [
        ("check-in-call:i1", ("2026-03-25T14:00:00+00:00", "2026-03-30T17:00:00+01:00"))
    ]
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-04-01T15:00:00+01:00", "2026-04-08T17:00:00+01:00"))
    ]
    after = {s.key: s.id for a in (data, analytics) for s in a.steps if s.kind in NUDGES}
    assert after == before


def test_a_touch_logged_on_one_role_resets_the_clock_of_the_other() -> None:
    data, analytics = planned([DATA, ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    # The user emails Priya about the Analytics role on Friday 13 March at 16:00.
    analytics = touched(analytics, Direction.OUT, "2026-03-13T16:00:00+00:00")
    data, analytics = planned([data, analytics], 1, "2026-03-13T16:00:00+00:00")
    # No call to Acme before Fri 20 at 16:00: the Data Engineer one starts then, due end of
    # working day 3 after that Friday: 23, 24, [25]. The other a week later: Fri 27 16:00,
    # due Mon 30, Tue 31, [Wed 1 April] (BST).
    assert open_nudges(data) == [
        ("check-in-call:i1", ("2026-03-20T16:00:00+00:00", "2026-03-25T17:00:00+00:00"))
    ]
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-27T16:00:00+00:00", "2026-04-01T17:00:00+01:00"))
    ]


def test_a_nudge_the_user_snoozed_stays_and_the_others_take_their_turn_after_it() -> None:
    data, analytics = planned([DATA, ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    call = planner.snooze(
        data,
        the(data, "check-in-call:i1"),
        date(2026, 3, 19),
        at("2026-03-11T12:00:00+00:00"),
        PLAYBOOK,
        HOME,
    )
    data = replace(data, steps=tuple(call if s.id == call.id else s for s in data.steps))
    data, analytics = planned([data, analytics], 0, "2026-03-12T09:00:00+00:00")
    # The Data Engineer call is where the user put it (Thu 19); the Analytics one comes a week
    # after that: Thu 26 at 09:00, due 27, 30, [31] (BST).
    assert open_nudges(data) == [
        ("check-in-call:i1", ("2026-03-19T09:00:00+00:00", "2026-03-19T17:00:00+00:00"))
    ]
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-26T09:00:00+00:00", "2026-03-31T17:00:00+01:00"))
    ]


def test_a_decision_on_one_role_gives_the_other_its_own_dates_back() -> None:
    data, analytics = planned([DATA, ANALYTICS], 0, "2026-03-11T12:00:00+00:00")
    data = rejected(data, "2026-03-12T09:00:00+00:00")
    data, analytics = planned([data, analytics], 0, "2026-03-12T09:00:00+00:00")
    assert open_nudges(data) == []
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-18T09:00:00+00:00", "2026-03-23T17:00:00+00:00"))
    ]


def test_a_reply_on_a_closed_role_pauses_nothing_but_its_contact_counts() -> None:
    data = rejected(DATA, "2026-03-12T09:00:00+00:00")
    data = touched(data, Direction.IN, "2026-03-16T12:00:00+00:00")  # their feedback, after it
    data, analytics = planned([data, ANALYTICS], 1, "2026-03-16T12:00:00+00:00")
    # Not paused: that role is closed. But the feedback was a contact with Acme on Monday 16 at
    # 12:00: the call waits until Monday 23 at 12:00; due 24, 25, [26].
    assert open_nudges(analytics) == [
        ("check-in-call:i2", ("2026-03-23T12:00:00+00:00", "2026-03-26T17:00:00+00:00"))
    ]


@pytest.mark.parametrize(
    ("name", "same"),
    [("Acme", True), ("  acme ", True), ("AC ME", True), ("Ａｃｍｅ", True), ("Acme Corp", False)],
)
def test_the_same_company_is_the_same_name_case_and_spaces_aside(name: str, same: bool) -> None:
    assert (planner.company_key(name) == planner.company_key("Acme")) is same
    other = replace(ANALYTICS, company=name)
    _, analytics = planned([DATA, other], 0, "2026-03-11T12:00:00+00:00")
    start = "2026-03-24T09:00:00+00:00" if same else "2026-03-18T09:00:00+00:00"
    assert [w[0] for _, w in open_nudges(analytics)] == [start]


def test_roles_at_other_companies_are_planned_on_their_own() -> None:
    globex = replace(ANALYTICS, company="Globex", id=3)
    data, analytics, other = planned([DATA, ANALYTICS, globex], 0, "2026-03-11T12:00:00+00:00")
    assert [w[0] for _, w in open_nudges(data)] == ["2026-03-17T09:00:00+00:00"]
    assert [w[0] for _, w in open_nudges(analytics)] == ["2026-03-24T09:00:00+00:00"]
    assert [w[0] for _, w in open_nudges(other)] == ["2026-03-18T09:00:00+00:00"]


def test_three_roles_take_turns_a_week_apart() -> None:
    third = replace(ANALYTICS, company="acme", role="Data Analyst", id=3)
    apps = planned([DATA, ANALYTICS, third], 2, "2026-03-11T12:00:00+00:00")
    # 17, then 24 (id 2), then 31 March at 09:00 UTC = 10:00 BST (id 3), due Apr 1, 2, (3, 6),
    # [7].
    assert [open_nudges(a)[0][1] for a in apps] == [
        ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00"),
        ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00"),
        ("2026-03-31T10:00:00+01:00", "2026-04-07T17:00:00+01:00"),
    ]
