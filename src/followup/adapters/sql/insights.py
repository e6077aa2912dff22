"""Insights counted by the database (`ports.ReadViews.insights`): the numbers domain/insights.py
counts over whole applications, from three statements over indexes instead of every
application loaded (a test checks both give the same numbers, on SQLite and PostgreSQL).

The database counts; the domain keeps the rules and shapes the result:

- **Funnel.** Applications grouped by their stage, whether they have an interview and which
  decisions that move the funnel (`insights.REACHED_BY_DECISION`) they have: a few groups,
  each given its furthest stage by `insights.reached`, then `insights.funnel_of`.
- **Reply rates.** Per step kind and channel: the steps done by `now`; those *answered* (for
  each reply, the steps done at the application's last moment before it, when that moment is
  no more than the window before the reply: nothing done in between, none outside the
  window); and those *waiting* (done at their application's last moment, inside the window
  that `now` has not closed, with no reply since). Settled = done - waiting; `insights.rates`.
- **Time to decision.** Each decision with the start of its application's first interview,
  as microseconds: `insights.waited_for`'s rule on them, then `insights.decision_times`.

Moments are compared as stored (UTC); the window's start before a reply is the one sum done in
SQL, in whole 24-hour days (`Dialect.days_before`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup.adapters.sql.database import Connection
from followup.domain import insights
from followup.domain.model import (
    AUTO_REPLY,
    Channel,
    DecisionKind,
    Direction,
    Stage,
    StepStatus,
)

# The furthest stage the decisions of an application reach, as its rank in FUNNEL (0: none).
_DECIDED_RANK = {
    kind: insights.FUNNEL.index(stage) for kind, stage in insights.REACHED_BY_DECISION.items()
}
_RANKS = " ".join(f"WHEN :kind_{n} THEN {rank}" for n, rank in enumerate(_DECIDED_RANK.values()))
_FUNNEL = f"""
SELECT a.stage,
       EXISTS (SELECT 1 FROM interviews AS i WHERE i.application_id = a.id) AS interviewed,
       d.decided, count(*) AS applications
FROM applications AS a
LEFT JOIN (SELECT application_id, max(CASE kind {_RANKS} ELSE 0 END) AS decided
           FROM decisions WHERE user_id = :owner GROUP BY application_id) AS d
     ON d.application_id = a.id
WHERE a.user_id = :owner
GROUP BY a.stage, interviewed, d.decided
"""

_REPLY = """r.direction = :incoming AND (r.outcome IS NULL OR r.outcome <> :auto)
AND r."at" <= :now"""
# One statement, three parts by step kind and channel: the steps done by now, those answered,
# those waiting. Through the indexes on steps (user_id, status, kind, channel, done_at,
# application_id) and (application_id, status, done_at), and on touches (application_id, at).
_REPLIES = f"""
SELECT 'done' AS part, kind, channel, count(*) AS steps
FROM steps WHERE user_id = :owner AND status = :done AND done_at <= :now
GROUP BY kind, channel
UNION ALL
SELECT 'answered', s.kind, s.channel, count(*)
FROM (SELECT DISTINCT application_id, moment
      FROM (SELECT r.application_id, {{since}} AS since,
                   (SELECT max(o.done_at) FROM steps AS o
                    WHERE o.application_id = r.application_id AND o.status = :done
                    AND o.done_at < r."at") AS moment
            FROM touches AS r WHERE r.user_id = :owner AND {_REPLY}) AS replied
      WHERE moment >= since) AS m
JOIN steps AS s ON s.application_id = m.application_id AND s.status = :done
     AND s.done_at = m.moment
GROUP BY s.kind, s.channel
UNION ALL
SELECT 'waiting', s.kind, s.channel, count(*)
FROM steps AS s
WHERE s.user_id = :owner AND s.status = :done AND s.done_at > :cutoff AND s.done_at <= :now
AND NOT EXISTS (SELECT 1 FROM steps AS o WHERE o.application_id = s.application_id
                AND o.status = :done AND o.done_at > s.done_at AND o.done_at <= :now)
