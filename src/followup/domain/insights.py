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
  after it (whole 24-hour days, counted as instants: a change of summer time moves nothing),
  nor after the next step of that application was done (steps done at the same moment share
  their window). A step counts once it is settled: answered, or its window is
  over by `now`; steps still inside their window with no reply are *waiting* and left out.
  The rate is answered / sent, by the step's kind and by its channel.
- **Time to decision.** Whole days (24-hour periods, rounded down) from the start of the
  application's first interview to each of its decisions, by decision kind: the median, and a
  histogram by weeks (week 1 is days 0-6). Decisions of an application without an interview,
  or dated before its first interview, are left out.

The counting functions take whole applications. Storage that counts in its own query language
(adapters/sql/insights.py) hands its counts to the same assembling functions (`funnel_of`,
`rates`, `decision_times`) and rules (`reached`, `waited_for`), and a test checks that both
give the same numbers.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
REACHED_BY_DECISION = {DecisionKind.OFFER: Stage.OFFER, DecisionKind.HIRED: Stage.HIRED}


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


def reached(stage: Stage, interviewed: bool, decided: Iterable[DecisionKind]) -> Stage:
    """The furthest stage of FUNNEL reached by an application now at `stage`, with an interview
    recorded or not, and with decisions of the kinds `decided`."""
    found = {Stage.APPLIED}
    if interviewed:
        found.add(Stage.INTERVIEWING)
    if stage in FUNNEL:
        found.add(stage)
    found.update(REACHED_BY_DECISION.get(kind, Stage.APPLIED) for kind in decided)
    return max(found, key=FUNNEL.index)


def furthest(application: Application) -> Stage:
    """The furthest stage of FUNNEL the application has reached."""
    return reached(
        application.stage, bool(application.interviews), (d.kind for d in application.decisions)
    )


def funnel_of(groups: Iterable[tuple[Stage, Stage, int]]) -> Funnel:
    """The funnel from counts of applications by (the furthest stage reached, the stage now)."""
    by_rank = [0] * len(FUNNEL)
    now_at = dict.fromkeys(ENDED, 0)
    for furthest_stage, stage, count in groups:
        by_rank[FUNNEL.index(furthest_stage)] += count
        if stage in now_at:
            now_at[stage] += count
    return Funnel(
        reached=tuple(Count(stage, sum(by_rank[rank:])) for rank, stage in enumerate(FUNNEL)),
        ended=tuple(Count(stage, now_at[stage]) for stage in ENDED),
    )


def funnel(applications: Iterable[Application]) -> Funnel:
    """How many applications reached each stage of FUNNEL, and how many ended in each of ENDED."""
    return funnel_of((furthest(a), a.stage, 1) for a in applications)


def _sent(application: Application, now: datetime) -> list[tuple[Step, datetime]]:
    """The application's steps done by `now`, with when (in UTC), in that order."""
    done = [
        (s, s.done_at.astimezone(UTC))
        for s in application.steps
        if s.status is StepStatus.DONE and s.done_at is not None and s.done_at <= now
    ]
    return sorted(done, key=lambda pair: pair[1])


def _replies(application: Application, now: datetime) -> list[datetime]:
    """When the replies arrived (incoming touches that are not automatic answers), by `now`."""
    return sorted(
        t.at.astimezone(UTC)
        for t in application.touches
        if t.direction is Direction.IN and t.outcome != AUTO_REPLY and t.at <= now
    )


def rates(
    tallies: Mapping[tuple[str, Channel], tuple[int, int]], waiting: int, window_days: int
) -> ReplyRates:
    """The reply rates from (sent, answered) of the settled steps by (step kind, channel): a
    kind or a channel is listed once a step of it is settled."""
    by_kind: dict[str, list[int]] = {}
    by_channel: dict[Channel, list[int]] = {}
    for (kind, channel), (sent, answered) in tallies.items():
        if sent:
            for tally in (by_kind.setdefault(kind, [0, 0]), by_channel.setdefault(channel, [0, 0])):
                tally[0] += sent
                tally[1] += answered
    return ReplyRates(
        by_kind=tuple(Rate(kind, *by_kind[kind]) for kind in sorted(by_kind)),
        by_channel=tuple(Rate(c.value, *by_channel[c]) for c in Channel if c in by_channel),
        waiting=waiting,
        window_days=window_days,
    )


def reply_rates(
    applications: Iterable[Application], now: datetime, window_days: int = REPLY_WINDOW_DAYS
) -> ReplyRates:
    """Of the steps done and settled by `now`, how many were answered within `window_days`
    (and before the next step done), by step kind and by channel."""
    window = timedelta(days=window_days)
    tallies: dict[tuple[str, Channel], tuple[int, int]] = {}
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
            so_far = tallies.get((step.kind, step.channel), (0, 0))
            tallies[step.kind, step.channel] = (so_far[0] + 1, so_far[1] + answered)
    return rates(tallies, waiting, window_days)


def waited_for(
    application_id: int | None,
    company: str,
    role: str,
    kind: DecisionKind,
    first: datetime | None,
    at: datetime,
) -> Waited | None:
    """A decision made at `at` with its days from its application's first interview (which
    began at `first`, None without one); None when it is not counted (no interview, or a
    decision dated before it)."""
    if first is None or at < first:
        return None
    return Waited(application_id, company, role, kind, (at - first).days)


def waited(applications: Iterable[Application]) -> list[Waited]:
    """Every decision dated on or after its application's first interview, with its days."""
    found = []
    for a in applications:
        first = min((i.start for i in a.interviews), default=None)
        for decision in a.decisions:
            counted = waited_for(a.id, a.company, a.role, decision.kind, first, decision.at)
            if counted is not None:
                found.append(counted)
    return found


def _weeks(days: Sequence[int]) -> tuple[int, ...]:
    counts = [0] * (max(days) // 7 + 1)
    for d in days:
        counts[d // 7] += 1
    return tuple(counts)


def decision_times(every: Iterable[Waited]) -> tuple[DecisionTimes, ...]:
    """The decisions by kind, in DecisionKind's order: each kind's fastest first (then by
    company, else in the order given), with the median and the weeks."""
    listed = list(every)
    result = []
    for kind in DecisionKind:
        mine = sorted((w for w in listed if w.kind is kind), key=lambda w: (w.days, w.company))
        if mine:
            days = [w.days for w in mine]
            median = float(statistics.median(days))
            result.append(DecisionTimes(kind, tuple(mine), median, _weeks(days)))
    return tuple(result)


def time_to_decision(applications: Iterable[Application]) -> tuple[DecisionTimes, ...]:
    """The days to each decision from the first interview, by kind: median and weeks."""
    return decision_times(waited(applications))


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
