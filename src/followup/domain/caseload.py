"""The caseload: a coach's job seekers at a glance, one row each, flagged green, yellow or red.

A row's numbers are counted by the database (adapters/sql/coaching.py); here are the rules:
the interviews of this month in the job seeker's own time zone, the days since their last
activity, and the flag from two thresholds (`caseload_quiet_days`, `caseload_overdue_steps`:
"yellow,red"): red when either reaches its red, yellow when either reaches its yellow. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from followup.domain.errors import InvalidInput
from followup.domain.values import zone


class Flag(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


_RANK = {Flag.RED: 0, Flag.YELLOW: 1, Flag.GREEN: 2}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """(yellow, red) days without activity, and (yellow, red) overdue steps."""

    quiet: tuple[int, int] = (7, 14)
    overdue: tuple[int, int] = (1, 3)


def pair(value: str, what: str) -> tuple[int, int]:
    """ "7,14" -> (7, 14): two whole numbers, the first (yellow) at most the second (red)."""
    parts = [p.strip() for p in str(value).split(",")]
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 5 for p in parts):
        raise InvalidInput(f"{what} is two whole numbers, yellow then red (like 7,14)")
    yellow, red = int(parts[0]), int(parts[1])
    if yellow > red:
        raise InvalidInput(f"{what}: the yellow threshold ({yellow}) is above the red ({red})")
    return yellow, red


@dataclass(frozen=True, slots=True)
class Counts:
    """One job seeker's numbers as the database counted them."""

    seeker_id: int
    email: str
    cohort: str | None
    timezone: str
    since: datetime  # the account's creation: activity before any other
    applications: int = 0
    active: int = 0
    interviewed: int = 0  # applications with an interview
    offers: int = 0
    overdue: int = 0
    last_activity: datetime | None = None
    interview_starts: tuple[datetime, ...] = ()  # those near this month


@dataclass(frozen=True, slots=True)
class Row:
    """A caseload row: the numbers, and the flag with the reasons for it."""

    seeker_id: int
    email: str
    cohort: str | None
    active: int
    interviews: int  # this month, in the job seeker's zone
    overdue: int
    quiet_days: int  # days since the last activity
    applications: int
    interviewed: int
    offers: int
    flag: Flag
    why: str  # the flag in words: "no activity for 15 days; 4 steps overdue"

    @property
    def ratio(self) -> str:
        """Applications : interviewed : offers."""
        return f"{self.applications}:{self.interviewed}:{self.offers}"


def interviews_this_month(starts: Iterable[datetime], timezone: str, now: datetime) -> int:
    """How many of `starts` fall in the month `now` is in, in `timezone`."""
    tz = zone(timezone)
    here = now.astimezone(tz)
    month = (here.year, here.month)
    return sum(1 for s in starts if (s.astimezone(tz).year, s.astimezone(tz).month) == month)


def month_window(now: datetime) -> tuple[datetime, datetime]:
    """Moments around `now` that hold this month in every time zone (what the database reads)."""
    return now - timedelta(days=32), now + timedelta(days=32)


def flag(quiet_days: int, overdue: int, limits: Thresholds) -> tuple[Flag, str]:
    """The flag and why."""
    reasons = []
    level = Flag.GREEN
    for value, (yellow, red), said in (
        (quiet_days, limits.quiet, f"no activity for {quiet_days} days"),
        (overdue, limits.overdue, f"{overdue} step{'s' if overdue != 1 else ''} overdue"),
    ):
        if value >= red:
            level = Flag.RED
            reasons.append(said)
        elif value >= yellow:
            level = Flag.RED if level is Flag.RED else Flag.YELLOW
            reasons.append(said)
    return level, "; ".join(reasons) or "on track"


def row(counts: Counts, now: datetime, limits: Thresholds) -> Row:
    last = max(counts.since, counts.last_activity or counts.since)
    quiet = max(0, (now - last).days)
    level, why = flag(quiet, counts.overdue, limits)
    return Row(
        seeker_id=counts.seeker_id,
        email=counts.email,
        cohort=counts.cohort,
        active=counts.active,
        interviews=interviews_this_month(counts.interview_starts, counts.timezone, now),
        overdue=counts.overdue,
        quiet_days=quiet,
        applications=counts.applications,
        interviewed=counts.interviewed,
        offers=counts.offers,
        flag=level,
        why=why,
    )


# The columns a caseload sorts by, and each one's key.
SORTS = {
    "flag": lambda r: (_RANK[r.flag], -r.quiet_days, r.email),
    "seeker": lambda r: (r.email.casefold(),),
    "cohort": lambda r: ((r.cohort or "").casefold(), r.email.casefold()),
    "active": lambda r: (r.active, r.email),
    "interviews": lambda r: (r.interviews, r.email),
    "overdue": lambda r: (r.overdue, r.email),
    "quiet": lambda r: (r.quiet_days, r.email),
    "ratio": lambda r: (r.applications, r.interviewed, r.offers, r.email),
}


def sort_key(value: str) -> tuple[str, bool]:
    """ "quiet" or "-quiet" (descending) -> (column, descending); InvalidInput otherwise."""
    name = value.removeprefix("-")
    if name not in SORTS:
        raise InvalidInput(f"sort: one of {', '.join(SORTS)} (a leading - reverses)")
    return name, value.startswith("-")


def caseload(
    counts: Sequence[Counts], now: datetime, limits: Thresholds, sort: str = "flag"
) -> list[Row]:
    """The rows, sorted by a column of SORTS ("-column": descending)."""
    name, descending = sort_key(sort)
    rows = [row(c, now, limits) for c in counts]
    return sorted(rows, key=SORTS[name], reverse=descending)


def cohorts(counts: Iterable[Counts]) -> list[str]:
    """The groups the job seekers are in, in order."""
    return sorted({c.cohort for c in counts if c.cohort}, key=str.casefold)
