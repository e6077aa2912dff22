"""The agenda's seed for the storage tests of the agenda (test_step_records, test_agenda_limit):
planned applications with replies, and steps made by hand in every status and zone."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.model import Recipient, Relation, Stage, StepStatus
from tests.integration import aggregates

PLAYBOOK = default_playbook()
NOW = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)


def seed(store: SqlStore) -> None:
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
