"""Property tests for every invariant of SPEC "Default playbook", one test per invariant.

Each example is an application with one interview (any moment 2025-2028, any zone, any of a
dozen countries with their holidays and weekends), interviewers and helpers with or without their
own zone and country, a user (Home) somewhere else, and a random sequence of events: touches
either way, complete / skip / snooze of a random open step, decisions. After every event the
application is replanned with the previous plan as its steps, as the services do.

In about a third of the examples the user keeps to the plan ("on time": a step is done no earlier
than it may start, a snooze only ever postpones); the spacing of nudges actually made is checked
on those (invariant 1); every other invariant is checked on all examples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import planner
from followup.domain.model import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Application,
    Contact,
    Relation,
    Stage,
    Step,
    StepStatus,
)
from followup.domain.playbook import NUDGES, Playbook
from followup.domain.values import Region
from tests.unit.planner_examples import (
    PLAYBOOK,
    Example,
    Run,
    examples,
    regions,
    simulate,
    zones,
)

PAUSED = "paused"
STOPPED = "cancelled"


# --- helpers for the checks ------------------------------------------------------------------


def rules(app: Application) -> Playbook:
    return PLAYBOOK.with_settings(app.settings)


def snapshot(step: Step) -> tuple[Any, ...]:
    """Every field, with datetimes compared by wall time and zone too (not only the instant)."""

    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat(), str(value.tzinfo)
        return value

    return tuple(plain(getattr(step, f.name)) for f in dataclasses.fields(step))


def snapshots(steps: tuple[Step, ...]) -> list[tuple[Any, ...]]:
    return [snapshot(s) for s in steps]


def window(step: Step) -> tuple[datetime, datetime]:
    return step.earliest, step.due


def by_id(steps: tuple[Step, ...]) -> Mapping[int | None, Step]:
    return {s.id: s for s in steps}


def recipient(app: Application, step: Step) -> Contact | None:
    """The contact a step is addressed to (its first recipient; others are copied)."""
    first = step.recipients[0].contact_id if step.recipients else None
    return next((c for c in app.contacts if c.id == first), None)


def exhausted(app: Application) -> bool:
    """No nudge is left to plan: the check-in and `count` keep-in-touch steps are closed."""
    closed = [s for s in app.steps if s.status in CLOSED_STATUSES]
    check_in = any(s.kind == "check-in-call" for s in closed)
    kept = sum(s.kind == "keep-in-touch" for s in closed)
    return check_in and kept >= rules(app).rule("keep-in-touch")["count"]


# --- 1. nudges are spaced ----------------------------------------------------------------------


def _planner_spacing(run: Run, app: Application) -> None:
    """The planner's own promise: one open nudge at most, and a nudge it plans starts `gap` days
    after every logged touch and every nudge done (or skipped).

    Left out: the email after a no-answer call (the same nudge as the call, made before it), and
    for a snoozed nudge the touches logged after the user snoozed it: a snooze keeps the user's
    window across replans, and a snooze only postpones, so it is spaced from what came before."""
    gap = timedelta(days=rules(app).gap)
    open_nudges = [s for s in app.steps if s.kind in NUDGES and s.status in OPEN_STATUSES]
    assert len(open_nudges) <= 1, open_nudges
    contacts = [t.at for t in app.touches]
    contacts += [s.done_at for s in app.steps if s.kind in NUDGES and s.done_at is not None]
    for nudge in open_nudges:
        assert nudge.id is not None
        if nudge.outcome == "no-answer":
            continue
        snoozed = run.snoozed.get(nudge.id) if nudge.status is StepStatus.SNOOZED else None
        for moment in contacts:
            if snoozed is None or moment <= snoozed:
                assert nudge.earliest >= moment + gap, (nudge, moment)


def _spacing_kept(run: Run, app: Application) -> None:
    """When the user keeps to the plan, the nudges made (done, or open at their earliest) are
    `gap` days apart, and each comes `gap` days after any touch before it.

    A nudge's moment is when it was done, or for a call with no answer when the call was made
    (the email after it is the same nudge). For a nudge the user snoozed, only what came before
    the snooze counts (its window is the user's choice since). Skipped nudges never happened."""
    gap = timedelta(days=rules(app).gap)
    contacts: list[tuple[datetime, Step | None]] = [(t.at, None) for t in app.touches]
    for step in app.steps:
        if step.kind not in NUDGES or step.status in (StepStatus.SKIPPED, StepStatus.CANCELLED):
            continue
        assert step.id is not None
        moment = run.attempts.get(step.id) or step.done_at or step.earliest
        contacts.append((moment, step))
    for moment, nudge in contacts:
        if nudge is None:
            continue
        assert nudge.id is not None
        until = min(moment, run.snoozed.get(nudge.id, moment))
        for other, other_step in contacts:
            if other_step is not nudge and other <= until:
                assert moment - other >= gap, (nudge, other, other_step)


@given(examples())
@settings()
def test_no_two_nudges_to_a_company_within_the_gap_and_a_touch_resets_the_clock(
    example: Example,
) -> None:
    run = simulate(example)
    for state in run.states:
        _planner_spacing(run, state.app)
        if example.on_time:
            _spacing_kept(run, state.app)


# --- 2. working days, due after earliest, thank-you after the interview --------------------


def check_calendar(app: Application, step: Step, home: planner.Home) -> None:
    hours = rules(app).hours
    interview = max(app.interviews, key=lambda i: i.end) if app.interviews else None
    where = planner.where(recipient(app, step), interview, home, app.company)
    assert step.timezone == where.zone_name, step
    for moment in (step.earliest, step.due):
        local = moment.astimezone(where.tz)
        assert where.cal.is_working_day(local.date()), (step, local)
    earliest, due = step.earliest.astimezone(where.tz), step.due.astimezone(where.tz)
    assert hours.start <= earliest.time() < hours.end, step
    assert hours.start < due.time() <= hours.end, step
    assert step.due >= step.earliest, step


@given(examples())
@settings()
def test_steps_fall_on_working_days_of_their_recipient_and_due_after_earliest(
    example: Example,
) -> None:
    run = simulate(example)
    interview = example.app.interviews[0]
    for state in run.states:
        two_hours = timedelta(hours=rules(state.app).rule("thank-you")["earliest"])
        for step in state.app.steps:
            check_calendar(state.app, step, example.home)
            if step.kind == "thank-you":
                assert step.earliest >= interview.end.astimezone(UTC) + two_hours, step


# --- the employer's word, and no step before what it follows -----------------------------


def employer_day(app: Application, home: planner.Home) -> datetime | None:
    """When SPEC lets the first nudge start, if the employer said: the date they asked to be
    contacted on, else the first working day after a decision date later than working day N."""
    interview = app.interviews[0]
    lead = next((c for c in app.contacts if c.relation is Relation.INTERVIEWER), None)
    lead = lead or next((c for c in app.contacts if c.relation is Relation.HR), None)
    where = planner.where(lead, interview, home)
    hours, first = rules(app).hours, interview.end.astimezone(where.tz).date()
    if interview.contact_on is not None:
        day = where.cal.on_or_after(interview.contact_on)
    elif interview.decision_by is not None and interview.decision_by > where.cal.working_day(
        first, rules(app).rule("check-in-call")["earliest"]
    ):
        day = where.cal.working_day(interview.decision_by, 1)
    else:
        return None
    start: datetime = where.cal.start_of(day, where.tz, hours)
    return start


@given(examples())
@settings()
def test_no_nudge_before_the_employers_date_and_no_step_before_what_it_follows(
    example: Example,
) -> None:
    """A nudge the planner placed (not snoozed, not the email after a no-answer call) never
    starts before the date the employer gave, even after the check-in was done or skipped
    early; no step starts before the interview ends, nor a decision's step before it."""
    end = example.app.interviews[0].end
    for state in simulate(example).states:
        floor = employer_day(state.app, example.home)
        decided = min((d.at for d in state.app.decisions), default=None)
        for step in state.app.steps:
            if step.status is StepStatus.SNOOZED or step.outcome == "no-answer":
                continue
            assert step.earliest >= end, step
            if step.kind in ("feedback-request", "stay-in-touch", "thank-references"):
                assert decided is not None and step.earliest >= decided, step
            if step.kind in NUDGES and step.status is StepStatus.PLANNED and floor is not None:
                assert step.earliest >= floor, (step, floor)


# --- 3. after a decision ---------------------------------------------------------------------


@given(examples())
@settings()
def test_after_a_decision_no_nudge_is_open_and_steps_done_stay_as_they_were(
    example: Example,
) -> None:
    for state in simulate(example).states:
        if state.app.decisions:
            assert state.app.stage not in (Stage.INTERVIEWING, Stage.APPLIED)
            for step in state.app.steps:
                if step.kind in NUDGES:
                    assert step.status not in OPEN_STATUSES, step
        if state.before is None:
            continue
        after = by_id(state.app.steps)
        for step in state.before.steps:
            if step.status in CLOSED_STATUSES:
                assert snapshot(after[step.id]) == snapshot(step)


# --- 4. a reply pauses nudges until the user acts ------------------------------------------


@given(examples())
@settings()
def test_a_reply_pauses_nudges_until_the_user_acts(example: Example) -> None:
    for state in simulate(example).states:
        nudges = [s for s in state.app.steps if s.kind in NUDGES]
        decided = bool(state.app.decisions)
        if state.paused:
            assert not [s for s in nudges if s.status in OPEN_STATUSES], nudges
            if state.before is not None:
                was_open = {s.id for s in state.before.steps if s.status in OPEN_STATUSES}
                for step in nudges:
                    if step.id in was_open:
                        assert step.status is StepStatus.CANCELLED
                        assert (step.outcome or "").startswith((PAUSED, STOPPED)), step
        elif not decided:
            # The user acted: the paused nudge is back (same id), or the next one is planned.
            assert not [s for s in nudges if (s.outcome or "").startswith(PAUSED)], nudges
            if not exhausted(state.app):
                assert [s for s in nudges if s.status in OPEN_STATUSES], nudges


# --- 5. overdue steps stay, nothing is dropped, the plan does not depend on `now` ----------


@given(examples(), st.integers(-400, 400))
@settings()
def test_overdue_steps_stay_and_nothing_is_silently_dropped(example: Example, days: int) -> None:
    """The planner's docstring allows dropping a step only when its reason is gone (a contact's
    relation changed); no event here removes a reason, so every step stays."""
    for state in simulate(example).states:
        later = state.now + timedelta(days=days)
        replanned = planner.plan(state.given, PLAYBOOK, later, example.home)
        expected = planner.plan(state.given, PLAYBOOK, state.now, example.home)
        assert snapshots(replanned) == snapshots(expected)
        if state.before is None:
            continue
        after = by_id(state.app.steps)
        for step in state.before.steps:
            assert step.id in after, step
            new = after[step.id]
            if new.status is StepStatus.CANCELLED and step.status is not StepStatus.CANCELLED:
                assert step.kind in NUDGES, step
                assert (new.outcome or "").startswith((PAUSED, STOPPED)), new
            if (
                step.status is StepStatus.PLANNED
                and step.kind not in NUDGES
                and step.id != state.target
            ):
                # Overdue or not, it is still there as it was.
                assert snapshot(new) == snapshot(step)


# --- 6. every step says why and on what ------------------------------------------------------


def check_reasons(step: Step) -> None:
    assert step.rationale.strip(), step
    if step.kind == "thank-references":
        assert step.sources == ()  # beyond the guidance, as SPEC says
    else:
        assert step.sources, step
        assert all(s in ("000", "001", "002", "003", "004") for s in step.sources), step


@given(examples())
@settings()
def test_every_step_has_a_rationale_and_sources(example: Example) -> None:
    for state in simulate(example).states:
        for step in state.app.steps:
            check_reasons(step)


# --- 7. deterministic and idempotent ----------------------------------------------------------


@given(examples())
@settings()
def test_plan_is_deterministic_and_idempotent(example: Example) -> None:
    for state in simulate(example).states:
        once = planner.plan(state.given, PLAYBOOK, state.now, example.home)
        again = planner.plan(state.given, PLAYBOOK, state.now, example.home)
        assert snapshots(once) == snapshots(again)
        replanned = planner.plan(state.app, PLAYBOOK, state.now, example.home)
        assert snapshots(replanned) == snapshots(state.app.steps)


# --- the weekly pipeline review (not part of an application's plan) ------------------------


@st.composite
def _moments_near_holidays(draw: st.DrawFn, region: Region | None) -> datetime:
    """Any moment 2025-2028, often on or just after one of `region`'s public holidays."""
    day = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    if region is not None and draw(st.booleans()):
        import holidays

        days = sorted(holidays.country_holidays(region.country, region.subdivision, day.year))
        if days:
            day = draw(st.sampled_from(days)) + timedelta(days=draw(st.integers(0, 2)))
    return datetime.combine(day, draw(st.times()), tzinfo=UTC)


@st.composite
def _reviews(draw: st.DrawFn) -> tuple[Region | None, str, datetime, int]:
    region = draw(st.none() | regions)
    return region, draw(zones), draw(_moments_near_holidays(region)), draw(st.integers(0, 5))


@given(_reviews())
@settings()
def test_pipeline_review_is_on_a_working_day_of_the_user_and_not_yet_over(
    review: tuple[Region | None, str, datetime, int],
) -> None:
    region, tz, now, active = review
    home = planner.Home(region, tz)
    step = planner.pipeline_review(active, PLAYBOOK, now, home)
    if active >= PLAYBOOK.rule("pipeline-review")["below"]:
        assert step is None
        return
    assert step is not None
    where = planner.where(None, None, home)
    cal, tz, hours = where.cal, where.tz, PLAYBOOK.hours
    for moment in (step.earliest, step.due):
        assert cal.is_working_day(moment.astimezone(tz).date())
    # The review days are the first working day on or after each Monday; this is the first of
    # them whose end has not passed (overdue never: a new one replaces it each week).
    today = now.astimezone(tz).date()
    mondays = [today - timedelta(days=today.weekday() + 7 * k) for k in range(-3, 4)]
    days = sorted({cal.on_or_after(monday) for monday in mondays})
    expected = next(day for day in days if cal.end_of(day, tz, hours) >= now)
    assert window(step) == (cal.start_of(expected, tz, hours), cal.end_of(expected, tz, hours))
    assert step.key == f"pipeline-review:{expected.isoformat()}"
    check_reasons(step)
    again = planner.pipeline_review(active, PLAYBOOK, now, home)
    assert again is not None and snapshot(again) == snapshot(step)
