"""Rounds and the day applied for in real databases (SQLite and PostgreSQL): who was met at
which interview, the interview of each promise, the day applied for; stored, read back,
exported and imported whole, refused across applications, and kept through the migration
from the schema before them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect

from followup import services
from followup.adapters.sql import migrate
from followup.adapters.sql.database import parse
from followup.adapters.sql.engine import make_engine
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.model import Application, Contact, Promise, Stage
from followup.services.backup import export_data, import_data
from tests.integration.aggregates import application as stored_application
from tests.integration.aggregates import interview
from tests.integration.conftest import BACKENDS, fresh_url, opened

PLAYBOOK = default_playbook()
NOW = datetime(2025, 1, 14, 16, 0, tzinfo=UTC)
LATER = dataclasses.replace(interview(day=21), round=3)  # Tuesday 21 January 2025, 13:00


def application(company: str = "Müller & Søn GmbH", **changes: object) -> Application:
    """The storage tests' aggregate as `followup add` would record it (no settings)."""
    return stored_application(company, **{"settings": {}, **changes})


def two_rounds(store: SqlStore) -> Application:
    """The aggregate (round 2 on Tuesday 14 January, with Zoë Brontë and a promise), then round
    3 with Zoë met again and Ola Nordmann, and a promise to Ola."""
    made = services.applications.record_interview(store, application(), PLAYBOOK, NOW)
    assert made.id is not None
    people = [Contact("zoë brontë"), Contact("Ola Nordmann", email="ola@example.no")]
    promised = [Promise("a reference letter", "Ola Nordmann")]
    return services.applications.add_round(store, made.id, LATER, people, promised, PLAYBOOK, NOW)


def test_who_was_met_and_what_was_promised_at_each_round_is_stored(store: SqlStore) -> None:
    after = two_rounds(store)
    assert after.id is not None
    with store.reading() as repo:
        again = repo.get_application(after.id)
    assert again == dataclasses.replace(after, steps=again.steps)
    first, second = again.interviews
    zoe = next(c for c in again.contacts if c.name == "Zoë Brontë")
    ola = next(c for c in again.contacts if c.name == "Ola Nordmann")
    assert (zoe.id in first.met, second.met) == (True, (zoe.id, ola.id))
    assert set(first.met) == {c.id for c in again.contacts if c is not ola}  # tied to round 2
    *earlier, last = again.promises
    assert [p.interview_id for p in earlier] == [first.id] * len(earlier)
    assert (last.what, last.interview_id) == ("a reference letter", second.id)
    assert again.applied_at == date(2025, 1, 6)
    [summary] = services.applications.applications(store)
    assert summary.applied_at == date(2025, 1, 6)


def test_a_person_of_another_application_or_an_unknown_promise_is_refused_whole(
    store: SqlStore,
) -> None:
    a = services.applications.record_interview(store, application("A"), PLAYBOOK, NOW)
    b = services.applications.record_interview(store, application("B"), PLAYBOOK, NOW)
    assert a.id and b.id and b.contacts[0].id
    with pytest.raises(InvalidInput, match="is not one of application"), store.transaction() as r:
        r.add_interview(a.id, dataclasses.replace(LATER, met=(b.contacts[0].id,)))
    with pytest.raises(NotFound, match="no promise with id 999"), store.transaction() as repo:
        repo.tie(a.interviews[0].id or 0, [], [999])
    with store.reading() as repo:
        assert len(repo.get_application(a.id).interviews) == 1  # nothing half-written


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_backup_restores_the_rounds_people_promises_and_day_applied(
    backend: str, tmp_path: Path
) -> None:
    with fresh_url(backend, tmp_path) as source_url, fresh_url(backend, tmp_path) as target_url:
        with opened(source_url, "alice") as source:
            before = two_rounds(source)
            document = export_data(source, "alice", NOW)
        met = sum(len(i.met) for i in before.interviews)
        assert met == len(before.contacts) + 1  # Zoë twice
        assert len(document["tables"]["interview_people"]) == met
        with opened(target_url, "bob") as target:
            import_data(target, document)
            assert before.id is not None
            restored = services.applications.application(target, before.id)
    assert restored == before


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_export_meeting_a_person_of_another_application_is_refused(
    backend: str, tmp_path: Path
) -> None:
    with fresh_url(backend, tmp_path) as source_url, fresh_url(backend, tmp_path) as target_url:
        with opened(source_url, "alice") as source:
            two_rounds(source)
            services.applications.record_interview(source, application("Other"), PLAYBOOK, NOW)
            document = export_data(source, "alice", NOW)
        other = document["tables"]["contacts"][-1]["id"]
        document["tables"]["interview_people"][0]["contact_id"] = other
        with opened(target_url, "bob") as target:
            with pytest.raises(InvalidInput, match=r"interview_people\[0\]\.contact_id: a contact"):
                import_data(target, document)
            assert services.applications.applications(target) == []


def test_data_stored_before_rounds_is_kept_and_planned_as_before(
    database_url: str, store: SqlStore
) -> None:
    made = services.applications.record_interview(
        store, application(applied_at=None), PLAYBOOK, NOW
    )
    assert made.id is not None
    engine: Engine = make_engine(database_url)
    try:
        with engine.begin() as alembic_connection:
            command.downgrade(migrate.alembic_config(alembic_connection), "0008")
        assert "interview_people" not in inspect(engine).get_table_names()
        connection = parse(database_url).connect()
        try:
            migrate.upgrade_if_needed(connection)
        finally:
            connection.close()
    finally:
        engine.dispose()
    with store.reading() as repo:
        again = repo.get_application(made.id)
    assert again.promises == made.promises and again.promises[0].interview_id is None
    assert again.interviews[0].met == () and again.applied_at is None
    assert again.steps == made.steps
    # A round recorded now ties the earlier people and promises to the earlier interview.
    after = services.applications.add_round(
        store, made.id, LATER, [], [], PLAYBOOK, NOW + timedelta(days=1)
    )
    assert set(after.interviews[0].met) == {c.id for c in made.contacts}
    assert after.promises[0].interview_id == made.interviews[0].id
    assert after.stage is Stage.INTERVIEWING
