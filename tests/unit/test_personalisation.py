"""What a template may say about a step (domain/personalisation.py): plain data, dates that
read naturally."""

from __future__ import annotations

from datetime import datetime

from followup.domain.dates import relative_day, written_date
from followup.domain.personalisation import context
from tests.unit.draft_cases import NOW, ZOE, thank_you


def test_context_is_plain_data_without_none() -> None:
    app, step = thank_you()
    values = context(ZOE, app, step, NOW)

    def walk(value: object) -> None:
        assert value is not None
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert isinstance(value, str | int | bool)

    walk(values)
    assert values["interview"]["date"] == "Tuesday 10 March 2026"
    assert values["interview"]["when"] == "today"
    assert values["key_skills"] == ["Python", "data modelling"]


def test_dates_read_naturally() -> None:
    day = datetime(2026, 3, 10).date()
    assert written_date(day, "GB", weekday=True) == "Tuesday 10 March 2026"
    assert written_date(day, "US", weekday=True) == "Tuesday, March 10, 2026"
    assert relative_day(day, day, "GB") == "today"
    assert relative_day(day, datetime(2026, 3, 11).date(), "GB") == "yesterday"
    assert relative_day(day, datetime(2026, 3, 13).date(), "GB") == "on Tuesday"
    assert relative_day(day, datetime(2026, 3, 20).date(), "GB") == "on 10 March"
    assert relative_day(day, datetime(2026, 3, 20).date(), "US") == "on March 10"


def test_a_day_of_another_year_has_no_stray_comma() -> None:
    """"on 3 December, 2026" was written; day-first countries write no comma at all."""
    day = datetime(2026, 12, 3).date()
    later = datetime(2027, 1, 5).date()
    assert relative_day(day, later, "GB") == "on 3 December 2026"
    assert relative_day(day, later, None) == "on 3 December 2026"
    assert relative_day(day, later, "US") == "on December 3, 2026"
    assert written_date(day, "DE") == "3 December 2026"
