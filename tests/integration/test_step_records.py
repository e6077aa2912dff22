"""`due --json` and `today --json` read open steps as stored (`ReadViews.stored_steps`,
`services.agenda.agenda_record`) instead of rebuilding Steps: the records must be exactly those
of the domain path, `views.step_record` of each Step, to the byte."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from followup import services, views
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.model import OPEN_STATUSES, Profile, Recipient, Relation, Stage, StepStatus
from tests.integration import aggregates

PLAYBOOK = default_playbook()
NOW = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)


def _bytes(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _seed(store: SqlStore) -> None:
    """Two applications planned by the planner (an unanswered reply each), and one with
    steps made by hand: every status, zones either side of UTC, microseconds, no recipients,
    recipients with and without their optional fields, an outcome, a snooze."""
    for company, zone in (("Müller & Søn GmbH", "Europe/London"), ("東京テック", "Asia/Tokyo")):
        planned = dataclasses.replace(
            aggregates.application(company),
            interviews=(aggregates.interview(timezone=zone),),
            steps=(),
            decisions=(),
            settings={},
        )
        services.applications.record_interview(store, planned, PLAYBOOK, NOW - timedelta(days=6))
    early = datetime(2025, 1, 16, 8, 15, 30, 123456, tzinfo=UTC)
    made = (
        aggregates.step("by-hand", day=10, due_day=25),
        aggregates.step("tokyo", day=10, due_day=20, timezone="Asia/Tokyo"),
        aggregates.step("snoozed", day=11, status=StepStatus.SNOOZED, outcome="voicemail"),
        aggregates.step("nobody", day=12, recipients=()),
        aggregates.step("precise", day=12, timezone="UTC", earliest=early, due=early),
        aggregates.step(
            "someone",
            day=13,
            timezone="America/Los_Angeles",
            recipients=(Recipient(name="Ana", relation=Relation.HR),),
        ),
        aggregates.step("later", day=28, due_day=29),
        aggregates.step("done", day=9, status=StepStatus.DONE, done_at=NOW),
        aggregates.step("skipped", day=9, status=StepStatus.SKIPPED),
    )
    with store.transaction() as repo:
        # Rejected, so two applications are active: the pipeline review is shown too.
        rejected = aggregates.application("Ørsted", stage=Stage.REJECTED, steps=made)
        stored = repo.add_application(rejected)
        # A recipient as older rows hold it: only its name and relation.
        [bare] = [s for s in stored.steps if s.kind == "nobody"]
        repo.connection.execute(
            "UPDATE steps SET recipients = :recipients WHERE id = :id",
            {"recipients": [{"name": "Ilse Ström", "relation": "reference"}], "id": bare.id},
        )


@pytest.mark.parametrize(
    "statuses",
    [sorted(OPEN_STATUSES), list(StepStatus), [StepStatus.SNOOZED], []],
    ids=["open", "every", "snoozed", "none"],
)
def test_step_records_are_the_records_of_the_steps(store: SqlStore, statuses: Any) -> None:
    _seed(store)
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
    _seed(store)
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
    _seed(store)
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
