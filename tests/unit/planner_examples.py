"""The examples of the planner's property tests, and running them as the services would.

An example (Hypothesis: `examples()`) is an application with one interview (any moment
2025-2028, any zone, any of a dozen countries with their holidays and weekends), interviewers
and helpers with or without their own zone and country, a user (Home) somewhere else, and a
random sequence of events: touches either way, complete / skip / snooze of a random open step,
decisions. `simulate` replans the application after every event with the previous plan as its
steps, and keeps each state. In about a third of the examples the user keeps to the plan ("on
time": a step is done no earlier than it may start, a snooze only ever postpones).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import strategies as st

from followup.domain import planner
from followup.domain.errors import Conflict
from followup.domain.model import (
    ACTIVE_STAGES,
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
    Touch,
)
from followup.domain.playbook import NUDGES
from followup.domain.values import Region
from tests.unit.planner_cases import PLAYBOOK

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
        organisation=draw(st.sampled_from(["Hays", company, f" {company.upper()} "]))
        if relation is Relation.RECRUITER
        else None,
        email=draw(st.sampled_from([None, f"p{n}@example.com"])),
        phone=draw(st.sampled_from([None, "+44 20 7946 0958"])),
        address=draw(st.sampled_from([None, "1 Poultry\nLondon EC2R 8EJ"])),
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
        today = now.astimezone(ZoneInfo(step.timezone)).date()
        if example.on_time:
            until = max(local, today) + timedelta(days=action.choice % 30 + 1)
        else:
            until = now.date() + timedelta(days=action.choice - 10)
        if until < max(local, today):  # a snooze never moves a step earlier: refused
            with pytest.raises(Conflict, match="cannot snooze"):
                planner.snooze(app, step, until, now, PLAYBOOK, example.home)
            return app, now, None
        new = planner.snooze(app, step, until, now, PLAYBOOK, example.home)
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
