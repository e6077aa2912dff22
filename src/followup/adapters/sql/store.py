"""`open_store(url, user)`: the database behind followup, migrated, as a `ports.Store`.

See `database` for the connections, `dialects` for how SQLite and PostgreSQL are set up,
`migrate` for how the schema is kept current. Neither SQLAlchemy nor Alembic is imported here:
only migrating needs them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from followup.adapters.sql import migrate
from followup.adapters.sql.database import Connection, Database, parse
from followup.adapters.sql.repository import WRITE_ORDER, Clock, SqlRepository
from followup.domain.errors import InvalidInput
from followup.ports import Store

_NEXT_REVISION = "UPDATE users SET revision = revision + 1 WHERE name = :name"
_REVISION = "SELECT revision FROM users WHERE name = :name"


class SqlStore(Store):
    """One user's view of the database: `transaction()` yields a repository (ports.Store).

    Connections are kept for the next transaction; each is used by one thread at a time.
    `reading()` is for use cases that only read: on SQLite it takes no write lock, so the
    pages of the web app, served by several threads, do not queue for it. `clock` (the real
    time by default) says when a step row changed.
    """

    def __init__(
        self, database: Database, user: str, *idle: Connection, clock: Clock | None = None
    ) -> None:
        self.database = database
        self.user = user
        self._idle = list(idle)
        self._lock = threading.Lock()
        self._clock = clock

    def for_user(self, user: str) -> SqlStore:
        """The same database, already migrated, as `user` sees it: the connections kept for
        the next transaction are shared (server mode: one store per signed-in account)."""
        if not user or not user.strip():
            raise InvalidInput("the user name must not be empty")
        other = SqlStore(self.database, user, clock=self._clock)
        other._idle, other._lock = self._idle, self._lock
        return other

    def transaction(self) -> AbstractContextManager[SqlRepository]:
        """Commit when the block ends normally; roll everything back when it raises."""
        return self._on_connection(Connection.transaction, "read or written")

    @contextmanager
    def bulk(self) -> Iterator[SqlRepository]:
        """A transaction whose new rows are written together (`Connection.deferring`)."""
        with self.transaction() as repo, repo.connection.deferring(WRITE_ORDER):
            yield repo

    def reading(self) -> AbstractContextManager[SqlRepository]:
        """A transaction that only reads: it sees one state of the database throughout, and
        a write in it fails (StorageError on SQLite)."""
        return self._on_connection(Connection.reading, "read")

    @contextmanager
    def _on_connection(
        self, begin: Callable[[Connection], AbstractContextManager[Connection]], doing: str
    ) -> Iterator[SqlRepository]:
        """A repository on a kept (or new) connection, in the transaction `begin` opens."""
        with self.database.failures(f"the database could not be {doing}"):
            connection = self._take()
            try:
                with begin(connection):
                    connection.wrote = False
                    yield SqlRepository(connection, self.user, self._clock)
                    if connection.wrote:
                        connection.execute(_NEXT_REVISION, {"name": self.user})
            finally:
                self._give_back(connection)

    def revision(self) -> int:
        """The user's revision: one more after each transaction that wrote (ports.Store)."""
        with self.reading() as repo:
            found = repo.connection.scalar(_REVISION, {"name": self.user})
        return int(found or 0)

    def _take(self) -> Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.database.connect()

    def _give_back(self, connection: Connection) -> None:
        if not connection.idle:
            connection.close()
            return
        with self._lock:
            self._idle.append(connection)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def open_store(url: str, user: str, clock: Clock | None = None) -> SqlStore:
    """The store at `url` for `user`, its schema migrated to the current revision first;
    `clock` gives the time a change is made (the app's, which FOLLOWUP_NOW may fix)."""
    if not user or not user.strip():
        raise InvalidInput("the user name must not be empty")
    database = parse(url)
    with database.failures(f"cannot open the database {database.where}", OSError):
        connection = database.connect()
        try:
            migrate.upgrade_if_needed(connection)
        except BaseException:
            connection.close()
            raise
    return SqlStore(database, user, connection, clock=clock)
