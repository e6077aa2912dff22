"""services.deleting on SQLite and PostgreSQL: an application goes with everything of it (no
row of any table names it afterwards), a contact with who met them where and the steps planned
to them (touches stay, without them); the other role at the company is replanned; a failure
mid-way leaves everything as it was."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore, open_store
from followup.domain.errors import Conflict, StorageError
from followup.domain.model import OPEN_STATUSES, Channel, Direction, Touch
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.services import deleting
from tests.integration.conftest import Clock
from tests.integration.undo_cases import NOW, PLAYBOOK, dump, two_roles


def message(application_id: int, state: OutboxState = OutboxState.SENT) -> OutboxEntry:
    return OutboxEntry(
        application_id=application_id,
        step_id=None,
        message_id=f"<{application_id}-{state}@example.ie>",
        message="From: Zoe <zoe@example.ie>\r\nSubject: Thanks\r\n\r\nHi\r\n",
        approved_at=NOW,
        state=state,
    )


def with_history(store: SqlStore) -> tuple[int, int]:
    """Two roles at Acme; the first with a touch from Jane, a message sent and a promise."""
    first, second = two_roles(store)
    jane = services.applications.application(store, first).contacts[0]
    touch = replace(Touch(Channel.EMAIL, Direction.IN, NOW), contact_id=jane.id)
    services.applications.log_touch(store, first, touch, PLAYBOOK, NOW)
    with store.transaction() as repo:
        repo.add_outbox(message(first))
    return first, second


def test_an_application_goes_with_everything_of_it(store: SqlStore) -> None:
    first, second = with_history(store)
    other = services.applications.application(store, second)
    found, parts = deleting.application_parts(store, first)
    counts = dict(parts.counts)
    assert counts["touch"] == 1 and counts["message"] == 1 and counts["person"] == 1
    assert counts["interview"] == 1 and counts["step"] == len(found.steps) > 0
    assert parts.words(parts.counts)[:2] == ["1 interview", "1 person"]
    met = {row["id"] for row in dump(store)["interviews"] if row["application_id"] == first}
    deleting.delete_application(store, first, PLAYBOOK, NOW)
    tables = dump(store)
    assert [row["id"] for row in tables["applications"]] == [second]
    for name, rows in tables.items():
        assert all(row.get("application_id") in (None, second) for row in rows), name
    assert all(row["interview_id"] not in met for row in tables["interview_people"])
    assert tables["outbox"] == []
    now = services.applications.application(store, second)
    assert now.steps != other.steps  # its nudges no longer take turns with the first's


def test_an_application_being_sent_is_not_deleted(store: SqlStore) -> None:
    first, _ = with_history(store)
    with store.transaction() as repo:
        repo.add_outbox(message(first, OutboxState.SENDING))
    before = dump(store)
    with pytest.raises(Conflict, match="being sent"):
        deleting.delete_application(store, first, PLAYBOOK, NOW)
    assert dump(store) == before


def test_a_contact_goes_with_who_met_them_and_their_planned_steps(store: SqlStore) -> None:
    first, _ = with_history(store)
    app = services.applications.application(store, first)
    jane = app.contacts[0]
    assert jane.id is not None
    planned = [s for s in app.steps if any(r.contact_id == jane.id for r in s.recipients)]
    assert planned
    _, parts = deleting.contact_parts(store, jane.id)
    assert dict(parts.counts)["planned step"] == len(
        [s for s in planned if s.status in OPEN_STATUSES]
    )
    assert parts.words(parts.kept) == ["1 touch"]
    deleting.delete_contact(store, jane.id, PLAYBOOK, datetime(2026, 3, 12, 13, tzinfo=UTC))
    tables = dump(store)
    assert all(row["id"] != jane.id for row in tables["contacts"])
    assert all(row["contact_id"] != jane.id for row in tables["interview_people"])
    [touch] = [row for row in tables["touches"] if row["application_id"] == first]
    assert touch["contact_id"] is None
    after = services.applications.application(store, first)
    assert all(r.contact_id != jane.id for s in after.steps for r in s.recipients)


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[SqlStore]:
    store = open_store(sqlite_url, "alice")
    yield store
    store.close()


def refuse_step_writes(store: SqlStore) -> None:
    with store.transaction() as repo:
        for event in ("UPDATE", "DELETE", "INSERT"):
            repo.connection.execute(
                f"CREATE TRIGGER no_step_{event.lower()} BEFORE {event} ON steps "
                "BEGIN SELECT RAISE(ABORT, 'steps are read-only'); END"
            )


def test_nothing_is_half_deleted(sqlite_store: SqlStore) -> None:
    """Steps made read-only (a trigger): each delete fails at its last statements, after the
    first have run, and leaves everything."""
    store = sqlite_store
    first, _ = with_history(store)
    jane = services.applications.application(store, first).contacts[0]
    assert jane.id is not None
    refuse_step_writes(store)
    before = dump(store)
    with pytest.raises(StorageError):
        deleting.delete_contact(store, jane.id, PLAYBOOK, NOW)
    assert dump(store) == before
    with pytest.raises(StorageError):
        deleting.delete_application(store, first, PLAYBOOK, NOW)
    assert dump(store) == before


def test_a_deleted_applications_steps_are_cancelled_in_the_calendar_for_30_days(
    clocked: SqlStore, clock: Clock
) -> None:
    from icalendar import Calendar

    from followup.services.calendar import calendar_feed

    store = clocked
    clock.now = NOW
    first, _ = two_roles(store)
    steps = {s.id for s in services.applications.application(store, first).steps}
    with store.reading() as repo:
        before = {r.step.id: r.revision for r in repo.calendar_steps(NOW - timedelta(days=99))}
    deleting.delete_application(store, first, PLAYBOOK, NOW)

    def events(now: datetime) -> dict[int, tuple[str, int]]:
        found = Calendar.from_ical(calendar_feed(store, now)).walk("VEVENT")
        return {
            int(str(e["UID"]).split("-")[1].split("@")[0]): (str(e["STATUS"]), int(e["SEQUENCE"]))
            for e in found
        }

    shown = events(NOW + timedelta(days=1))
    for id_ in steps:
        assert shown[id_ or 0] == ("CANCELLED", before[id_] + 1)
    assert not steps & set(events(NOW + timedelta(days=31)))
