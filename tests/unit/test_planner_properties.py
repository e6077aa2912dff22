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
import importlib.resources
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import planner, playbook
from followup.domain.model import (
    ACTIVE_STAGES,
    CLOSED_STATUSES,
    DECISION_STAGE,
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Promise,
    Relation,
    Source,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.playbook import NUDGES, Playbook
from followup.domain.values import Region

PLAYBOOK = playbook.parse(
    importlib.resources.files("followup").joinpath("playbook.toml").read_text()
)
REGIONS = ("GB-ENG", "US-NY", "DE-BY", "FR", "IL", "SA", "AE", "JP", "IN", "BR", "AU-NSW", "CN")
# Near and far from those countries, with and without daylight saving, up to UTC+14 and UTC-11.
ZONES = (
    "Europe/London",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Jerusalem",
    "Asia/Riyadh",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Asia/Shanghai",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "UTC",
)
# Per-application settings (SPEC: every number is a setting, per application too).
SETTINGS: tuple[dict[str, str], ...] = (
    {},
    {},
    {},
    {"nudges.gap": "10"},
    {"check-in-call.earliest": "3", "check-in-call.due": "4"},
    {"keep-in-touch.count": "1", "keep-in-touch.earliest": "12"},
    {"working-hours.start": "07:30", "working-hours.end": "19:00"},
    {"thank-you.earliest": "5"},
)
PAUSED = "paused"
STOPPED = "cancelled"

regions = st.sampled_from(REGIONS).map(Region.parse)
zones = st.sampled_from(ZONES)


# --- the example: an application and what happens to it ---------------------------------


@dataclass(frozen=True)
class Action:
    """One event. `pick` chooses among the open steps; `choice` an outcome or a snooze length."""

    what: str  # touch, complete, skip, snooze, decide
    minutes: int  # after the previous event
    direction: Direction = Direction.OUT
    channel: Channel = Channel.EMAIL
    pick: int = 0
    nudge_first: bool = True
    choice: int = 0
    decision: DecisionKind = DecisionKind.REJECTED


@dataclass(frozen=True)
class Example:
    app: Application
    home: planner.Home
    start: datetime
    actions: tuple[Action, ...]
    on_time: bool


@dataclass(frozen=True)
class State:
    """The application after an event and its replan (`app.steps` is the stored plan)."""

    action: Action | None
    now: datetime
    before: Application | None  # as it was before the event (None for the first plan)
    given: Application  # what plan() was given: the event applied, the previous steps
    app: Application  # the event applied and the new plan stored (ids given)
    target: int | None = None  # the step the event acted on
    paused: bool = False  # a reply came and the user has not acted since (the test's view)


@dataclass
class Run:
    example: Example
    states: list[State] = field(default_factory=list)
    attempts: dict[int, datetime] = field(default_factory=dict)  # no-answer calls: when
    snoozed: dict[int, datetime] = field(default_factory=dict)  # steps snoozed: first when


def _contact(draw: st.DrawFn, relation: Relation, n: int, company: str) -> Contact:
    own_place = draw(st.booleans())
    return Contact(
        name=f"{relation.value.title()} Person{n}",
        relation=relation,
        title=draw(st.sampled_from([None, "Head of Data"])),
        organisation=draw(st.sampled_from(["Hays", company]))
        if relation is Relation.RECRUITER
        else None,
        email=draw(st.sampled_from([None, f"p{n}@example.com"])),
        phone=draw(st.sampled_from([None, "+44 20 7946 0958"])),
        timezone=draw(zones) if own_place else draw(st.sampled_from([None, "Asia/Tokyo"])),
        region=draw(regions) if own_place else None,
    )


@st.composite
def _interview(draw: st.DrawFn) -> Interview:
    tz = draw(zones)
    day = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 59]))
    wall = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz))
    start = wall.astimezone(UTC)  # a wall time skipped by DST moves by the gap
    end = start + timedelta(minutes=draw(st.integers(10, 300)))
    # Days after the interview: its own day, the next, around working day N, weeks later.
    offsets = st.sampled_from([0, 1, 2, 5, 6, 7, 8, 10, 14, 21, 30, 40])
    later = offsets.map(lambda days: day + timedelta(days=days))
    return Interview(
        start=start.astimezone(ZoneInfo(tz)),
        end=end.astimezone(ZoneInfo(tz)),
        timezone=tz,
        region=draw(st.none() | regions),
        decision_by=draw(st.none() | later),
        contact_on=draw(st.none() | st.none() | later),
        id=1,
    )


# Weighted towards completing steps (nudges first), so that cadences run to their end.
_actions = st.builds(
    Action,
    what=st.sampled_from(["touch"] * 3 + ["complete"] * 5 + ["skip", "snooze", "decide"]),
    minutes=st.integers(1, 12 * 24 * 60),
    direction=st.sampled_from(Direction),
    channel=st.sampled_from([Channel.EMAIL, Channel.PHONE, Channel.LETTER]),
    pick=st.integers(0, 20),
    nudge_first=st.booleans(),
    choice=st.integers(0, 40),
    decision=st.sampled_from(DecisionKind),
)


