"""The `interview-day` checklist against hand-checked dates: the working day before an interview
recorded ahead of time, in the interview's calendar, due at its start; gone once the record
shows the interview is over (unless done).

Calendars used (worked out by hand, checked against the `holidays` package):
- England, March 2026: Monday 9 March, the Friday before is 6 March; GMT (UTC+0).
- England, Christmas 2026: Fri 25 Dec Christmas Day, Sat 26 Boxing Day, Mon 28 Dec Boxing Day
  (observed): the working day before Tuesday 29 December is Thursday 24 December.
- Japan, November 2025: Mon 3 Nov is Culture Day: the working day before Tuesday 4 November is
  Friday 31 October; JST is UTC+9, so 09:00 there is 00:00 UTC.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.domain import playbook
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, DecisionKind, Direction, Interview, StepStatus
from followup.domain.values import Region
from followup.domain.workdays import calendar
from tests.unit.planner_cases import (
    GB,
    HOME,
    JANE,
    PLAYBOOK,
    acme,
    at,
    decided,
    done,
    interview,
    keys,
    replan,
    the,
    touched,
    window,
)
from tests.unit.planner_examples import regions, zones

MONDAY = interview("2026-03-09T10:00", "2026-03-09T11:00", "Europe/London", GB)
AFTER_BOXING_DAY = interview("2026-12-29T14:00", "2026-12-29T15:00", "Europe/London", GB)
TOKYO = interview("2025-11-04T10:00", "2025-11-04T11:00", "Asia/Tokyo", Region("JP"))
KEY = "interview-day:i1"


def ahead(recorded: str, *interviews: object, **changes: object) -> object:
    """The Acme application recorded at `recorded` (UTC), with its interview(s)."""
    app = acme(JANE, created_at=at(recorded), interviews=interviews or (MONDAY,), **changes)
    return replan(app, recorded)


def test_before_a_monday_interview_the_checklist_is_on_friday_morning() -> None:
    app = ahead("2026-03-05T12:00:00+00:00")  # recorded the Thursday before
    step = the(app, KEY)
    # Monday 9 March: the working day before is Friday 6 March, from 09:00 (GMT), due at 10:00.
    assert window(step) == ("2026-03-06T09:00:00+00:00", "2026-03-09T10:00:00+00:00")
    assert (step.channel, step.recipients, step.timezone) == (Channel.OTHER, (), "Europe/London")
    assert step.sources == ("000", "001", "002", "004")
    assert "card" in step.rationale and "what happens next" in step.rationale


def test_before_an_interview_the_day_after_a_holiday_it_skips_the_holidays() -> None:
    app = ahead("2026-12-21T12:00:00+00:00", AFTER_BOXING_DAY)
    # Tue 29 Dec: Mon 28 (Boxing Day observed), Sun 27, Sat 26, Fri 25 are not working days.
    assert window(the(app, KEY)) == ("2026-12-24T09:00:00+00:00", "2026-12-29T14:00:00+00:00")


def test_the_interviews_calendar_and_zone_not_the_users() -> None:
    app = ahead("2025-10-20T12:00:00+00:00", TOKYO)  # the user is in England
    step = the(app, KEY)
    # Japan: Mon 3 Nov is Culture Day, so Friday 31 Oct, 09:00 JST (= 00:00 UTC). In England
    # the working day before would have been Monday 3 November.
    assert window(step) == ("2025-10-31T09:00:00+09:00", "2025-11-04T10:00:00+09:00")
    assert step.timezone == "Asia/Tokyo"


def test_recorded_on_the_morning_of_the_interview_it_is_due_at_once() -> None:
    app = ahead("2026-03-09T08:00:00+00:00")
    assert window(the(app, KEY)) == ("2026-03-06T09:00:00+00:00", "2026-03-09T10:00:00+00:00")


def test_earliest_counts_working_days_back() -> None:
    settings = {"interview-day.earliest": "2"}
    app = ahead("2026-03-02T12:00:00+00:00", settings=settings)
    # Two working days before Monday 9 March: Friday 6, then Thursday 5 March.
    assert window(the(app, KEY)) == ("2026-03-05T09:00:00+00:00", "2026-03-09T10:00:00+00:00")


@pytest.mark.parametrize(
    ("recorded", "changes"),
    [
        ("2026-03-09T12:00:00+00:00", {}),  # recorded after the interview
        ("2026-03-09T10:00:00+00:00", {}),  # recorded as it began
        ("2026-03-05T12:00:00+00:00", {"settings": {"interview-day.enabled": "false"}}),
    ],
    ids=["recorded-after", "recorded-at-its-start", "turned-off"],
)
def test_no_checklist_for_an_interview_recorded_after_it_began_or_with_the_rule_off(
    recorded: str, changes: dict[str, object]
) -> None:
    app = ahead(recorded, **changes)
    assert keys(app, "interview-day") == []
    assert keys(app, "thank-you") == ["thank-you:i1:c11"]  # the rest of the plan is as ever


def test_no_checklist_when_the_recording_moment_is_unknown() -> None:
    app = replan(acme(JANE, interviews=(MONDAY,)), "2026-03-05T12:00:00+00:00")
    assert keys(app, "interview-day") == []


def test_a_debrief_after_the_start_drops_it_and_one_done_stays() -> None:
    app = ahead("2026-03-05T12:00:00+00:00")
    [interview_on_record] = app.interviews
    debriefed = replace(interview_on_record, debriefed_at=at("2026-03-09T11:30:00+00:00"))
    gone = replan(replace(app, interviews=(debriefed,)), "2026-03-09T11:30:00+00:00")
    assert keys(gone, "interview-day") == []
    kept = done(app, KEY, "2026-03-06T17:00:00+00:00")
    assert the(kept, KEY).status is StepStatus.DONE
    after = replan(replace(kept, interviews=(debriefed,)), "2026-03-09T11:30:00+00:00")
    assert the(after, KEY).status is StepStatus.DONE  # history never changes


def test_a_touch_before_the_interview_keeps_it_one_after_drops_it() -> None:
    app = ahead("2026-03-05T12:00:00+00:00")
    before = touched(app, Direction.IN, "2026-03-06T15:00:00+00:00")  # "see you Monday"
    assert window(the(before, KEY)) == window(the(app, KEY))
    after = touched(before, Direction.OUT, "2026-03-09T16:00:00+00:00")
    assert keys(after, "interview-day") == []


def test_no_checklist_once_a_decision_is_recorded() -> None:
    app = ahead("2026-03-05T12:00:00+00:00")
    withdrawn = decided(app, DecisionKind.REJECTED, "2026-03-06T10:00:00+00:00")
    assert keys(withdrawn, "interview-day") == []


def test_a_second_round_recorded_ahead_gets_its_own_checklist() -> None:
    first = replace(MONDAY, round=1)
    second = interview("2026-03-19T14:00", "2026-03-19T15:00", "Europe/London", GB)
    second = replace(second, round=2, id=2)
    app = ahead("2026-03-05T12:00:00+00:00", first)
    app = done(app, "thank-you:i1:c11", "2026-03-09T14:00:00+00:00")  # round 1 is over
    app = replan(replace(app, interviews=(first, second)), "2026-03-10T09:00:00+00:00")
    # Thursday 19 March: the working day before is Wednesday 18 March.
    assert keys(app, "interview-day") == ["interview-day:i2"]
    assert window(the(app, "interview-day:i2")) == (
        "2026-03-18T09:00:00+00:00",
        "2026-03-19T14:00:00+00:00",
    )


def test_earliest_must_be_a_day_before_at_least() -> None:
    with pytest.raises(InvalidInput, match=r"interview-day\.earliest must be 1 or more"):
        PLAYBOOK.with_settings({"interview-day.earliest": "0"})
    assert playbook.RULE_NUMBERS["interview-day"].keys() == {"earliest"}


# --- a property: the working day before, in the interview's calendar, whatever the place ------


@given(
    zone_name=zones,
    region=st.none() | regions,
    day=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    minutes=st.integers(0, 24 * 60 - 1),
    ahead_hours=st.integers(-48, 24 * 14),
)
@settings(max_examples=200)
def test_the_checklist_is_on_the_working_day_before_in_the_interviews_calendar(
    zone_name: str, region: Region | None, day: date, minutes: int, ahead_hours: int
) -> None:
    tz = ZoneInfo(zone_name)
    start = (datetime.combine(day, time(), tzinfo=tz) + timedelta(minutes=minutes)).astimezone(tz)
    held = Interview(start, start + timedelta(hours=1), zone_name, region, id=1)
    recorded = start - timedelta(hours=ahead_hours)
    app = replan(acme(JANE, created_at=recorded, interviews=(held,)), recorded.isoformat())
    found = [s for s in app.steps if s.kind == "interview-day"]
    if recorded >= start:
        assert found == []
        return
    [step] = found
    cal = calendar(region or HOME.region)
    local = step.earliest.astimezone(tz)
    interview_day = start.astimezone(tz).date()
    assert (step.due, step.timezone, local.time()) == (start, zone_name, time(9))
    assert local.date() < interview_day and cal.is_working_day(local.date())
    between = [
        local.date() + timedelta(days=n) for n in range(1, (interview_day - local.date()).days)
    ]
    assert not any(cal.is_working_day(d) for d in between)
