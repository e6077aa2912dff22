"""The dates check: dates that do not exist, weekdays that are not the date's, a stray comma,
and the order of the recipient's country."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from followup.domain.checks.dates import dates
from tests.unit.check_cases import CLEAN, CONTEXT, ERROR, WARNING

GB, US, UNKNOWN = (replace(CONTEXT, country=c) for c in ("GB", "US", None))


def found(text: str, context=GB) -> list[tuple[str, str, str | None]]:
    return [(f.severity.value, text[f.start : f.end], f.suggestion) for f in dates(text, context)]


def test_the_stray_comma_of_issue_15_is_found_with_the_date_without_it():
    text = "We met on 3 December, 2026 to talk about the role."
    [finding] = dates(text, GB)
    assert finding.check == "dates" and finding.severity is WARNING
    assert text[finding.start : finding.end] == "3 December, 2026"
    assert finding.suggestion == "3 December 2026"
    assert "comma" in finding.message
    assert found(text, UNKNOWN) == [("warning", "3 December, 2026", "3 December 2026")]


def test_a_weekday_that_is_not_the_dates_is_an_error_with_the_right_one():
    text = "See you on Tuesday 3 December 2026 at 10:00."
    [finding] = dates(text, GB)
    assert finding.severity is ERROR and text[finding.start : finding.end] == "Tuesday"
    assert finding.message == "3 December 2026 is a Thursday, not a Tuesday"
    assert finding.suggestion == "Thursday"
    assert found("See you on Thursday 3 December 2026 at 10:00.") == []
    assert found("on Tues. 3 Dec. 2026") == [("error", "Tues.", "Thu.")]
    assert found("Thursday, December 3, 2026", US) == []
    assert found("Wednesday, December 3, 2026", US) == [("error", "Wednesday", "Thursday")]


def test_without_a_year_the_date_is_the_nearest_one_to_now():
    march = replace(GB, now=datetime(2026, 3, 10, 15, tzinfo=UTC))  # a Tuesday
    assert found("Thank you for Tuesday 10 March.", march) == []
    assert found("Thank you for Monday 10 March.", march) == [("error", "Monday", "Tuesday")]
    new_year = replace(march, now=datetime(2026, 12, 30, tzinfo=UTC))
    assert found("Speak on Saturday 2 January?", new_year) == []  # 2 January 2027
    assert found("Thank you for Tuesday 10 March.", replace(march, now=None)) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31 February 2026", "February has 28 days"),
        ("29 February 2027", "2027 is not a leap year"),
        ("31 April", "April has 30 days"),
        ("September 31, 2026", "September has 30 days"),
        ("0 March 2026", "March has 31 days"),
    ],
)
def test_a_date_that_does_not_exist_is_an_error(text: str, why: str):
    [finding] = dates(f"We could meet on {text}.", UNKNOWN)
    assert finding.severity is ERROR and finding.message == f"'{text}' is no date: {why}"


def test_29_february_is_a_date_in_a_leap_year_or_without_one():
    assert found("29 February 2028") == [] and found("29 February") == []
    assert found("Monday 29 February") == []  # no year to tell the weekday by


def test_month_first_outside_the_us_and_day_first_in_it_are_written_the_recipients_way():
    assert found("Since we met on March 10, 2026, I have") == [
        ("warning", "March 10, 2026", "10 March 2026")
    ]
    assert found("Since we met on 10 March 2026, I have", US) == [
        ("warning", "10 March 2026", "March 10, 2026")
    ]
    assert found("the 10th of March", US) == [("warning", "10th of March", "March 10th")]
    assert found("on 3 December, 2026", US) == [("warning", "3 December, 2026", "December 3, 2026")]
    [finding] = dates("on March 10, 2026", GB)
    assert "month first" in finding.message and "(GB)" in finding.message
    for text in ("March 10, 2026", "10 March 2026", "Tuesday, March 10"):
        assert found(text, UNKNOWN) == [], text  # no country, no order to hold to


def test_a_us_date_takes_a_comma_before_its_year():
    assert found("by December 3 2026", US) == [("warning", "December 3 2026", "December 3, 2026")]
    assert found("by December 3, 2026, I will", US) == []


def test_what_is_no_written_date_is_left_alone():
    for text in (
        "in May 2026",
        "in May, 2026",
        "I may 3 times",
        "12 Rose Lane, Leeds LS1 4AB",
        "+44 20 7946 0123",
        "2026-12-03",
        "Version 2 March",
        "Tuesday's interview",
        "Decemberist 3",
    ):
        assert found(text) == [], text
    assert found(CLEAN) == []
    assert found("Flat 12\nMay Court", US) == []  # a date is written on one line
    assert found("Tuesday 10 March 2026 and 3rd December 2026 and 1 Sept 2026.") == []
