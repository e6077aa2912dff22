"""Insights counted by the database (`adapters/sql/insights.py`) give the numbers the domain's
definition gives over every application loaded whole (`domain.insights.insights`), on SQLite
and PostgreSQL: on hand-made edge cases (the window's last moment, a reply at the next step's
moment, steps sharing a moment, a window across a change of summer time, decisions at and
before the first interview) and on a few hundred random applications, at several moments and
windows, with another user's data beside them."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.sql.store import SqlStore
from followup.domain import insights
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Stage,
    Step,
    StepStatus,
    Touch,
)

START = datetime(2026, 3, 1, 9, tzinfo=UTC)
ZONES = ("UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney")
KINDS = ("thank-you", "check-in-call", "keep-in-touch", "feedback-request")
WINDOWS = (1, 7, 14, 30)


def step(
    kind: str, channel: Channel, done_at: datetime | None, zone: str = "UTC", **more: object
) -> Step:
    moment = done_at or START
    local = moment.astimezone(ZoneInfo(zone))
    status = more.pop("status", StepStatus.DONE if done_at else StepStatus.PLANNED)
    return Step(
        kind,
        channel,
        local,
        local,
        status=status,
        done_at=local if done_at else None,
        timezone=zone,
        **more,
    )  # type: ignore[arg-type]


def reply(at: datetime, outcome: str | None = None, direction: Direction = Direction.IN) -> Touch:
    return Touch(Channel.EMAIL, direction, at, outcome=outcome)


def interview(start: datetime, zone: str = "UTC") -> Interview:
    local = start.astimezone(ZoneInfo(zone))
    return Interview(start=local, end=local + timedelta(hours=1), timezone=zone)


def app(company: str, stage: Stage = Stage.INTERVIEWING, **parts: object) -> Application:
    return Application(company=company, role="Analyst", stage=stage, **parts)  # type: ignore[arg-type]


def edge_cases() -> list[Application]:
    """One application per rule the SQL must follow to the microsecond."""
    t0 = START
    day = timedelta(days=1)
    tick = timedelta(microseconds=1)
    london_spring = datetime(2026, 3, 20, 10, tzinfo=UTC)  # 14 days on is in summer time
    return [
        app(
            "on the window's last moment",
            steps=(step("thank-you", Channel.EMAIL, t0),),
            touches=(reply(t0 + 14 * day),),
        ),
        app(
            "a microsecond after it",
            steps=(step("thank-you", Channel.EMAIL, t0),),
            touches=(reply(t0 + 14 * day + tick),),
        ),
        app(
            "a reply at the next step's moment",
            steps=(
                step("thank-you", Channel.EMAIL, t0),
                step("check-in-call", Channel.PHONE, t0 + 3 * day),
            ),
            touches=(reply(t0 + 3 * day),),
        ),
        app(
            "steps sharing a moment share the reply",
            steps=(
                step("thank-you", Channel.EMAIL, t0, "Europe/London"),
                step("thank-you", Channel.LETTER, t0, "Asia/Tokyo"),
                step("keep-in-touch", Channel.EMAIL, t0 + 9 * day),
            ),
            touches=(reply(t0 + day), reply(t0 + 2 * day)),
        ),
        app(
            "across summer time, counted in 24-hour days",
            steps=(step("thank-you", Channel.EMAIL, london_spring, "Europe/London"),),
            touches=(reply(london_spring + 14 * day - timedelta(minutes=30)),),
        ),
        app(
            "auto-replies, replies out and other outcomes",
            steps=(step("feedback-request", Channel.EMAIL, t0),),
            touches=(
                reply(t0 + day, AUTO_REPLY),
                reply(t0 + day, direction=Direction.OUT),
                reply(t0 + 2 * day, "looks-like-offer"),
            ),
        ),
        app(
            "done without a moment, skipped, planned",
            steps=(
                step("thank-you", Channel.EMAIL, None, status=StepStatus.DONE),
                step("thank-you", Channel.EMAIL, t0, status=StepStatus.SKIPPED),
                step("keep-in-touch", Channel.EMAIL, None),
            ),
            touches=(reply(t0 + day),),
        ),
        app(
            "decided at, before and a microsecond short of a day after the first interview",
            stage=Stage.REJECTED,
            interviews=(interview(t0 + 2 * day, "America/New_York"), interview(t0, "Asia/Tokyo")),
            decisions=(
                Decision(DecisionKind.OFFER, t0 - day),
                Decision(DecisionKind.OFFER, t0),
                Decision(DecisionKind.REJECTED, t0 + 7 * day - tick),
            ),
        ),
        app(
            "an offer without an interview",
            stage=Stage.WITHDRAWN,
            decisions=(Decision(DecisionKind.OFFER, t0),),
        ),
        app(
            "hired in the end",
            stage=Stage.CLOSED,
            interviews=(interview(t0),),
            decisions=(Decision(DecisionKind.HIRED, t0 + 20 * day),),
        ),
        app(
            "applied, interviewed",
            stage=Stage.APPLIED,
            interviews=(interview(t0, "Europe/London"),),
        ),
        app("applied only", stage=Stage.APPLIED),
    ]


def random_applications(rng: random.Random, count: int) -> list[Application]:
    """Moments on a coarse grid (hours, and now and then a microsecond off), so that steps,
    replies, decisions and `now` often fall on the same moment or a window's last one."""

    def moment() -> datetime:
        at = START + timedelta(hours=rng.randrange(0, 60 * 24, rng.choice((1, 6, 24))))
        return at + timedelta(microseconds=rng.choice((0, 0, 0, 1, -1)))

    made = []
    for n in range(count):
        steps = tuple(
            step(
                rng.choice(KINDS),
                rng.choice((Channel.EMAIL, Channel.EMAIL, Channel.PHONE, Channel.LETTER)),
                moment(),
                rng.choice(ZONES),
                status=rng.choice(
                    (
                        StepStatus.DONE,
                        StepStatus.DONE,
                        StepStatus.DONE,
                        StepStatus.SKIPPED,
                        StepStatus.PLANNED,
                    )
                ),
            )
            for _ in range(rng.randrange(0, 7))
        )
        touches = tuple(
            reply(
                moment(),
                rng.choice((None, None, AUTO_REPLY, "looks-like-rejection")),
                rng.choice((Direction.IN, Direction.IN, Direction.OUT)),
            )
            for _ in range(rng.randrange(0, 4))
        )
        made.append(
            app(
                f"Company {n}",
                stage=rng.choice(list(Stage)),
                interviews=tuple(
                    interview(moment(), rng.choice(ZONES)) for _ in range(rng.randrange(0, 3))
                ),
                decisions=tuple(
                    Decision(rng.choice(list(DecisionKind)), moment())
                    for _ in range(rng.randrange(0, 3))
                ),
                steps=steps,
                touches=touches,
            )
        )
    return made


