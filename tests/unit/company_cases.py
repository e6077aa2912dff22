"""Several applications at one company, planned as the services plan them: the one an event
happened to first, then each other one, every one with the rest as its `planner.Company`
(services.applications.replan does the same over the repository). And the property tests'
examples of it: two to four roles at one company (its name typed four ways), maybe one at
another, interviews within two weeks of each other, and random events on any of them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

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
    Relation,
    Stage,
    Step,
    Touch,
)
from followup.domain.playbook import NUDGES
from tests.unit.planner_cases import PLAYBOOK
from tests.unit.planner_examples import regions, zones


def stored(steps: tuple[Step, ...], ids: Iterator[int]) -> tuple[Step, ...]:
    """The plan as the repository stores it: new steps get an id."""
    return tuple(s if s.id is not None else replace(s, id=next(ids)) for s in steps)


def company_of(apps: Sequence[Application], i: int) -> planner.Company:
    """The user's other applications at the company of `apps[i]` (by `company_key`)."""
    key = planner.company_key(apps[i].company)
    return planner.Company(
        tuple(a for j, a in enumerate(apps) if j != i and planner.company_key(a.company) == key)
    )


def plan_all(
    apps: Sequence[Application],
    first: int,
    now: datetime,
    home: planner.Home,
    ids: Iterator[int],
    order: Sequence[int] | None = None,
) -> list[Application]:
    """Every application replanned: `apps[first]` (the one an event happened to), then the
    others in `order` (by default as listed), each with the others as they stand by then."""
    result = list(apps)
    rest = [i for i in (order if order is not None else range(len(apps))) if i != first]
    for i in [first, *rest]:
        steps = planner.plan(result[i], PLAYBOOK, now, home, company_of(result, i))
        result[i] = replace(result[i], steps=stored(steps, ids))
    return result


# --- the property tests' examples: several roles at one company, and what happens to them ---

COMPANY_NAMES = ("Acme", " ACME ", "ac me", "ACME")  # one company, as people type it
OTHER = "Globex"  # another company: never in Acme's turns


@dataclass(frozen=True)
class Event:
    """One event on one application (`target`, an index into the example's applications)."""

    target: int
    what: str  # touch, complete, skip, snooze, decide
    minutes: int  # after the previous event
    direction: Direction = Direction.OUT
    pick: int = 0
    choice: int = 0
    decision: DecisionKind = DecisionKind.REJECTED


@dataclass(frozen=True)
class CompanyExample:
    apps: tuple[Application, ...]  # 2-4 at Acme (names as typed), maybe one at Globex last
    home: planner.Home
    start: datetime
    events: tuple[Event, ...]
    on_time: bool  # the user does a step no earlier than it may start, snoozes only postpone


@dataclass(frozen=True)
class CompanyState:
    event: Event | None
    now: datetime
    given: tuple[Application, ...]  # the event applied, the previous plans stored
    apps: tuple[Application, ...]  # every application replanned, as the services do
    first: int  # the application the event happened to (replanned first)
    attempts: dict[int, datetime]  # CompanyRun.attempts as they were then
    snoozed: dict[int, datetime]  # CompanyRun.snoozed as they were then


@dataclass
class CompanyRun:
    example: CompanyExample
    states: list[CompanyState] = field(default_factory=list)
    attempts: dict[int, datetime] = field(default_factory=dict)  # no-answer calls: when
    snoozed: dict[int, datetime] = field(default_factory=dict)  # steps snoozed: first when


@st.composite
def _role(draw: st.DrawFn, n: int, company: str, day0: date) -> Application:
    tz = draw(zones)
    day = day0 + timedelta(days=draw(st.integers(0, 12)))
    wall = datetime.combine(day, time(draw(st.integers(7, 18)), 0), tzinfo=ZoneInfo(tz))
    start = wall.astimezone(UTC).astimezone(ZoneInfo(tz))
    interview = Interview(
        start=start,
        end=start + timedelta(minutes=draw(st.sampled_from([30, 60, 90]))),
        timezone=tz,
        region=draw(st.none() | regions),
        decision_by=draw(st.none() | st.none() | st.just(day + timedelta(days=20))),
        id=10 * n + 1,
    )
    lead = Contact(
        f"Lead Person{n}",
        Relation.INTERVIEWER,
        email=draw(st.sampled_from([None, f"lead{n}@acme.example"])),
        phone=draw(st.sampled_from([None, "+44 20 7946 0958"])),
        address=draw(st.sampled_from([None, "1 Poultry\nLondon EC2R 8EJ"])),
        timezone=draw(st.none() | zones),
        region=draw(st.none() | regions),
        id=10 * n + 2,
    )
    return Application(
        company=company,
        role=f"Role {n}",
        stage=Stage.INTERVIEWING,
        interviews=(interview,),
        contacts=(lead,),
        settings=dict(draw(st.sampled_from([{}, {}, {}, {"nudges.gap": "10"}]))),
        id=n,
    )


