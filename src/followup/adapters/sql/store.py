"""`open_store(url, user)`: the database behind followup, migrated, as a `ports.Store`.

See `engine` for how SQLite and PostgreSQL are set up, `migrate` for how the schema is kept
current.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, exc

from followup.adapters.sql import migrate
from followup.adapters.sql.engine import make_engine, reason
from followup.adapters.sql.repository import SqlRepository
from followup.domain.errors import InvalidInput, StorageError


class SqlStore:
    """One user's view of the database: `transaction()` yields a repository (ports.Store)."""

    def __init__(self, engine: Engine, user: str) -> None:
        self.engine = engine
        self.user = user

    @contextmanager
    def transaction(self) -> Iterator[SqlRepository]:
        """Commit when the block ends normally; roll everything back when it raises."""
        try:
            with self.engine.begin() as connection:
                yield SqlRepository(connection, self.user)
        except exc.SQLAlchemyError as error:
            message = f"the database could not be read or written: {reason(error)}"
            raise StorageError(message) from error

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, user: str) -> SqlStore:
    """The store at `url` for `user`, its schema migrated to the current revision first."""
    if not user or not user.strip():
        raise InvalidInput("the user name must not be empty")
    engine = make_engine(url)
    try:
        migrate.upgrade_if_needed(engine)
    except BaseException:
        engine.dispose()
        raise
    return SqlStore(engine, user)