def stored(store: SqlStore, applications: list[Application]) -> list[Application]:
    """Store the applications; return them as loaded whole, by id."""
    with store.transaction() as repo:
        for application in applications:
            repo.add_application(application)
    with store.reading() as repo:
        return [repo.get_application(s.id) for s in repo.list_applications()]


def counted(store: SqlStore, now: datetime, window_days: int) -> insights.Insights:
    with store.reading() as repo:
        return repo.insights(now, window_days)


@pytest.fixture
def stores(store_for: Callable[[str], SqlStore]) -> tuple[SqlStore, SqlStore]:
    """alice's store, and bob's beside it with data of his own that alice must not count."""
    bob = store_for("bob")
    stored(bob, random_applications(random.Random(99), 40))
    return store_for("alice"), bob


def test_the_edge_cases_count_as_the_definition_says(stores: tuple[SqlStore, SqlStore]) -> None:
    alice, _ = stores
    whole = stored(alice, edge_cases())
    for now in (START + timedelta(days=d) for d in (0, 3, 14, 15, 30, 40)):
        for window in WINDOWS:
            assert counted(alice, now, window) == insights.insights(whole, now, window), (
                now,
                window,
            )
    everything = counted(alice, START + timedelta(days=40), 14)
    assert everything.replies.by_kind != () and everything.decisions != ()


def test_random_applications_count_as_the_definition_says(
    stores: tuple[SqlStore, SqlStore],
) -> None:
    alice, _ = stores
    whole = stored(alice, random_applications(random.Random(17), 300))
    nows = [START + timedelta(hours=h) for h in (0, 24 * 10, 24 * 30 + 6, 24 * 45, 24 * 70)]
    seen_waiting = seen_answered = False
    for now in nows:
        for window in WINDOWS:
            expected = insights.insights(whole, now, window)
            assert counted(alice, now, window) == expected, (now, window)
            seen_waiting |= expected.replies.waiting > 0
            seen_answered |= any(r.answered for r in expected.replies.by_kind)
    assert seen_waiting and seen_answered  # the data exercise every part


def test_a_user_with_nothing_counts_nothing(stores: tuple[SqlStore, SqlStore]) -> None:
    alice, _ = stores
    assert counted(alice, START, 14) == insights.insights([], START, 14)