_events = st.builds(
    Event,
    target=st.integers(0, 4),
    what=st.sampled_from(["touch"] * 3 + ["complete"] * 6 + ["skip", "snooze", "decide"]),
    minutes=st.integers(1, 6 * 24 * 60),
    direction=st.sampled_from(Direction),
    pick=st.integers(0, 20),
    choice=st.integers(0, 40),
    decision=st.sampled_from(DecisionKind),
)


@st.composite
def company_examples(draw: st.DrawFn) -> CompanyExample:
    day0 = draw(st.dates(date(2025, 1, 1), date(2028, 12, 1)))
    count_ = draw(st.integers(2, 4))
    apps = [draw(_role(n + 1, draw(st.sampled_from(COMPANY_NAMES)), day0)) for n in range(count_)]
    if draw(st.booleans()):
        apps.append(draw(_role(len(apps) + 1, OTHER, day0)))
    home = planner.Home(region=draw(st.none() | regions), timezone=draw(zones))
    first_end = min(a.interviews[0].end for a in apps).astimezone(UTC)
    start = first_end + timedelta(minutes=draw(st.integers(0, 2 * 24 * 60)))
    events = tuple(draw(st.lists(_events, min_size=1, max_size=14)))
    return CompanyExample(tuple(apps), home, start, events, draw(st.integers(0, 2)) == 0)


def _act(
    run: CompanyRun, app: Application, event: Event, now: datetime
) -> tuple[Application, datetime]:
    """`app` with `event` applied at `now` (later when the user keeps to the plan)."""
    home, on_time = run.example.home, run.example.on_time
    if event.what == "touch":
        return replace(app, touches=(*app.touches, Touch(Channel.EMAIL, event.direction, now))), now
    if event.what == "decide":
        kind = event.decision
        if app.stage not in ACTIVE_STAGES or (
            kind is DecisionKind.OFFER and app.stage is Stage.OFFER
        ):
            return app, now
        decisions = (*app.decisions, Decision(kind, now))
        return replace(app, decisions=decisions, stage=DECISION_STAGE[kind]), now
    steps = sorted(
        (s for s in app.steps if s.status in OPEN_STATUSES), key=lambda s: (s.earliest, s.key)
    )
    nudges = [s for s in steps if s.kind in NUDGES] or steps
    if not nudges:
        return app, now
    step = nudges[event.pick % len(nudges)]
    assert step.id is not None
    if on_time:
        now = max(now, step.earliest.astimezone(UTC))
    if event.what == "complete":
        outcomes: list[str | None] = [None, "sent"]
        if step.channel is Channel.PHONE:
            outcomes = [None, "reached", "voicemail", "no-answer", "no-answer"]
        outcome = outcomes[event.choice % len(outcomes)]
        new = planner.complete(app, step, outcome, now, PLAYBOOK, home)
        if outcome == "no-answer":
            run.attempts[step.id] = now
    elif event.what == "skip":
        new = planner.skip(step, now)
    else:
        local = step.earliest.astimezone(ZoneInfo(step.timezone)).date()
        if on_time:
            until = max(local, now.date()) + timedelta(days=event.choice % 30 + 1)
        else:
            until = now.date() + timedelta(days=event.choice - 10)
        try:
            new = planner.snooze(app, step, until, now, PLAYBOOK, home)
        except Conflict:  # a day in the past, or before the step may start: refused, unchanged
            return app, now
        # The email (or letter) after a call nobody answered, moved: the call reached nobody,
        # and the nudge is now that message, on the day the user chose. The user's choice from
        # the moment the nudge was made: when that call was (a contact the user made after
        # it, before snoozing, was theirs to weigh), else now.
        called = run.attempts.pop(step.id, None)
        run.snoozed.setdefault(step.id, min(now, called) if called else now)
    return replace(app, steps=tuple(new if s.id == new.id else s for s in app.steps)), now


def simulate_company(example: CompanyExample) -> CompanyRun:
    """Plan every application, then after each event replan them all as the services do:
    the application the event happened to first, then the others."""
    run, ids, now = CompanyRun(example), count(1000), example.start
    apps = plan_all(example.apps, 0, now, example.home, ids)
    run.states.append(CompanyState(None, now, example.apps, tuple(apps), 0, {}, {}))
    for event in example.events:
        now += timedelta(minutes=event.minutes)
        target = event.target % len(apps)
        given = list(apps)
        given[target], now = _act(run, apps[target], event, now)
        apps = plan_all(given, target, now, example.home, ids)
        run.states.append(
            CompanyState(
                event,
                now,
                tuple(given),
                tuple(apps),
                target,
                dict(run.attempts),
                dict(run.snoozed),
            )
        )
    return run
