"""Working-day arithmetic against real holidays data; every expected date was checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain.errors import InvalidInput
from followup.domain.values import Region, zone
from followup.domain.workdays import WorkCalendar, WorkingHours, calendar

NINE_TO_FIVE = WorkingHours()


def cal(region: str | None) -> WorkCalendar:
    return calendar(Region.parse(region) if region else None)


def days(*isos: str) -> list[date]:
    return [date.fromisoformat(iso) for iso in isos]


# --- working day N -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "event", "expected"),
    [
        pytest.param(
            "GB-ENG",
            "2026-12-18",  # Friday; Dec 25 Christmas, Dec 28 Boxing Day substitute, Jan 1
            days(*[f"2026-12-{d}" for d in (21, 22, 23, 24, 29, 30, 31)], "2027-01-04"),
            id="GB-ENG Christmas",
        ),
        pytest.param(
            "US-NY",
            "2026-11-25",  # Wednesday before Thanksgiving (Thu 26); Friday 27 is worked in NY
            days("2026-11-27", "2026-11-30"),
            id="US-NY Thanksgiving",
        ),
        pytest.param(
            "DE",
            "2026-05-13",  # Wednesday before Ascension Day (Thu 14)
            days("2026-05-15", "2026-05-18"),
            id="DE Ascension",
        ),
        pytest.param(
            "DE",
            "2026-04-02",  # Thursday before Good Friday (Apr 3) and Easter Monday (Apr 6)
            days("2026-04-07", "2026-04-08"),
            id="DE Easter",
        ),
        pytest.param(
            "IL",
            "2026-03-05",  # Thursday; Friday-Saturday weekend, Sunday is worked
            days(
                "2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-15"
            ),
            id="IL Friday-Saturday weekend",
        ),
        pytest.param(
            "IL",
            "2026-04-01",  # Wednesday before Pesach (Thu Apr 2), then Fri-Sat
            days("2026-04-05"),
            id="IL Pesach",
        ),
        pytest.param(
            "SA",
            "2026-03-18",  # Eid al-Fitr Thu 19 - Sun 22, observed Mon 23 and Tue 24
            days("2026-03-25", "2026-03-26", "2026-03-29"),
            id="SA Eid al-Fitr",
        ),
        pytest.param(
            "CN",
            "2025-12-31",  # Jan 1-2 off, Sat Jan 3 weekend, Sun Jan 4 a make-up working day
            days("2026-01-04", "2026-01-05"),
            id="CN make-up Sunday",
        ),
        pytest.param(
            "CN",
            "2026-02-13",  # Sat Feb 14 worked, Spring Festival Feb 15-23 off
            days("2026-02-14", "2026-02-24"),
            id="CN Spring Festival",
        ),
        pytest.param(
            "MY-02",
            "2026-03-05",  # Kedah rests Friday-Saturday although Malaysia's `.weekend` says Sat-Sun
            days("2026-03-08"),
            id="MY Kedah",
        ),
        pytest.param(
            "AE",
            "2021-03-04",  # Thursday; the UAE rested Friday-Saturday until 2021
            days("2021-03-07"),
            id="AE 2021",
        ),
        pytest.param(
            "AE",
            "2026-03-06",  # Friday; Saturday-Sunday since 2022
            days("2026-03-09"),
            id="AE 2026",
        ),
        pytest.param(
            None,
            "2026-12-18",  # no public holidays: Christmas is worked
            days(
                "2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25", "2026-12-28"
            ),
            id="no region",
        ),
    ],
)
def test_working_day_n_counts_from_the_day_after_the_event(
    region: str | None, event: str, expected: list[date]
) -> None:
    calendar_ = cal(region)
    start = date.fromisoformat(event)
    assert [calendar_.working_day(start, n) for n in range(1, len(expected) + 1)] == expected


@pytest.mark.parametrize(
    ("region", "day", "working"),
    [
        ("GB-ENG", "2026-12-28", False),  # Boxing Day (observed)
        ("GB-ENG", "2026-12-29", True),
        ("US-NY", "2021-12-31", False),  # New Year's Day 2022 (a Saturday), observed
        ("IL", "2026-03-06", False),  # Friday
        ("IL", "2026-03-08", True),  # Sunday
        ("SA", "2026-03-13", False),  # Friday
        ("SA", "2026-03-15", True),  # Sunday
        ("MY-02", "2026-03-06", False),  # Friday in Kedah
        ("MY-02", "2026-03-08", True),  # Sunday in Kedah
        ("MY-10", "2026-03-08", False),  # Sunday in Selangor
        ("CN", "2026-01-04", True),  # Sunday made a working day
        ("CN", "2026-01-11", False),  # an ordinary Sunday
        (None, "2026-12-25", True),
        (None, "2026-12-26", False),  # Saturday
    ],
)
def test_is_working_day(region: str | None, day: str, working: bool) -> None:
    assert cal(region).is_working_day(date.fromisoformat(day)) is working


def test_on_or_after_and_working_day_zero() -> None:
    gb = cal("GB-ENG")
    assert gb.on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
    assert gb.on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)
    assert gb.working_day(date(2026, 12, 25), 0) == date(2026, 12, 29)
    assert gb.working_day(date(2026, 12, 24), 0) == date(2026, 12, 24)


def test_negative_working_day_is_refused() -> None:
    with pytest.raises(InvalidInput):
        cal("GB-ENG").working_day(date(2026, 12, 18), -1)


def test_counting_past_year_9999_is_refused() -> None:
    with pytest.raises(InvalidInput):
        cal(None).working_day(date(9999, 12, 20), 30)


def test_long_counts_cross_years() -> None:
    # 2026 has 261 weekdays (52 weeks and Thursday Jan 1); Fri Jan 1 2027 is the next.
    assert cal(None).working_day(date(2025, 12, 31), 261) == date(2026, 12, 31)
    assert cal(None).working_day(date(2025, 12, 31), 262) == date(2027, 1, 1)


def test_calendars_are_shared_per_region() -> None:
    assert calendar(Region.parse("gb-eng")) is calendar(Region("GB", "ENG"))
    assert calendar(None) is calendar(None)
    assert calendar(Region("GB", "ENG")) is not calendar(Region("GB", "SCT"))


# --- working hours -------------------------------------------------------------------------------


def test_working_hours_default_to_nine_to_five() -> None:
    assert (NINE_TO_FIVE.start, NINE_TO_FIVE.end) == (time(9), time(17))


@pytest.mark.parametrize(
    ("start", "end"),
    [(time(17), time(9)), (time(9), time(9)), (time(9, tzinfo=UTC), time(17))],
)
def test_working_hours_must_be_an_interval_of_wall_clock_time(start: time, end: time) -> None:
    with pytest.raises(InvalidInput):
        WorkingHours(start, end)


@pytest.mark.parametrize(
    ("tz", "day", "hours", "start", "end"),
    [
        ("Europe/London", "2026-03-27", NINE_TO_FIVE, "09:00:00+00:00", "17:00:00+00:00"),
        ("Europe/London", "2026-03-30", NINE_TO_FIVE, "09:00:00+01:00", "17:00:00+01:00"),
        ("America/New_York", "2026-07-01", NINE_TO_FIVE, "09:00:00-04:00", "17:00:00-04:00"),
        ("America/New_York", "2026-01-05", NINE_TO_FIVE, "09:00:00-05:00", "17:00:00-05:00"),
        ("Australia/Sydney", "2026-01-15", NINE_TO_FIVE, "09:00:00+11:00", "17:00:00+11:00"),
        ("Asia/Kolkata", "2026-07-01", WorkingHours(time(8, 30), time(16, 15)), "08:30:00+05:30",
         "16:15:00+05:30"),
        # 01:30 does not exist in London that day: the start moves forward by the hour skipped.
        ("Europe/London", "2026-03-29", WorkingHours(time(1, 30)), "02:30:00+01:00",
         "17:00:00+01:00"),
    ],
)  # fmt: skip
def test_start_and_end_of_a_day(
    tz: str, day: str, hours: WorkingHours, start: str, end: str
) -> None:
    calendar_ = cal(None)
    on = date.fromisoformat(day)
    began, ended = calendar_.start_of(on, zone(tz), hours), calendar_.end_of(on, zone(tz), hours)
    assert (began.isoformat(), ended.isoformat()) == (f"{day}T{start}", f"{day}T{end}")
    assert began.tzinfo is zone(tz) and ended.tzinfo is zone(tz)


@pytest.mark.parametrize(
    ("region", "tz", "moment", "expected"),
    [
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T10:30:00+00:00",
                     "2026-03-17T10:30:00+00:00", id="inside hours"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T09:00:00+00:00",
                     "2026-03-17T09:00:00+00:00", id="start is inside"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T07:00:00+00:00",
                     "2026-03-17T09:00:00+00:00", id="before start"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T17:00:00+00:00",
                     "2026-03-18T09:00:00+00:00", id="end is outside"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T21:45:00+00:00",
                     "2026-03-18T09:00:00+00:00", id="after end"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-20T18:00:00+00:00",
                     "2026-03-23T09:00:00+00:00", id="Friday evening"),
        pytest.param("GB-ENG", "Europe/London", "2026-12-25T10:00:00+00:00",
                     "2026-12-29T09:00:00+00:00", id="Christmas Day"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-27T17:30:00+00:00",
                     "2026-03-30T09:00:00+01:00", id="clocks go forward"),
        pytest.param("GB-ENG", "Europe/London", "2026-10-23T18:00:00+01:00",
                     "2026-10-26T09:00:00+00:00", id="clocks go back"),
        pytest.param("GB-ENG", "Europe/London", "2026-03-17T19:00:00+09:00",
                     "2026-03-17T10:00:00+00:00", id="given in Tokyo time"),
        pytest.param("US-NY", "America/New_York", "2026-03-10T13:30:00+00:00",
                     "2026-03-10T09:30:00-04:00", id="UTC inside New York hours"),
        pytest.param("US-NY", "America/New_York", "2026-03-10T12:30:00+00:00",
                     "2026-03-10T09:00:00-04:00", id="UTC before New York start"),
        pytest.param("US-NY", "America/New_York", "2026-03-11T02:00:00+00:00",
                     "2026-03-11T09:00:00-04:00", id="UTC next day, New York evening"),
        pytest.param("US-NY", "America/New_York", "2026-11-26T15:00:00+00:00",
                     "2026-11-27T09:00:00-05:00", id="Thanksgiving"),
        pytest.param("IL", "Asia/Jerusalem", "2026-03-06T08:00:00+00:00",
                     "2026-03-08T09:00:00+02:00", id="Israeli Friday"),
    ],
)  # fmt: skip
def test_next_working_moment(region: str, tz: str, moment: str, expected: str) -> None:
    result = cal(region).next_working_moment(datetime.fromisoformat(moment), zone(tz), NINE_TO_FIVE)
    assert result.isoformat() == expected
    assert result.tzinfo is zone(tz)


def test_next_working_moment_in_a_repeated_hour_keeps_to_the_second_pass() -> None:
    # Israel's clocks go back at 02:00 on Sunday 25 October 2026, a working day there.
    early = WorkingHours(time(1, 30), time(17))
    second_pass = datetime(2026, 10, 24, 23, 10, tzinfo=UTC)  # 01:10+02:00
    result = cal("IL").next_working_moment(second_pass, zone("Asia/Jerusalem"), early)
    assert result.isoformat() == "2026-10-25T01:30:00+02:00"


def test_next_working_moment_needs_an_aware_moment() -> None:
    with pytest.raises(InvalidInput):
        cal(None).next_working_moment(datetime(2026, 3, 17, 10), zone("UTC"), NINE_TO_FIVE)


# --- properties ----------------------------------------------------------------------------------

REGIONS = [None, "GB-ENG", "US-NY", "DE", "IL", "SA", "CN", "MY-02", "AE"]
ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Jerusalem", "Australia/Lord_Howe",
         "America/Santiago", "Asia/Kolkata"]  # fmt: skip

regions = st.sampled_from(REGIONS)
dates = st.dates(date(2000, 1, 1), date(2060, 12, 31))
moments = st.datetimes(
    datetime(2000, 1, 1),
    datetime(2060, 12, 31),
    timezones=st.sampled_from(ZONES).map(zone),
    allow_imaginary=False,
)
# Realistic hours: clocks change between midnight and 04:00, outside these.
working_hours = st.builds(
    WorkingHours,
    st.times(time(5), time(12)),
    st.times(time(12, 0, 1), time(23, 59)),
)


@settings(deadline=None)
@given(regions, dates, st.integers(1, 40))
def test_working_days_are_working_and_strictly_increase(
    region: str | None, day: date, n: int
) -> None:
    calendar_ = cal(region)
    counted = [calendar_.working_day(day, k) for k in range(1, n + 1)]
    assert all(calendar_.is_working_day(d) for d in counted)
    assert all(a < b for a, b in zip([day, *counted], counted, strict=False))
    # Nothing is skipped: between two counted days lie no working days.
    for a, b in zip([day, *counted], counted, strict=False):
        between = (a + timedelta(days=i) for i in range(1, (b - a).days))
        assert not any(calendar_.is_working_day(d) for d in between)


@settings(deadline=None)
@given(regions, dates)
def test_on_or_after_is_the_first_working_day_from_day(region: str | None, day: date) -> None:
    calendar_ = cal(region)
    found = calendar_.on_or_after(day)
    assert found >= day
    assert calendar_.is_working_day(found)
    assert (found == day) == calendar_.is_working_day(day)
    assert calendar_.working_day(day, 0) == found


@settings(deadline=None)
@given(st.sampled_from(REGIONS[1:]), dates)
def test_working_days_agree_with_the_holidays_package(region: str, day: date) -> None:
    parsed = Region.parse(region)
    reference = holidays.country_holidays(parsed.country, subdiv=parsed.subdivision)
    assert cal(region).is_working_day(day) is reference.is_working_day(day)


@settings(deadline=None)
@given(regions, moments, st.sampled_from(ZONES).map(zone), working_hours)
def test_next_working_moment_is_not_earlier_and_lies_in_working_hours(
    region: str | None, moment: datetime, tz: ZoneInfo, hours: WorkingHours
) -> None:
    calendar_ = cal(region)
    found = calendar_.next_working_moment(moment, tz, hours)
    assert found >= moment
    assert found.tzinfo is tz
    assert calendar_.is_working_day(found.date())
    assert hours.start <= found.time() < hours.end
    # Compare instants: PEP 495 makes an inter-zone == with an ambiguous time always False.
    if found.timestamp() != moment.timestamp():  # it moved: to the very start of a period
        assert found == calendar_.start_of(found.date(), tz, hours)
