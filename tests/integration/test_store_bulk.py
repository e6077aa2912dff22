"""Writing many rows on real databases: `Store.bulk` (rows kept and written together, ids
reserved ahead), `add_application` returning what it wrote, and a CSV import in batches that
gives what a transaction a row gives (the in-memory store, row by row, is the reference)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import StorageError
from followup.domain.model import Application, Channel, Direction, Interview, Touch
from followup.services import exchange
from tests.integration import aggregates
from tests.unit.fakes import FakeStore

PLAYBOOK = default_playbook()
NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def test_add_application_returns_the_aggregate_as_it_reads_back(store: SqlStore) -> None:
    """Built from what was written, not read again: it must be what a read gives, touches
    and decisions in time order, and a moment in the gap of a change to summer time as the
    database gives it back (01:30 in London on 2026-03-29 does not exist: it is 02:30 BST)."""
    rich = aggregates.application()
    gap = datetime(2026, 3, 29, 1, 30, tzinfo=LONDON)
    interview = Interview(start=gap, end=gap.replace(hour=3), timezone="Europe/London")
    late = rich.touches[0]
    earlier = Touch(Channel.PHONE, Direction.OUT, late.at - timedelta(days=1))
    same_moment = Touch(Channel.EMAIL, Direction.IN, late.at)  # after `late`: by id
    touches = (late, earlier, same_moment)
    odd = dataclasses.replace(rich, interviews=(*rich.interviews, interview), touches=touches)
    with store.transaction() as repo:
        returned = repo.add_application(odd)
        assert returned.id is not None
        assert returned == repo.get_application(returned.id)
        assert [t.channel for t in returned.touches] == [Channel.PHONE, late.channel, Channel.EMAIL]
    with store.reading() as repo:
        assert repo.get_application(returned.id) == returned
        assert repo.get_application(returned.id).interviews[-1].start.hour == 2


def test_rows_kept_in_bulk_are_read_and_written_by_the_end(store: SqlStore) -> None:
    with store.bulk() as repo:
        first = repo.add_application(aggregates.application("Erste"))
        second = repo.add_application(aggregates.application("Zweite"))
        assert first.id is not None and second.id is not None
        assert [s.company for s in repo.list_applications()] == ["Erste", "Zweite"]  # read: seen
        third = repo.add_application(aggregates.application("Dritte"))
        assert third.id is not None
        ids = [a.id for a in (first, second, third)]
        assert ids == sorted(ids) and len(set(ids)) == 3
    with store.reading() as repo:
        assert [repo.get_application(i) for i in ids] == [first, second, third]
    with store.transaction() as repo:  # ids after the bulk's go on from where it left them
        later = repo.add_application(aggregates.application("Vierte"))
        assert later.id is not None and later.id > max(ids)


def test_a_row_refused_at_the_end_of_a_bulk_writes_nothing(store: SqlStore) -> None:
    """A touch naming a contact that does not exist: the database refuses it when the kept rows
    are written, at the end, and the whole transaction is rolled back."""
    dangling = Touch(Channel.EMAIL, Direction.IN, NOW, contact_id=987_654)
    with pytest.raises(StorageError), store.bulk() as repo:
        repo.add_application(aggregates.application("Good"))
        repo.add_application(aggregates.application("Bad", touches=(dangling,)))
    with store.reading() as repo:
        assert repo.list_applications() == []


def csv_text() -> str:
    """Twelve rows: good ones, one refused while read, one there twice, one already there."""
    header = "company,role,interview_at,timezone,country,interviewer,interviewer_email\n"
    rows = [
        f"Firma {n},Engineer,2026-12-{10 + n:02d} 10:00,Europe/Berlin,DE-BE,Jo {n},jo{n}@x.example"
        for n in range(1, 9)
    ]
    rows.insert(3, "Bad Date,Engineer,next tuesday,,,,")
    rows.insert(6, rows[1])  # the same row again, in another batch
    rows.append("Known,Engineer,2026-12-01 10:00,Europe/Berlin,DE-BE,Al,al@x.example")
    rows.append(rows[0])
    return header + "\n".join(rows) + "\n"


def known(store: object) -> None:
    services.exchange.import_csv(
        store,  # type: ignore[arg-type]
        "company,role,interview_at,timezone\nKnown,Engineer,2026-12-01 10:00,Europe/Berlin\n",
        PLAYBOOK,
        NOW,
    )


def summary(store: object) -> list[tuple[object, ...]]:
    """Each application as the import made it: the row's values and its plan."""
    found = []
    for listed in services.applications.applications(store):  # type: ignore[arg-type]
        a: Application = services.applications.application(store, listed.id)  # type: ignore[arg-type]
        found.append(
            (
                a.company,
                a.stage,
                [(i.start, i.timezone) for i in a.interviews],
                [(c.name, c.email) for c in a.contacts],
                [(s.kind, s.channel, s.earliest, s.due, s.status) for s in a.steps],
            )
        )
    return found


def test_a_csv_import_in_batches_gives_what_a_row_a_transaction_gives(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = FakeStore()
    known(reference)
    with monkeypatch.context() as patch:
        patch.setattr(exchange, "BATCH", 1)  # the reference: a transaction a row, in memory
        expected = exchange.import_csv(reference, csv_text(), PLAYBOOK, NOW)
    known(store)
    monkeypatch.setattr(exchange, "BATCH", 4)  # three batches, the last one short
    report = exchange.import_csv(store, csv_text(), PLAYBOOK, NOW)
    assert (report.new, report.already, report.bad) == (
        expected.new,
        expected.already,
        expected.bad,
    )
    assert [line for line, _ in report.bad] == [5]
    assert report.already == [8, 12, 13]
    assert summary(store) == summary(reference)
