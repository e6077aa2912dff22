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
from followup.adapters.sql.dialects import Postgres
from followup.adapters.sql.repository import WRITE_ORDER, Clock, SqlRepository
from followup.domain.errors import InvalidInput
from followup.ports import Store

_NEXT_REVISION = "UPDATE users SET revision = revision + 1 WHERE name = :name"
_REVISION = "SELECT revision FROM users WHERE name = :name"
_USER_ID = "SELECT id FROM users WHERE name = :name"
# PostgreSQL's row-level security (migration 0015): the rows this transaction may see and write.
_WALL = "SELECT set_config('followup.user_id', :id, true)"


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
        self.walled = False  # PostgreSQL shows this store's transactions its user's rows only
        self._user_id: int | None = None

    def for_user(self, user: str, walled: bool = True) -> SqlStore:
        """The same database, already migrated, as `user` sees it: the connections kept for
        the next transaction are shared (server mode: one store per signed-in account). On
        PostgreSQL its transactions name the user for row-level security (`walled`): even a
        query that forgot `user_id = :owner` sees and writes that user's rows alone."""
        if not user or not user.strip():
            raise InvalidInput("the user name must not be empty")
        other = SqlStore(self.database, user, clock=self._clock)
        other._idle, other._lock = self._idle, self._lock
        other.walled = walled and isinstance(self.database.dialect, Postgres)
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
                    if self.walled:
                        self._wall(connection)
                    connection.wrote = False
                    yield SqlRepository(connection, self.user, self._clock)
                    if connection.wrote:
                        connection.execute(_NEXT_REVISION, {"name": self.user})
            finally:
                self._give_back(connection)

    def _wall(self, connection: Connection) -> None:
        """Name this store's user to row-level security for the transaction (SET LOCAL: the
        connection, shared, forgets it at commit or rollback). A user without a row yet (one
        never written) is named from their first transaction after it is made."""
        if self._user_id is None:
            self._user_id = connection.scalar(_USER_ID, {"name": self.user})
        if self._user_id is not None:
            connection.scalar(_WALL, {"id": str(self._user_id)})

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
