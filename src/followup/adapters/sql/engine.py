"""A SQLAlchemy engine on followup's own connections, for migrating and for tests that inspect
the schema. Importing this module imports SQLAlchemy: the command path never does.

Its connections come from `Database.connect`'s driver set-up (`dialects`), so SQLite runs in
WAL mode with foreign keys on and a busy timeout, and every transaction starts with
BEGIN IMMEDIATE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from followup.adapters.sql.database import Database, parse
from followup.adapters.sql.dialects import Sqlite


def make_engine(database: Database | str) -> Engine:
    """An engine for `database` (or a URL: StorageError if followup cannot use it)."""
    if isinstance(database, str):
        database = parse(database)
    dialect, target = database.dialect, database.target
    engine = create_engine(
        dialect.sqlalchemy_url, creator=lambda: dialect.connect(target), poolclass=NullPool
    )
    if isinstance(dialect, Sqlite):
        event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # the driver's isolation_level is None
