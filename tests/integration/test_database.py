"""The DB-API layer: URLs, one statement for both drivers, values both ways, kept connections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.sql.database import Connection, parse, placeholders
from followup.adapters.sql.dialects import Postgres, Sqlite
from followup.adapters.sql.store import SqlStore, open_store
from followup.domain.errors import StorageError
from followup.domain.model import Stage
from tests.integration.aggregates import application


@pytest.mark.parametrize(
    ("url", "dialect", "target", "where"),
    [
        ("sqlite:///relative/followup.db", Sqlite, "relative/followup.db", None),
        ("sqlite:////srv/followup.db", Sqlite, "/srv/followup.db", None),
        ("sqlite:///file:/srv/f.db?mode=ro&uri=true", Sqlite, "file:/srv/f.db?mode=ro", None),
        ("sqlite:////srv/f.db?uri=true", Sqlite, "file:/srv/f.db", None),
        (
            "postgres://me:p%40ss@db.example:5433/followup?sslmode=require",
            Postgres,
            "postgresql://me:p%40ss@db.example:5433/followup?sslmode=require",
            "postgresql+psycopg://me:***@db.example:5433/followup?sslmode=require",
        ),
        (
            "postgresql+psycopg://db.example/followup",
            Postgres,
            "postgresql://db.example/followup",
            "postgresql+psycopg://db.example/followup",
        ),
    ],
)
def test_urls_name_a_dialect_a_target_and_how_to_say_where(
    url: str, dialect: type, target: str, where: str | None
) -> None:
    database = parse(url)
    assert isinstance(database.dialect, dialect)
    assert database.target == target
    assert database.where == (where or url)


def test_sqlite_in_memory_is_one_database_for_the_whole_store() -> None:
    store = open_store("sqlite://", "alice")  # migrated on a connection of its own
    with store.transaction() as repo:
        stored = repo.add_application(application())
    with store.transaction() as repo:
        assert [a.id for a in repo.list_applications()] == [stored.id]
    store.close()
    assert parse("sqlite://").target != parse("sqlite:///:memory:").target  # one per store


def test_parameters_are_named_once_and_translated_for_psycopg() -> None:
    sql = "SELECT :a, x::text, '12:30', :b_0 WHERE y LIKE 'a%'"
    assert Sqlite().statement(sql) == sql
    assert Postgres().statement(sql) == "SELECT %(a)s, x::text, '12:30', %(b_0)s WHERE y LIKE 'a%%'"
    assert placeholders("b", ["x", "y"]) == ("(:b_0, :b_1)", {"b_0": "x", "b_1": "y"})


def test_values_travel_both_ways(store: SqlStore) -> None:
    berlin = datetime(2025, 3, 30, 3, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Berlin"))
    select = (
        "SELECT :created_at AS created_at, :decision_by AS decision_by, :stage AS stage,"
        " :done AS done, :plain AS plain"
    )
    params = {
        "created_at": berlin,
        "decision_by": date(2025, 4, 1),
        "stage": Stage.OFFER,
        "done": True,
        "plain": "text",
    }
    with store.transaction() as repo:
        [row] = repo.connection.rows(select, params)
        assert repo.connection.scalars("SELECT id FROM users") == []
        assert repo.connection.scalar("SELECT id FROM users") is None
    if isinstance(store.database.dialect, Sqlite):  # untyped expressions: as SQLite stores them
        assert row["created_at"] == datetime(2025, 3, 30, 1, 30, 15, 123456, tzinfo=UTC)
        assert (row["decision_by"], row["done"]) == (date(2025, 4, 1), True)
        assert Sqlite().bind(berlin) == "2025-03-30 01:30:15.123456"
    assert row["created_at"] == berlin and row["created_at"].tzinfo is UTC
    assert (row["stage"], row["plain"]) == ("offer", "text")


def test_a_store_keeps_its_connection_between_transactions(store: SqlStore) -> None:
    with store.transaction() as repo:
        first = repo.connection
        assert repo.list_applications() == []
        assert not first.idle
    assert first.idle
    with store.transaction() as repo:
        assert repo.connection is first
    store.close()
    assert not first.idle


def test_a_connection_that_cannot_serve_again_is_dropped(store: SqlStore) -> None:
    with pytest.raises(StorageError), store.transaction() as repo:
        closed: Connection = repo.connection
        closed.close()
    with store.transaction() as repo:
        assert repo.connection is not closed
        assert repo.list_applications() == []


def test_a_folder_for_sqlite_is_made_once_asked(tmp_path: Path) -> None:
    database = parse(f"sqlite:///{tmp_path}/x/y.db")
    assert not (tmp_path / "x").exists()
    database.connect().close()
    assert (tmp_path / "x" / "y.db").is_file()