@st.composite
def examples(draw: st.DrawFn) -> Example:
    company = "Acme"
    people: list[Contact] = []
    for relation, most in (
        (Relation.INTERVIEWER, 3),
        (Relation.HR, 1),
        (Relation.RECRUITER, 1),
        (Relation.HELPER, 1),
        (Relation.REFERENCE, 2),
        (Relation.REFERRAL, 1),
    ):
        for _ in range(draw(st.integers(0, most))):
            people.append(_contact(draw, relation, len(people) + 1, company))
    # Stored contacts come in any order (an HR contact may come before the interviewers).
    people = [replace(c, id=100 + i) for i, c in enumerate(draw(st.permutations(people)))]
    names = [c.name for c in people] + ["Somebody Unknown"]
    promises = tuple(
        Promise(what="the portfolio link", to=draw(st.sampled_from(names)), id=200 + i)
        for i in range(draw(st.integers(0, 2)))
    )
    agency = any(c.relation is Relation.RECRUITER for c in people) and draw(st.booleans())
    interview = draw(_interview())
    app = Application(
        company=company,
        role="Data Engineer",
        source=Source.AGENCY if agency else Source.DIRECT,
        stage=Stage.INTERVIEWING,
        interviews=(interview,),
        contacts=tuple(people),
        promises=promises,
        settings=dict(draw(st.sampled_from(SETTINGS))),
        id=1,
    )
    home = planner.Home(region=draw(st.none() | regions), timezone=draw(zones))
    start = interview.end.astimezone(UTC) + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    actions = tuple(draw(st.lists(_actions, min_size=1, max_size=16)))
    on_time = draw(st.integers(0, 2)) == 0
    return Example(app, home, start, actions, on_time)


# --- running an example --------------------------------------------------------------------


def _stored(steps: tuple[Step, ...], ids: Iterator[int]) -> tuple[Step, ...]:
    """The plan as the repository stores it: new steps get an id."""
    return tuple(s if s.id is not None else replace(s, id=next(ids)) for s in steps)


def _open_steps(app: Application, nudge_first: bool) -> list[Step]:
    steps = sorted(
        (s for s in app.steps if s.status in OPEN_STATUSES), key=lambda s: (s.earliest, s.key)
    )
    nudges = [s for s in steps if s.kind in NUDGES]
    return nudges if nudge_first and nudges else steps


def _outcomes(step: Step) -> list[str | None]:
    if step.channel is Channel.PHONE:
        return [None, "reached", "voicemail", "no-answer", "no-answer"]
    return [None, "sent"]


def _with_step(app: Application, new: Step) -> Application:
    return replace(app, steps=tuple(new if s.id == new.id else s for s in app.steps))


def _decidable(app: Application, kind: DecisionKind) -> bool:
    """What the services allow: decide while active, and an offer only once."""
    return app.stage in ACTIVE_STAGES and not (
        kind is DecisionKind.OFFER and app.stage is Stage.OFFER
    )


def _act(
    run: Run, app: Application, action: Action, now: datetime, ids: Iterator[int]
) -> tuple[Application, datetime, int | None]:
    """`app` with `action` applied at `now` (later when the user keeps to the plan)."""
    example = run.example
    if action.what == "touch":
        touch = Touch(action.channel, action.direction, now, id=next(ids))
        return replace(app, touches=(*app.touches, touch)), now, None
    if action.what == "decide":
        if not _decidable(app, action.decision):
            return app, now, None
        decision = Decision(action.decision, now)
        stage = DECISION_STAGE[action.decision]
        return replace(app, decisions=(*app.decisions, decision), stage=stage), now, None
    candidates = _open_steps(app, action.nudge_first)
    if not candidates:
        return app, now, None
    step = candidates[action.pick % len(candidates)]
    assert step.id is not None
    if example.on_time:
        now = max(now, step.earliest.astimezone(UTC))
    if action.what == "complete":
        options = _outcomes(step)
        outcome = options[action.choice % len(options)]
        new = planner.complete(app, step, outcome, now, PLAYBOOK, example.home)
        if outcome == "no-answer":
            run.attempts[step.id] = now
    elif action.what == "skip":
        new = planner.skip(step, now)
    else:
        local = step.earliest.astimezone(ZoneInfo(step.timezone)).date()
        if example.on_time:
            until = max(local, now.date()) + timedelta(days=action.choice % 30 + 1)
        else:
            until = now.date() + timedelta(days=action.choice - 10)
        new = planner.snooze(app, step, until, PLAYBOOK, example.home)
        run.snoozed.setdefault(step.id, now)
    return _with_step(app, new), now, step.id


def _paused(app: Application) -> bool:
    """The test's own reading of SPEC: the latest reply has no outgoing touch, and no step done
    or skipped, after it."""
    replies = [t.at for t in app.touches if t.direction is Direction.IN]
    if not replies:
        return False
    reply = max(replies)
    acted = [t.at for t in app.touches if t.direction is Direction.OUT and t.at > reply]
    acted += [s.done_at for s in app.steps if s.done_at is not None and s.done_at > reply]
    return not acted


def simulate(example: Example) -> Run:
    run = Run(example)
    ids = count(1000)
    now = example.start
    given_app = example.app
    steps = _stored(planner.plan(given_app, PLAYBOOK, now, example.home), ids)
    app = replace(given_app, steps=steps)
    run.states.append(State(None, now, None, given_app, app))
    for action in example.actions:
        now += timedelta(minutes=action.minutes)
        before = app
        given_app, now, target = _act(run, app, action, now, ids)
        steps = _stored(planner.plan(given_app, PLAYBOOK, now, example.home), ids)
        app = replace(given_app, steps=steps)
        paused = _paused(app)
        run.states.append(State(action, now, before, given_app, app, target, paused))
    return run


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
    where = planner.where(recipient(app, step), interview, home)
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
