"""What a template may say about a step (domain/personalisation.py): plain data, dates that
read naturally."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from followup.adapters.templates import render
from followup.domain.dates import relative_day, written_date
from followup.domain.model import Application, Channel, Direction, Step, Touch
from followup.domain.personalisation import context, delivered_by
from followup.domain.values import Region
from tests.unit.draft_cases import LIFE, NOW, ZOE, thank_you


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
    """ "on 3 December, 2026" was written; day-first countries write no comma at all."""
    day = datetime(2026, 12, 3).date()
    later = datetime(2027, 1, 5).date()
    assert relative_day(day, later, "GB") == "on 3 December 2026"
    assert relative_day(day, later, None) == "on 3 December 2026"
    assert relative_day(day, later, "US") == "on December 3, 2026"
    assert written_date(day, "DE") == "3 December 2026"


def test_dates_follow_the_recipients_country_else_the_interviews() -> None:
    app, step = thank_you()
    us = Region("US", "NY")
    mueller = replace(app.contacts[0], region=us)
    in_new_york = replace(app, contacts=(mueller, *app.contacts[1:]))
    assert context(ZOE, in_new_york, step, NOW)["interview"]["date"] == "Tuesday, March 10, 2026"
    moved = replace(app, interviews=tuple(replace(i, region=us) for i in app.interviews))
    assert context(ZOE, moved, step, NOW)["today"] == "Tuesday, March 10, 2026"
    assert context(ZOE, app, step, NOW)["today"] == "Tuesday 10 March 2026"


def _feedback_request() -> tuple[Application, Step]:
    return next((a, s) for a, s in LIFE if s.kind == "feedback-request" and s.channel == "email")


@pytest.mark.parametrize("tone", ["formal", "warm"])
def test_the_feedback_request_thanks_whoever_delivered_the_decision(tone: str) -> None:
    app, step = _feedback_request()
    decision = app.decisions[-1]
    profile = replace(ZOE, tone=tone)

    def told_by(contact_id: int | None) -> str:
        touch = Touch(Channel.EMAIL, Direction.IN, decision.at - timedelta(hours=1))
        told = replace(app, touches=(*app.touches, replace(touch, contact_id=contact_id)))
        return render(profile, told, step, NOW, []).body

    assert [r.name for r in step.recipients][:1] == ["Dr Jürgen Müller"]
    by_hr = told_by(3)  # Priya Shah, HR
    assert "letting me know" not in by_hr
    assert ("I heard from Priya Shah" if tone == "formal" else "Priya let me know") in by_hr
    assert "letting me know" in told_by(1)  # Dr Müller himself, the recipient
    unknown = told_by(None)
    assert "letting me know" not in unknown and "Priya" not in unknown
    assert delivered_by(app) is None
