"""Real databases for the storage tests: a fresh SQLite file, and (when
FOLLOWUP_TEST_POSTGRES_URL is set) a fresh PostgreSQL schema dropped afterwards; `fresh_url` and
`opened` for a test that needs another empty database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters.sql.database import parse
from followup.adapters.sql.store import SqlStore, open_store

POSTGRES_URL = os.environ.get("FOLLOWUP_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    return f"sqlite:///{tmp_path}/data/followup.db"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections work in a schema of their own, dropped after the test."""
    with postgres_schema() as url:
        yield url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections work in a new schema, dropped when the block ends."""
    if not POSTGRES_URL:
        pytest.skip("FOLLOWUP_TEST_POSTGRES_URL not set")
    schema = f"followup_test_{uuid.uuid4().hex[:12]}"
    admin = parse(POSTGRES_URL).connect()
    with admin.transaction():
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.transaction():
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@contextmanager
def postgres_owner() -> Iterator[str]:
    """As `postgres_schema`, its connections as a new role that is not a superuser (as a
    deployed followup is): the tables it makes are its own, and row-level security holds it."""
    if not POSTGRES_URL:
        pytest.skip("FOLLOWUP_TEST_POSTGRES_URL not set")
    role = f"followup_role_{uuid.uuid4().hex[:12]}"
    admin = parse(POSTGRES_URL).connect()
    with admin.transaction():
        admin.execute(f"CREATE ROLE {role} NOLOGIN")
    try:
        with postgres_schema() as url:
            schema = url.rsplit("search_path%3D", 1)[1]
            with admin.transaction():
                admin.execute(f"GRANT ALL ON SCHEMA {schema} TO {role}")
            yield f"{url}%20-crole%3D{role}"
    finally:
        with admin.transaction():
            admin.execute(f"DROP ROLE {role}")
        admin.close()


def end_sessions(name: str) -> int:
    """End the PostgreSQL server's sessions whose application_name is `name` (those of a store
    opened with `&application_name=NAME` in its URL; no one else's), waiting until they are
    gone: what a restart of the server does to them. How many were ended."""
    assert POSTGRES_URL
    admin = parse(POSTGRES_URL).connect()
    try:
        with admin.transaction():
            ended = admin.scalars(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                "WHERE application_name = :name",
                {"name": name},
            )
        return len(ended)
    finally:
        admin.close()


@contextmanager
def fresh_url(backend: str, folder: Path) -> Iterator[str]:
    """An empty database of its own: a new SQLite file, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder}/{uuid.uuid4().hex}.db"
        return
    with postgres_schema() as url:
        yield url


@contextmanager
def opened(url: str, user: str) -> Iterator[SqlStore]:
    store = open_store(url, user)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once per backend."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def store_for(database_url: str) -> Iterator[Callable[[str], SqlStore]]:
    """Opens the test's database for a named user; every store opened is closed afterwards."""
    opened: list[SqlStore] = []

    def store_for(user: str) -> SqlStore:
        opened.append(open_store(database_url, user))
        return opened[-1]

    yield store_for
    for store in opened:
        store.close()


@pytest.fixture
def store(store_for: Callable[[str], SqlStore]) -> SqlStore:
    """The test's database, migrated, for the user `alice`."""
    return store_for("alice")


class Clock:
    """The time a test sets (`clock.now = ...`): when the `clocked` store makes each change."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 10, 28, 20, 0, tzinfo=UTC))


@pytest.fixture
def clocked(database_url: str, clock: Clock) -> Iterator[SqlStore]:
    """The test's database for `alice`, each change made at `clock.now` (a step's changed_at)."""
    store = open_store(database_url, "alice", clock=clock)
    yield store
    store.close()
