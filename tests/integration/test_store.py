"""open_store and its connections: how SQLite and PostgreSQL are set up, and how failures read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from followup.adapters.sql.store import SqlStore, open_store
from followup.domain.errors import InvalidInput, StorageError
from tests.integration.aggregates import application


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    store = open_store(sqlite_url, "alice")
    with store.transaction() as repo:
        connection = repo.connection
        assert connection.scalar("PRAGMA journal_mode") == "wal"
        assert connection.scalar("PRAGMA foreign_keys") == 1
        assert connection.scalar("PRAGMA busy_timeout") == 30_000
        assert connection.raw.in_transaction  # BEGIN IMMEDIATE: the write lock is held
        assert connection.raw.isolation_level is None  # followup, not the driver, says BEGIN
    store.close()


def test_sqlite_creates_the_folder(tmp_path: Path) -> None:
    open_store(f"sqlite:///{tmp_path}/a/b/c/followup.db", "alice").close()
    assert (tmp_path / "a" / "b" / "c" / "followup.db").is_file()


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgres://", "postgresql://", "postgresql+psycopg://"])
def test_postgres_urls_in_every_spelling(postgres_url: str, scheme: str) -> None:
    import psycopg

    store = open_store(scheme + postgres_url.split("://", 1)[1], "alice")
    with store.transaction() as repo:
        assert isinstance(repo.connection.raw, psycopg.Connection)
        assert repo.list_applications() == []
    store.close()


def test_deleting_an_application_deletes_what_belongs_to_it(store: SqlStore) -> None:
    with store.transaction() as repo:
        repo.add_application(application())
    with store.transaction() as repo:
        repo.connection.execute("DELETE FROM applications")
        for table in ("interviews", "contacts", "promises", "steps", "touches", "decisions"):
            assert repo.connection.scalar(f"SELECT count(*) FROM {table}") == 0


def test_naive_datetimes_are_refused(store: SqlStore) -> None:
    insert = "INSERT INTO users (name, created_at) VALUES (:name, :created_at)"
    with pytest.raises(ValueError, match="naive"), store.transaction() as repo:
        repo.connection.execute(insert, {"name": "x", "created_at": datetime(2025, 1, 1)})
    with store.transaction() as repo:
        assert repo.connection.scalar("SELECT count(*) FROM users") == 0


def test_a_failure_inside_a_transaction_is_a_storage_error(store: SqlStore) -> None:
    failed = r"^the database could not be read or written: .*no_such_table"
    with pytest.raises(StorageError, match=failed), store.transaction() as repo:
        repo.connection.execute("SELECT * FROM no_such_table")
    with store.transaction() as repo:  # rolled back, so the connection serves again
        assert repo.list_applications() == []


def unwritable(tmp_path: Path) -> str:
    (tmp_path / "file").write_text("not a folder")
    return f"sqlite:///{tmp_path}/file/followup.db"


def not_a_database(tmp_path: Path) -> str:
    (tmp_path / "followup.db").write_bytes(b"this is not SQLite" * 100)
    return f"sqlite:///{tmp_path}/followup.db"


@pytest.mark.parametrize(
    ("make_url", "message"),
    [
        (unwritable, r"^cannot create the folder .*/file for the database: a file has that name$"),
        (not_a_database, r"^cannot open the database sqlite:///.*: file is not a database$"),
        (lambda _: "no url at all", r"^the database URL does not parse"),
        (lambda _: "mysql://localhost/followup", r"^unsupported database 'mysql'"),
        (
            lambda tmp_path: f"sqlite:///{tmp_path}/followup.db?timeout=5",
            r"^unsupported options 'timeout=5' in the SQLite URL",
        ),
        (
            lambda _: "postgresql://nobody:secret@127.0.0.1:1/none",
            r"^cannot open the database postgresql\+psycopg://nobody:\*\*\*@127.0.0.1:1/none: ",
        ),
    ],
)
def test_a_database_that_cannot_be_used_is_a_storage_error(
    tmp_path: Path, make_url: Callable[[Path], str], message: str
) -> None:
    with pytest.raises(StorageError, match=message) as raised:
        open_store(make_url(tmp_path), "alice")
    assert "secret" not in f"{raised.value} {raised.value.__cause__}"


def test_a_user_needs_a_name(sqlite_url: str) -> None:
    with pytest.raises(InvalidInput):
        open_store(sqlite_url, " ")


def test_a_reading_transaction_takes_no_write_lock(sqlite_url: str) -> None:
    """Use cases that only read (the web app's pages, on several threads) do not queue for
    SQLite's write lock: one reads while another connection holds it."""
    writer, reader = open_store(sqlite_url, "alice"), open_store(sqlite_url, "alice")
    with writer.transaction() as repo:
        repo.add_application(application())
    with reader.transaction() as repo:  # a regression fails at once, not after 30 s
        repo.connection.execute("PRAGMA busy_timeout=0")
    with writer.transaction() as repo:
        repo.add_application(application())  # the write lock is held, uncommitted
        with reader.reading() as seen:
            assert len(seen.list_applications()) == 1  # what was committed before
    writer.close()
    reader.close()


def test_writing_in_a_reading_transaction_fails_and_writes_nothing(sqlite_url: str) -> None:
    store = open_store(sqlite_url, "alice")
    with pytest.raises(StorageError, match="readonly"), store.reading() as repo:
        repo.add_application(application())
    with store.transaction() as repo:  # the same connection, fit to write again
        assert repo.list_applications() == []
        repo.add_application(application())
    with store.reading() as repo:
        assert len(repo.list_applications()) == 1
    store.close()


def test_a_store_for_another_user_shares_connections_not_data(store: SqlStore) -> None:
    """Server mode's store per account: the same database and kept connections, each user's
    own rows."""
    bob = store.for_user("bob")
    with store.transaction() as repo:
        repo.add_application(application())
    store.revision()  # a connection is kept for the next transaction
    with bob.reading() as repo:
        assert repo.list_applications() == []
    with bob.transaction() as repo:
        repo.add_application(application())
    with store.reading() as repo:
        assert len(repo.list_applications()) == 1
    assert bob.revision() == 1
    with pytest.raises(InvalidInput):
        store.for_user(" ")
