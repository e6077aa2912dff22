"""Property tests of one company at a time (SPEC invariants; issue 14, item 2).

Each example is two to four roles at one company (its name typed in four ways), maybe one at
another company, interviews within two weeks of each other in any zone and country, and random
events on any of them: touches either way, steps done (calls with or without an answer),
skipped or snoozed, decisions. After each event every application is replanned as the
services do it (company_cases.simulate_company).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from hypothesis import given, settings

from followup.domain import planner
from followup.domain.model import (
    ACTIVE_STAGES,
    AUTO_REPLY,
    OPEN_STATUSES,
    Application,
    Direction,
    Step,
    StepStatus,
)
from followup.domain.playbook import NUDGES
from tests.unit.company_cases import (
    OTHER,
    CompanyExample,
    CompanyState,
    company_examples,
    plan_all,
    simulate_company,
)
from tests.unit.planner_cases import PLAYBOOK

GAP = timedelta(days=PLAYBOOK.gap)  # 7 days of 24 hours (the least gap of any example)


def acme(apps: tuple[Application, ...]) -> list[Application]:
    return [a for a in apps if a.company != OTHER]


def movable(step: Step) -> bool:
    """An open nudge placed by the planner: not snoozed by the user, not the email after a
    call nobody answered (their windows are the user's, kept as they are)."""
    return step.kind in NUDGES and step.status is StepStatus.PLANNED and step.outcome != "no-answer"


def open_nudges(apps: list[Application]) -> list[Step]:
    return [s for a in apps for s in a.steps if s.kind in NUDGES and s.status in OPEN_STATUSES]


def utc(moment: datetime) -> datetime:
    """Moments compared in UTC: two in one zone compare by their wall clocks in Python."""
    return moment.astimezone(UTC)


def contacts(apps: list[Application]) -> list[datetime]:
    """Every contact with the company: touches either way (auto-replies aside), nudges done or
    skipped, on any of its applications."""
    moments = [t.at for a in apps for t in a.touches if t.outcome != AUTO_REPLY]
    moments += [
        s.done_at for a in apps for s in a.steps if s.kind in NUDGES and s.done_at is not None
    ]
    return [utc(m) for m in moments]


def waiting(app: Application) -> bool:
    """The test's own reading of SPEC: the application's latest reply has no touch out, step
    done or skipped, or decision after it."""
    replies = [t.at for t in app.touches if t.direction is Direction.IN]
    if not replies:
        return False
    reply = max(replies)
    acted = [t.at for t in app.touches if t.direction is Direction.OUT and t.at > reply]
    acted += [s.done_at for s in app.steps if s.done_at is not None and s.done_at > reply]
    acted += [d.at for d in app.decisions if d.at > reply]
    return not acted


def snapshot(apps: tuple[Application, ...]) -> list[Any]:
    def plain(value: Any) -> Any:
        return (value.isoformat(), str(value.tzinfo)) if isinstance(value, datetime) else value

    return [
        [tuple(plain(getattr(s, f.name)) for f in dataclasses.fields(s)) for s in a.steps]
        for a in apps
    ]


@given(company_examples())
@settings()
def test_no_two_nudges_to_one_company_within_seven_days_across_its_applications(
    example: CompanyExample,
) -> None:
    """The planner's promise, after every event: the nudges it places at a company are 7 days
    apart, from one another and from the nudges whose date the user chose, and each comes 7
    days after every contact with the company on any of its applications."""
    for state in simulate_company(example).states:
        apps = acme(state.apps)
        nudges = open_nudges(apps)
        for app in apps:  # one open nudge at most per application
            assert len([s for s in nudges if s.application_id == app.id]) <= 1
        moments = contacts(apps)
        for nudge in filter(movable, nudges):
            for other in nudges:
                if other is not nudge:
                    assert abs(utc(nudge.earliest) - utc(other.earliest)) >= GAP, (nudge, other)
            for moment in moments:
                assert utc(nudge.earliest) >= moment + GAP, (nudge, moment)


def _made(state: CompanyState) -> list[tuple[datetime, Step | None]]:
    """Every contact with the company and every nudge made or about to be: a nudge's moment is
    when it was done, for a call with no answer when the call was made, else its earliest."""
    apps = acme(state.apps)
    moments: list[tuple[datetime, Step | None]] = [
        (utc(t.at), None) for a in apps for t in a.touches if t.outcome != AUTO_REPLY
    ]
    for app in apps:
        for step in app.steps:
            if step.kind in NUDGES and step.status not in (
                StepStatus.SKIPPED,
                StepStatus.CANCELLED,
            ):
                assert step.id is not None
                moment = state.attempts.get(step.id) or step.done_at or step.earliest
                moments.append((utc(moment), step))
    return moments


@given(company_examples())
@settings()
def test_a_user_who_keeps_to_the_plan_never_nudges_one_company_twice_in_a_week(
    example: CompanyExample,
) -> None:
    """When the user does each step no earlier than it may start (and snoozes only postpone),
    the nudges made to a company, across its applications, are 7 days apart, and each comes 7
    days after any contact before it. A nudge the user snoozed is the user's choice from then
    on: it is checked against what came before the snooze, and what the user did after the
    snooze is not checked against it. (Doing a step late may bring it near another one's
    date: that one moves, unless the user has chosen its date.)"""
    if not example.on_time:
        return
    for state in simulate_company(example).states:
        made = _made(state)
        for moment, nudge in made:
            if nudge is None:
                continue
            assert nudge.id is not None
            until = min(moment, state.snoozed.get(nudge.id, moment))
            for other, other_step in made:
                if other_step is nudge or other > until:
                    continue
                chosen = state.snoozed.get(other_step.id) if other_step is not None else None
                if chosen is None or moment <= chosen:
                    assert moment - other >= GAP, (nudge, other, other_step)


@given(company_examples())
@settings()
def test_a_reply_about_one_role_pauses_the_nudges_of_every_open_role_there(
    example: CompanyExample,
) -> None:
    for state in simulate_company(example).states:
        apps = acme(state.apps)
        if any(a.stage in ACTIVE_STAGES and waiting(a) for a in apps):
            assert open_nudges(apps) == []
            for app in apps:
                for step in app.steps:
                    if step.kind in NUDGES and step.status is StepStatus.CANCELLED:
                        assert (step.outcome or "").startswith(("paused", "cancelled"))


def unnumbered(
    apps: tuple[Application, ...] | list[Application], known: set[int | None]
) -> list[Any]:
    """The plans with the ids of new steps left out (another run numbers them otherwise)."""
    return snapshot(
        tuple(
            dataclasses.replace(
                a,
                steps=tuple(
                    s if s.id in known else dataclasses.replace(s, id=None) for s in a.steps
                ),
            )
            for a in apps
        )
    )


@given(company_examples())
@settings()
def test_the_plans_of_a_company_do_not_depend_on_the_order_they_are_made_in(
    example: CompanyExample,
) -> None:
    """Whichever application is replanned first, in whatever order the others follow, and
    however often, the plans come out the same; another company's are its own."""
    for state in simulate_company(example).states:
        ids = count(10**6)
        n = len(state.given)
        backwards = plan_all(
            state.given, state.first, state.now, example.home, ids, order=range(n - 1, -1, -1)
        )

        known = {s.id for a in state.given for s in a.steps}
        assert unnumbered(backwards, known) == unnumbered(state.apps, known)
        again = plan_all(state.apps, state.first, state.now, example.home, ids)
        assert snapshot(tuple(again)) == snapshot(state.apps)
        for app in state.apps:
            if app.company == OTHER:
                alone = planner.plan(app, PLAYBOOK, state.now, example.home)
                assert alone == app.steps
