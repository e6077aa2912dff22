"""What the applications say in aggregate: the funnel by stage, the reply rate by step kind and
by channel, and the time from the first interview to each decision.

Pure: the applications and `now` come in, numbers go out. The definitions (also in the guide,
under "Insights"):

- **Funnel.** An application has *reached* a stage when it is there now or has been beyond it:
  every application reached `applied`; `interviewing` once an interview is recorded, or when
  its stage or a decision is further on; `offer` with an offer or hire (as its stage or among
  its decisions, so an offer later declined still counts); `hired` with a hire. Each stage
  therefore counts at most as many applications as the one before. The *ended* counts are the
  applications now `rejected`, `withdrawn` or `closed`.
- **Reply rate.** A step is *sent* when it is done (whatever its outcome: sent, reached,
  voicemail). It is *answered* when a reply, an incoming touch on the same application that is
  not an automatic answer, arrives after the step was done and no later than `window_days`
  after it, nor after the next step of that application was done (steps done at the same
  moment share their window). A step counts once it is settled: answered, or its window is
  over by `now`; steps still inside their window with no reply are *waiting* and left out.
  The rate is answered / sent, by the step's kind and by its channel.
- **Time to decision.** Whole days (24-hour periods, rounded down) from the start of the
  application's first interview to each of its decisions, by decision kind: the median, and a
  histogram by weeks (week 1 is days 0-6). Decisions of an application without an interview,
  or dated before its first interview, are left out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    DecisionKind,
    Direction,
    Stage,
    Step,
    StepStatus,
)

REPLY_WINDOW_DAYS = 14
FUNNEL = (Stage.APPLIED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED)
ENDED = (Stage.REJECTED, Stage.WITHDRAWN, Stage.CLOSED)
_REACHED_BY_DECISION = {DecisionKind.OFFER: Stage.OFFER, DecisionKind.HIRED: Stage.HIRED}


@dataclass(frozen=True, slots=True)
class Count:
    """How many applications are in (or reached) one stage."""

    stage: Stage
    applications: int


@dataclass(frozen=True, slots=True)
class Funnel:
    reached: tuple[Count, ...]  # one per stage of FUNNEL, in its order
    ended: tuple[Count, ...]  # one per stage of ENDED

    @property
    def total(self) -> int:
        return self.reached[0].applications


@dataclass(frozen=True, slots=True)
class Rate:
    """Of the steps of one kind (or on one channel) sent, how many were answered."""

    label: str
    sent: int
    answered: int

    @property
    def share(self) -> float:
        return self.answered / self.sent if self.sent else 0.0


@dataclass(frozen=True, slots=True)
class ReplyRates:
    by_kind: tuple[Rate, ...]  # kinds by name
    by_channel: tuple[Rate, ...]  # channels in Channel's order
    waiting: int  # steps done whose window is still open, with no reply yet
    window_days: int


@dataclass(frozen=True, slots=True)
class Waited:
    """One decision and the days it took from the application's first interview."""

    application_id: int | None
    company: str
    role: str
    kind: DecisionKind
    days: int


@dataclass(frozen=True, slots=True)
class DecisionTimes:
    """The decisions of one kind: each with its days, their median, and counts by week."""

    kind: DecisionKind
    decisions: tuple[Waited, ...]  # fastest first
    median: float
    weeks: tuple[int, ...]  # weeks[n]: decisions that took 7n to 7n+6 days


@dataclass(frozen=True, slots=True)
class Insights:
    funnel: Funnel
    replies: ReplyRates
    decisions: tuple[DecisionTimes, ...]  # kinds with at least one decision, in DecisionKind order


def furthest(application: Application) -> Stage:
    """The furthest stage of FUNNEL the application has reached."""
    reached = {Stage.APPLIED}
    if application.interviews:
        reached.add(Stage.INTERVIEWING)
    if application.stage in FUNNEL:
        reached.add(application.stage)
    reached.update(_REACHED_BY_DECISION.get(d.kind, Stage.APPLIED) for d in application.decisions)
    return max(reached, key=FUNNEL.index)


