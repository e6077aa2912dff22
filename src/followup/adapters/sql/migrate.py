"""Keeping the schema current: automatically, safely, and without importing SQLAlchemy needlessly.

The fast path reads `alembic_version` with one plain query on the store's own connection and
compares it to HEAD_REVISION. Only when they differ are SQLAlchemy and Alembic imported, and the
upgrade runs on an engine of its own (disposed afterwards) under a lock that a second process
starting at the same moment waits for (SQLite: BEGIN IMMEDIATE, the write lock; PostgreSQL:
`pg_advisory_xact_lock`); it then finds the schema current and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from followup.adapters.sql.database import Connection, Database
from followup.domain.errors import StorageError

if TYPE_CHECKING:
    import sqlalchemy
    from alembic.config import Config

HEAD_REVISION = "0015"  # the newest file in migrations/versions (a test keeps them equal)
MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x666F6C6C6F777570  # "followup" as a bigint: the advisory lock for migrating


def upgrade_if_needed(connection: Connection) -> None:
    """Bring the schema to HEAD_REVISION. The driver's errors propagate (`open_store` words
    them); a database newer than this followup is a StorageError."""
    if current_revision(connection) != HEAD_REVISION:
        _upgrade(connection.database)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for an empty one. Leaves no transaction open."""
    try:
        revision: str | None = connection.scalar("SELECT version_num FROM alembic_version")
    except connection.database.dialect.errors():
        revision = None  # no table yet; anything worse shows again in _upgrade
    finally:
        connection.rollback()
    return revision


def alembic_config(
    connection: sqlalchemy.Connection | None = None, url: str | None = None
) -> Config:
    """Alembic's configuration for followup's migrations, run on `connection` or at `url`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _upgrade(database: Database) -> None:
    from sqlalchemy import exc

    from followup.adapters.sql.engine import make_engine

    engine = make_engine(database)
    try:
        with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
            _upgrade_on(connection, database)
    except exc.DBAPIError as error:
        raise (error.orig or error) from error  # the driver's error, for open_store to word
    finally:
        engine.dispose()


def _upgrade_on(connection: sqlalchemy.Connection, database: Database) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    current = MigrationContext.configure(connection).get_current_revision()
    if current == HEAD_REVISION:
        return  # another process migrated while this one waited for the lock
    config = alembic_config(connection)
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"the database {database.where} is at revision {current!r}, newer than this "
            "followup knows: upgrade followup"
        )
    command.upgrade(config, "head")
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise StorageError(f"migrating left {len(broken)} rows with broken references")


@contextmanager
def _foreign_keys_off(connection: sqlalchemy.Connection) -> Iterator[None]:
    """On SQLite, turn foreign keys off around a migration (outside its transaction, the only
    place the switch works): rebuilding a table in batch mode would otherwise cascade deletes.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.cursor().execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.cursor().execute("PRAGMA foreign_keys=ON")
