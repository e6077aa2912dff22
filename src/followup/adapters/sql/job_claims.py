"""The worker's claims (ports.JobClaims over `job_claims`), and a job held while it runs.

A claim is one row per (user, job, day), inserted before the job is done: of two workers
inserting the same row at once, the database lets one in (`ON CONFLICT DO NOTHING`; on
PostgreSQL the second waits for the first to commit, then sees its row). Every move after is a
compare-and-set on the state it comes from.

`running(store, name)` holds a PostgreSQL session advisory lock for the length of a job (one
user's send, poll or digest): a second worker asking for it at the same moment is told no and
skips; a worker that dies lets go of it with its connection, so nothing stays locked after a
crash (Huey's own locks would stay until flushed). On SQLite (one machine, the local mode)
it always says yes: the outbox and the claims still do each thing once.

`Turn(store, name)`: a job one worker at a time does for as long as it runs (the dispatch):
the first worker to ask keeps the lock on a connection of its own; the others are told no
until it dies (its session ends) or its connection breaks, then the next to ask takes over.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from followup.adapters.sql.database import Connection
from followup.adapters.sql.dialects import Postgres
from followup.adapters.sql.store import SqlStore
from followup.domain.errors import NotFound
from followup.ports import Claim, JobClaims

_CLAIM = """INSERT INTO job_claims (user_id, job, day, state, message_id, claimed_at)
SELECT id, :job, :day, 'sending', :message_id, :now FROM users WHERE name = :name
ON CONFLICT DO NOTHING RETURNING user_id"""
_MINE = "user_id = (SELECT id FROM users WHERE name = :name) AND job = :job AND day = :day"
_LOCKS = 0x6A6F6273  # "jobs": the advisory locks' first key (the second: the name's hash)


class SqlJobClaims(JobClaims):
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def claim(self, job: str, day: date, message_id: str, now: datetime) -> Claim:
        key = {"name": self.store.user, "job": job, "day": day}
        with self.store.transaction() as repo:
            connection = repo.connection
            made = connection.scalar(_CLAIM, {**key, "message_id": message_id, "now": now})
            found = connection.rows(
                f"SELECT state, message_id, claimed_at FROM job_claims WHERE {_MINE}", key
            )
        if not found:
            raise NotFound(f"no user {self.store.user!r} to claim a job for")
        row = found[0]
        return Claim(made is not None, row["state"], row["message_id"], row["claimed_at"])

    def settle(
        self, job: str, day: date, came_from: str, state: str | None, now: datetime, note: str = ""
    ) -> bool:
        key = {"name": self.store.user, "job": job, "day": day, "came_from": came_from}
        if state is None:
            query = f"DELETE FROM job_claims WHERE {_MINE} AND state = :came_from"
        else:
            query = (
                "UPDATE job_claims SET state = :state, settled_at = :now, note = :note "
                f"WHERE {_MINE} AND state = :came_from"
            )
        with self.store.transaction() as repo:
            done = repo.connection.scalar(
                f"{query} RETURNING job", {**key, "state": state, "now": now, "note": note or None}
            )
        return done is not None


@contextmanager
def running(store: SqlStore, name: str) -> Iterator[bool]:
    """Whether this process may run the job `name` now (see the module's text)."""
    if not isinstance(store.database.dialect, Postgres):
        yield True
        return
    connection = store.database.connect()
    try:
        yield _lock(connection, name)
    finally:
        connection.close()  # ends the session: the lock goes with it


class Turn:
    """Whether it is this process's turn at `name` (see the module's text)."""

    def __init__(self, store: SqlStore, name: str) -> None:
        self.store, self.name = store, name
        self._held: Connection | None = None
        self._lock = threading.Lock()

    def mine(self) -> bool:
        if not isinstance(self.store.database.dialect, Postgres):
            return True
        with self._lock:
            if self._held is not None and not _alive(self._held):
                self._held = None  # its session, and the lock with it, is gone
            if self._held is None:
                connection = self.store.database.connect()
                if _lock(connection, self.name):
                    self._held = connection
                else:
                    connection.close()
            return self._held is not None


def _lock(connection: Connection, name: str) -> bool:
    """Take the session advisory lock `name` if no one holds it."""
    held = connection.scalar(
        "SELECT pg_try_advisory_lock(:locks, hashtext(:name))", {"locks": _LOCKS, "name": name}
    )
    connection.rollback()  # a session lock outlives the transaction
    return bool(held)


def _alive(connection: Connection) -> bool:
    try:
        connection.scalar("SELECT 1")
        connection.rollback()
        return True
    except Exception:
        connection.close()
        return False