AND NOT EXISTS (SELECT 1 FROM touches AS r WHERE r.application_id = s.application_id
                AND r."at" > s.done_at AND {_REPLY})
GROUP BY s.kind, s.channel
"""

# Each decision with its application's first interview (NULL without one), in the order the
# domain reads them (application, then decision); both moments in microseconds since 1970
# (integers cost a driver less than moments, and whole days are exact in them).
_DECISIONS = """
SELECT d.application_id, a.company, a.role, d.kind, {at} AS at_us,
       (SELECT {start} FROM interviews AS i WHERE i.application_id = d.application_id
        ORDER BY i.start LIMIT 1) AS first_us
FROM decisions AS d JOIN applications AS a ON a.id = d.application_id
WHERE d.user_id = :owner
ORDER BY d.application_id, d."at", d.id
"""
_DAY_US = 86_400_000_000
_KINDS = {kind.value: kind for kind in DecisionKind}


def count(
    connection: Connection, owner: int | None, now: datetime, window_days: int
) -> insights.Insights:
    """The user's insights at `now` (ports.ReadViews.insights); nothing counted for a user
    who never wrote (None)."""
    if owner is None:
        return insights.insights([], now, window_days)
    return insights.Insights(
        funnel=_funnel(connection, owner),
        replies=_reply_rates(connection, owner, now, window_days),
        decisions=_decision_times(connection, owner),
    )


def _funnel(connection: Connection, owner: int) -> insights.Funnel:
    params = {f"kind_{n}": kind for n, kind in enumerate(_DECIDED_RANK)}
    kind_at = {rank: kind for kind, rank in _DECIDED_RANK.items()}
    groups = []
    for row in connection.rows(_FUNNEL, {**params, "owner": owner}):
        stage = Stage(row["stage"])
        decided = [kind_at[row["decided"]]] if row["decided"] in kind_at else []
        furthest = insights.reached(stage, bool(row["interviewed"]), decided)
        groups.append((furthest, stage, row["applications"]))
    return insights.funnel_of(groups)


def _reply_rates(
    connection: Connection, owner: int, now: datetime, window_days: int
) -> insights.ReplyRates:
    now = now.astimezone(UTC)
    params = {
        "owner": owner,
        "now": now,
        "cutoff": now - timedelta(days=window_days),
        "window_days": window_days,
        "done": StepStatus.DONE,
        "incoming": Direction.IN,
        "auto": AUTO_REPLY,
    }
    since = connection.database.dialect.days_before('r."at"', ":window_days")
    parts: dict[str, dict[tuple[str, Channel], int]] = {"done": {}, "answered": {}, "waiting": {}}
    for row in connection.rows(_REPLIES.format(since=since), params):
        parts[row["part"]][row["kind"], Channel(row["channel"])] = row["steps"]
    done, answered, waiting = parts["done"], parts["answered"], parts["waiting"]
    tallies = {
        key: (steps - waiting.get(key, 0), answered.get(key, 0)) for key, steps in done.items()
    }
    return insights.rates(tallies, sum(waiting.values()), window_days)


def _decision_times(connection: Connection, owner: int) -> tuple[insights.DecisionTimes, ...]:
    """`insights.waited_for`'s rule (decisions from the first interview on, in whole days) on
    microseconds: what a driver gives fastest for thousands of decisions."""
    dialect = connection.database.dialect
    at, start = dialect.microseconds('d."at"'), dialect.microseconds("i.start")
    sql = _DECISIONS.format(at=at, start=start)
    return insights.decision_times(
        insights.Waited(
            row["application_id"],
            row["company"],
            row["role"],
            _KINDS[row["kind"]],
            (row["at_us"] - row["first_us"]) // _DAY_US,
        )
        for row in connection.rows(sql, {"owner": owner})
        if row["first_us"] is not None and row["at_us"] >= row["first_us"]
    )
