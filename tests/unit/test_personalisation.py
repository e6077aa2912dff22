"""What a template may say about a step (domain/personalisation.py): plain data, dates that
read naturally."""

from __future__ import annotations

from datetime import datetime

from followup.domain.personalisation import context, natural_date, relative_day
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
    assert natural_date(day) == "Tuesday 10 March 2026"
    assert natural_date(day, us=True) == "Tuesday, March 10, 2026"
    assert relative_day(day, day) == "today"
    assert relative_day(day, datetime(2026, 3, 11).date()) == "yesterday"
    assert relative_day(day, datetime(2026, 3, 13).date()) == "on Tuesday"
    assert relative_day(day, datetime(2026, 3, 20).date()) == "on 10 March"
    assert relative_day(day, datetime(2027, 1, 5).date()) == "on 10 March, 2026"
