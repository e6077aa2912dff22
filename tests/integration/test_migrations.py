"""Migrations: the schema they build is the one `tables` describes, applied once, on first use."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from followup.adapters.sql import migrate
from followup.adapters.sql.database import Connection, parse
from followup.adapters.sql.engine import make_engine
from followup.adapters.sql.store import open_store
from followup.adapters.sql.tables import metadata
from followup.domain.errors import StorageError
from followup.domain.model import StepStatus
from tests.integration.aggregates import application, step

TABLES = {"alembic_version", *metadata.tables}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


@pytest.fixture
def connection(database_url: str) -> Iterator[Connection]:
    """A plain DB-API connection to the test's database, as the store opens one."""
    made = parse(database_url).connect()
    yield made
    made.close()


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )


def test_head_revision_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.HEAD_REVISION]


def test_an_empty_database_is_migrated_on_first_use(
    database_url: str, engine: Engine, connection: Connection
) -> None:
    assert migrate.current_revision(connection) is None
    open_store(database_url, "alice").close()
    assert migrate.current_revision(connection) == migrate.HEAD_REVISION
    assert set(inspect(engine).get_table_names()) == TABLES


def test_the_migrated_schema_is_the_one_the_tables_describe(
    database_url: str, engine: Engine
) -> None:
    open_store(database_url, "alice").close()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_downgrade_to_nothing_and_back(
    database_url: str, engine: Engine, connection: Connection
) -> None:
    open_store(database_url, "alice").close()
    with engine.begin() as alembic_connection:
        command.downgrade(migrate.alembic_config(alembic_connection), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert migrate.current_revision(connection) is None
    migrate.upgrade_if_needed(connection)
    assert migrate.current_revision(connection) == migrate.HEAD_REVISION
    assert set(inspect(engine).get_table_names()) == TABLES


def test_opening_twice_is_harmless(database_url: str, engine: Engine) -> None:
    first = open_store(database_url, "alice")
    with first.transaction() as repo:
        stored = repo.add_application(application())
    first.close()
    second = open_store(database_url, "alice")
    with second.transaction() as repo:
        assert [a.id for a in repo.list_applications()] == [stored.id]
    second.close()
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert versions == [(migrate.HEAD_REVISION,)]


ADD_ONE = """
import sys
from datetime import UTC, datetime
from followup.adapters.sql.store import open_store
from followup.domain.model import Application
store = open_store(sys.argv[1], sys.argv[2])
with store.transaction() as repo:
    repo.add_application(Application("Acme", "Developer", created_at=datetime.now(UTC)))
"""


def test_processes_starting_at_once_on_an_empty_database(database_url: str) -> None:
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_ONE, database_url, f"user{n}"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    errors = [process.communicate(timeout=60)[1] for process in starts]
    assert [process.returncode for process in starts] == [0] * 4, errors
    for n in range(4):
        store = open_store(database_url, f"user{n}")
        with store.transaction() as repo:
            assert len(repo.list_applications()) == 1
        store.close()


HEAVY = "{m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg'}"
LOADED = f"""
import sys
from followup.adapters.sql.store import open_store
store = open_store(sys.argv[1], "alice")
with store.transaction() as repo:
    [summary] = repo.list_applications()
    assert repo.get_application(summary.id).interviews
store.close()
print(sorted({HEAVY}))
"""


def test_a_current_database_is_used_without_sqlalchemy_or_alembic(database_url: str) -> None:
    store = open_store(database_url, "alice")
    with store.transaction() as repo:
        repo.add_application(application())
    store.close()
    result = run(LOADED, database_url)
    assert result.returncode == 0, result.stderr
    expected = "[]" if database_url.startswith("sqlite") else "['psycopg']"
    assert result.stdout.strip() == expected


def test_importing_the_store_loads_no_sqlalchemy_alembic_or_psycopg() -> None:
    result = run(f"import sys, followup.adapters.sql, followup.adapters.sql.store; print({HEAVY})")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "set()"


def test_a_database_from_a_newer_followup_is_refused(database_url: str, engine: Engine) -> None:
    open_store(database_url, "alice").close()
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(StorageError, match="revision 'f00d', newer than this followup knows"):
        open_store(database_url, "alice")


def test_steps_stored_before_revisions_start_above_every_earlier_sequence(
    database_url: str, engine: Engine, connection: Connection
) -> None:
    """Before 0006, an event's SEQUENCE was the export time in seconds since 2020: the steps
    already stored start at the migration's, so calendars take the next export as newer."""
    done_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    store = open_store(database_url, "alice")
    with store.transaction() as repo:
        steps = (step(), step("send-promised", status=StepStatus.DONE, done_at=done_at))
        repo.add_application(application(steps=steps))
    store.close()
    with engine.begin() as alembic_connection:
        command.downgrade(migrate.alembic_config(alembic_connection), "0005")
    assert "revision" not in {c["name"] for c in inspect(engine).get_columns("steps")}
    before = datetime.now(UTC).replace(microsecond=0)
    migrate.upgrade_if_needed(connection)
    after = datetime.now(UTC)
    store = open_store(database_url, "alice")
    with store.reading() as repo:
        revised = {r.step.kind: r for r in repo.calendar_steps(datetime(2000, 1, 1, tzinfo=UTC))}
    store.close()
    epoch = datetime(2020, 1, 1, tzinfo=UTC)
    for kind in ("thank-you", "send-promised"):
        seconds = revised[kind].revision
        assert before <= epoch + timedelta(seconds=seconds) <= after, kind
    assert revised["send-promised"].changed_at == done_at
    changed = revised["thank-you"].changed_at
    assert changed is not None and before <= changed <= after