def funnel(applications: Iterable[Application]) -> Funnel:
    """How many applications reached each stage of FUNNEL, and how many ended in each of ENDED."""
    furthest_of, ended = [], []
    for application in applications:
        furthest_of.append(FUNNEL.index(furthest(application)))
        ended.append(application.stage)
    return Funnel(
        reached=tuple(
            Count(stage, sum(1 for f in furthest_of if f >= rank))
            for rank, stage in enumerate(FUNNEL)
        ),
        ended=tuple(Count(stage, ended.count(stage)) for stage in ENDED),
    )


def _sent(application: Application, now: datetime) -> list[tuple[Step, datetime]]:
    """The application's steps done by `now`, with when, in that order."""
    done = [
        (s, s.done_at)
        for s in application.steps
        if s.status is StepStatus.DONE and s.done_at is not None and s.done_at <= now
    ]
    return sorted(done, key=lambda pair: pair[1])


def _replies(application: Application, now: datetime) -> list[datetime]:
    """When the replies arrived (incoming touches that are not automatic answers), by `now`."""
    return sorted(
        t.at
        for t in application.touches
        if t.direction is Direction.IN and t.outcome != AUTO_REPLY and t.at <= now
    )


def reply_rates(
    applications: Iterable[Application], now: datetime, window_days: int = REPLY_WINDOW_DAYS
) -> ReplyRates:
    """Of the steps done and settled by `now`, how many were answered within `window_days`
    (and before the next step done), by step kind and by channel."""
    window = timedelta(days=window_days)
    by_kind: dict[str, list[int]] = {}
    by_channel: dict[Channel, list[int]] = {}
    waiting = 0
    for application in applications:
        sent, replies = _sent(application, now), _replies(application, now)
        moments = [at for _, at in sent]
        for step, at in sent:
            later = next((m for m in moments if m > at), None)
            end = at + window if later is None else min(at + window, later)
            answered = any(at < r <= end for r in replies)
            if not answered and end > now:
                waiting += 1
                continue
            for tally in (
                by_kind.setdefault(step.kind, [0, 0]),
                by_channel.setdefault(step.channel, [0, 0]),
            ):
                tally[0] += 1
                tally[1] += answered
    return ReplyRates(
        by_kind=tuple(Rate(kind, *by_kind[kind]) for kind in sorted(by_kind)),
        by_channel=tuple(Rate(c.value, *by_channel[c]) for c in Channel if c in by_channel),
        waiting=waiting,
        window_days=window_days,
    )


def waited(applications: Iterable[Application]) -> list[Waited]:
    """Every decision dated on or after its application's first interview, with its days."""
    found = []
    for application in applications:
        if not application.interviews:
            continue
        first = min(i.start for i in application.interviews)
        for decision in application.decisions:
            if decision.at >= first:
                days = (decision.at - first).days
                found.append(
                    Waited(
                        application.id, application.company, application.role, decision.kind, days
                    )
                )
    return found


def _weeks(days: Sequence[int]) -> tuple[int, ...]:
    counts = [0] * (max(days) // 7 + 1)
    for d in days:
        counts[d // 7] += 1
    return tuple(counts)


def time_to_decision(applications: Iterable[Application]) -> tuple[DecisionTimes, ...]:
    """The days to each decision from the first interview, by kind: median and weeks."""
    every = waited(applications)
    result = []
    for kind in DecisionKind:
        mine = sorted((w for w in every if w.kind is kind), key=lambda w: (w.days, w.company))
        if mine:
            days = [w.days for w in mine]
            median = float(statistics.median(days))
            result.append(DecisionTimes(kind, tuple(mine), median, _weeks(days)))
    return tuple(result)


def insights(
    applications: Iterable[Application], now: datetime, window_days: int = REPLY_WINDOW_DAYS
) -> Insights:
    """All three, over the same applications."""
    listed = list(applications)
    return Insights(
        funnel=funnel(listed),
        replies=reply_rates(listed, now, window_days),
        decisions=time_to_decision(listed),
    )
