"""Working days and working hours of a region (SPEC "Default playbook").

A WorkCalendar answers the planner's questions: is this a working day, which day is "working day N"
after an event, when does the next working period start. Public holidays and the weekend come from
the `holidays` package. Each (region, year) is read from it once, on first use, into a table of that
year's working days; every question after that is a few index operations, with no date loops.

Weekends are asked per date (`is_working_day`), not read from `.weekend`: some countries changed
theirs (AE, SA) and some subdivisions differ from their country (MY-02, Kedah, works on Sundays).
Weekend days turned into working days (China's make-up days, `weekend_workdays`) count as working
days. The holidays data ends around 2100; after that only the weekend is left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from followup.domain.errors import InvalidInput
from followup.domain.values import Region, require_aware


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The wall-clock hours of a working day in the recipient's time zone: [start, end)."""

    start: time = time(9, 0)
    end: time = time(17, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise InvalidInput("working hours are wall-clock times, give them without a time zone")
        if not self.start < self.end:
            raise InvalidInput(
                f"working hours must start before they end (got {self.start:%H:%M}"
                f" to {self.end:%H:%M})"
            )


@dataclass(frozen=True, slots=True)
class _Year:
    """One calendar year of one region."""

    year: int
    first: int  # ordinal of 1 January
    working: tuple[int, ...]  # ordinals of the working days, in order
    before: tuple[int, ...]  # before[i]: working days among the year's first i days


@lru_cache(maxsize=1 << 16)
def _local(day: date, wall: time, tz: ZoneInfo, fold: int = 0) -> datetime:
    """`wall` on `day` in `tz` (memoised: the planner asks for the same few days and zones
    over and over). A wall time the clocks skip (a DST gap) moves forward by the gap;
    a repeated one is its first occurrence, or its second with fold=1."""
    moment = datetime.combine(day, wall, tzinfo=tz)
    if fold:
        moment = moment.replace(fold=1)
    return moment.astimezone(UTC).astimezone(tz)


class WorkCalendar:
    """The working days of one region (None: no public holidays, Saturday-Sunday weekend)."""

    __slots__ = ("_years", "region")

    def __init__(self, region: Region | None) -> None:
        self.region = region
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return f"WorkCalendar({str(self.region) if self.region else None!r})"

    def is_working_day(self, day: date) -> bool:
        """Neither a public holiday nor a weekend day of the region."""
        table = self._year(day.year)
        i = day.toordinal() - table.first
        return table.before[i] != table.before[i + 1]

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next working day."""
        table = self._year(day.year)
        return self._counted(table, table.before[day.toordinal() - table.first])

    def working_day(self, day: date, n: int) -> date:
        """Working day `n` counted from `day`: 1 is the first working day after it, 2 the second.

        n=0 is `day` itself when it is a working day, else the next one."""
        if n < 0:
            raise InvalidInput(f"working day {n} does not exist: count from 0")
        if n == 0:
            return self.on_or_after(day)
        table = self._year(day.year)
        return self._counted(table, table.before[day.toordinal() - table.first + 1] + n - 1)

    def start_of(self, day: date, tz: ZoneInfo, hours: WorkingHours) -> datetime:
        """When working hours begin on `day` in `tz`."""
        return _local(day, hours.start, tz)

    def end_of(self, day: date, tz: ZoneInfo, hours: WorkingHours) -> datetime:
        """When working hours end on `day` in `tz`."""
        return _local(day, hours.end, tz)

    def next_working_moment(self, moment: datetime, tz: ZoneInfo, hours: WorkingHours) -> datetime:
        """`moment` in `tz` if it falls in working hours (start included, end not) on a working
        day; else the start of the next working period (later that day, or the next working
        day's). The result is in `tz`."""
        local = require_aware(moment, "a moment").astimezone(tz)
        day = local.date()
        if self.is_working_day(day):
            wall = local.time()
            if wall < hours.start:
                # In the second pass of a repeated hour, so is the start if it falls in that hour.
                return _local(day, hours.start, tz, local.fold)
            if wall < hours.end:
                return local
        return _local(self.working_day(day, 1), hours.start, tz)

    def _counted(self, table: _Year, k: int) -> date:
        """The working day with index `k` in `table`'s year, counting on into later years."""
        while k >= len(table.working):
            k -= len(table.working)
            table = self._year(table.year + 1)
        return date.fromordinal(table.working[k])

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            # Two threads may both build a year; the tables are equal, the last one stays.
            table = self._years[year] = _year_of(self.region, year)
        return table


def _year_of(region: Region | None, year: int) -> _Year:
    if not MINYEAR <= year <= MAXYEAR:
        raise InvalidInput(f"year {year} is outside the calendar (years 1 to 9999)")
    is_working = _working_day_test(region, year)
    first = date(year, 1, 1).toordinal()
    working: list[int] = []
    before = [0]
    for ordinal in range(first, date(year, 12, 31).toordinal() + 1):
        if is_working(date.fromordinal(ordinal)):
            working.append(ordinal)
        before.append(len(working))
    return _Year(year, first, tuple(working), tuple(before))


def _working_day_test(region: Region | None, year: int) -> Callable[[date], bool]:
    """Whether a day of `year` is a working day in `region`."""
    if region is None:
        return _monday_to_friday
    import holidays

    # One year is enough: holidays observed across the turn of a year (Dec 31 for Jan 1) and
    # weekend days worked for another year's holiday are recorded in the year they fall in.
    return holidays.country_holidays(
        region.country, subdiv=region.subdivision, years=year
    ).is_working_day


def _monday_to_friday(day: date) -> bool:
    return day.weekday() < 5


@cache
def calendar(region: Region | None) -> WorkCalendar:
    """The WorkCalendar of `region`, one per (country, subdivision) for the process's life."""
    return WorkCalendar(region)
