"""What the undo and delete tests build: two roles at Acme (their nudges take turns), the
user's whole data as the export holds it, the steps' revisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.model import OPEN_STATUSES, Application, Channel, Contact, Interview, Step
from followup.domain.values import Region

PLAYBOOK = default_playbook()
NOW = datetime(2026, 3, 12, 12, tzinfo=UTC)
GB = Region("GB", "ENG")


def role(company: str, day: int, lead: Contact) -> Application:
    start = datetime(2026, 3, day, 10, tzinfo=ZoneInfo("Europe/London"))
    interview = Interview(start, start + timedelta(hours=1), "Europe/London", GB)
    return Application(company, f"Role {day}", interviews=(interview,), contacts=(lead,))


def two_roles(store: SqlStore) -> tuple[int, int]:
    """Two roles at Acme, the second recorded a day after the first."""
    services.people.update_profile(
        store, {"name": "Zoe Hart", "region": GB, "timezone": "Europe/London"}
    )
    jane = Contact("Jane Smith", email="jane@acme.example", phone="+44 20 7946 0958")
    priya = Contact("Priya Shah", email="priya@acme.example", phone="+44 20 7946 0100")
    record = services.applications.record_interview
    first = record(store, role("Acme", 10, jane), PLAYBOOK, datetime(2026, 3, 10, 12, tzinfo=UTC))
    second = record(store, role("acme", 11, priya), PLAYBOOK, datetime(2026, 3, 11, 12, tzinfo=UTC))
    assert first.id is not None and second.id is not None
    return first.id, second.id


def dump(store: SqlStore) -> dict[str, list[dict[str, Any]]]:
    with store.reading() as repo:
        return repo.dump()


def record(store: SqlStore) -> dict[str, Any]:
    """The user's whole data as the export holds it, but the steps' revision and time of
    change (which an undo moves on)."""
    tables = dump(store)
    for row in tables["steps"]:
        del row["revision"], row["changed_at"]
    return tables


def revisions(store: SqlStore) -> dict[int, int]:
    with store.reading() as repo:
        return {r.step.id or 0: r.revision for r in repo.calendar_steps(NOW - timedelta(days=99))}


def open_step(store: SqlStore, app_id: int, channel: Channel) -> Step:
    found = services.applications.application(store, app_id).steps
    return next(s for s in found if s.status in OPEN_STATUSES and s.channel is channel)
