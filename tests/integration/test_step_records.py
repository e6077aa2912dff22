"""`due --json` and `today --json` read open steps as stored (`ReadViews.stored_steps`,
`services.agenda.agenda_record`) instead of rebuilding Steps: the records must be exactly those
of the domain path, `views.step_record` of each Step, to the byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from followup import services, views
from followup.adapters.sql.store import SqlStore
from followup.domain.model import OPEN_STATUSES, Profile, StepStatus
from tests.integration.agenda_cases import NOW, PLAYBOOK, seed


def _bytes(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    "statuses",
    [sorted(OPEN_STATUSES), list(StepStatus), [StepStatus.SNOOZED], []],
    ids=["open", "every", "snoozed", "none"],
)
def test_step_records_are_the_records_of_the_steps(store: SqlStore, statuses: Any) -> None:
    seed(store)
    for before in (datetime(2025, 1, 12, tzinfo=UTC), NOW, NOW + timedelta(days=60)):
        with store.transaction() as repo:
            lean = [views.step_record(s) for s in repo.stored_steps(statuses, before)]
            full = [views.step_record(s) for s in repo.steps_with_status(statuses, before)]
        assert lean == full
        assert _bytes(lean) == _bytes(full)
    if statuses:  # the widest window found steps (and, below, the odd ones)
        assert lean
    kinds = {r["kind"] for r in lean}
    if StepStatus.PLANNED in statuses:
        assert {"by-hand", "tokyo", "nobody", "precise", "someone", "later"} <= kinds
        assert {r["recipients"][0]["name"] for r in lean if r["kind"] == "nobody"} == {"Ilse Ström"}
    if statuses == list(StepStatus):
        assert {"done", "skipped", "snoozed"} <= kinds


def test_agenda_record_is_the_agenda_as_records(store: SqlStore) -> None:
    seed(store)
    seen: set[str] = set()
    for now in (NOW - timedelta(days=5), NOW, NOW + timedelta(days=9)):
        for within in (timedelta(hours=36), timedelta(days=7), timedelta(days=60)):
            agenda = services.agenda.agenda(store, PLAYBOOK, now, within)
            expected = {
                "overdue": [views.step_record(s) for s in agenda.overdue],
                "due": [views.step_record(s) for s in agenda.due],
                "replies": [views.reply_record(r) for r in agenda.replies],
            }
            lean = services.agenda.agenda_record(store, PLAYBOOK, now, within)
            assert lean == expected
            assert _bytes(lean) == _bytes(expected)
            seen |= {r["kind"] for r in [*lean["overdue"], *lean["due"]]}
            assert lean["replies"]
    # The pipeline review (made by the planner, never stored) is among them, in due order.
    assert "pipeline-review" in seen
    assert {"thank-you", "by-hand", "tokyo"} <= seen


def test_today_as_records_is_today(store: SqlStore) -> None:
    seed(store)
    with store.transaction() as repo:
        repo.save_profile(Profile(name="Aiko", timezone="Asia/Tokyo"))
    assert services.agenda.rest_of_day(store, NOW) == timedelta(hours=3)  # it is 21:00 in Tokyo
    agenda = services.agenda.today(store, PLAYBOOK, NOW)
    lean = services.agenda.agenda_record(
        store, PLAYBOOK, NOW, services.agenda.rest_of_day(store, NOW)
    )
    assert lean["overdue"] == [views.step_record(s) for s in agenda.overdue]
    assert lean["due"] == [views.step_record(s) for s in agenda.due]
    assert lean["overdue"]
