"""Engines set up for followup, and how a database failure is worded for a person.

SQLite (`sqlite:///path`, the default for one person on a laptop) runs in WAL mode with
foreign keys on and a busy timeout; every transaction starts with BEGIN IMMEDIATE, so two
processes queue for the write lock instead of failing half-way. PostgreSQL (`postgresql://`,
`postgres://` or `postgresql+psycopg://`) goes through psycopg 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, exc, make_url

from followup.domain.errors import StorageError

BUSY_TIMEOUT_SECONDS = 30
_POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def make_engine(url: str) -> Engine:
    """An engine for `url`, set up for followup (StorageError if the URL cannot serve)."""
    try:
        parsed = make_url(_with_driver(url))
    except exc.ArgumentError:
        raise StorageError(
            "the database URL does not parse "
            "(use sqlite:///PATH/TO/followup.db or postgresql://HOST/DATABASE)"
        ) from None
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        if backend == "postgresql":
            return create_engine(parsed, pool_pre_ping=True)
    except (exc.SQLAlchemyError, ImportError) as error:
        raise StorageError(f"cannot use the database {where(parsed)}: {reason(error)}") from error
    raise StorageError(
        f"unsupported database {backend!r} (use sqlite:///PATH or postgresql://HOST/DATABASE)"
    )


def _with_driver(url: str) -> str:
    for prefix in _POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_engine(url: URL) -> Engine:
    path = url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        folder = Path(path).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            why = "a file has that name" if isinstance(error, FileExistsError) else error.strerror
            raise StorageError(
                f"cannot create the folder {folder} for the database: {why}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy, not the driver, says BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def where(url: URL) -> str:
    """The URL to name in a message (without its password)."""
    return url.render_as_string(hide_password=True)


def reason(error: BaseException) -> str:
    """The driver's first line about what went wrong, without SQLAlchemy's decoration."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
