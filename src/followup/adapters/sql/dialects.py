"""What differs between SQLite and PostgreSQL: connecting, beginning, parameters and values.

Statements are written once, with `:name` parameters; PostgreSQL's driver gets them as
`%(name)s`. Values travel through one function each way: `Dialect.bind` on the way in (enums
as their values, aware datetimes as UTC, dates, JSON documents), `Dialect.loader` on the way
out, chosen by the column's name (`MOMENTS`, `DAYS`, `DOCUMENTS`, `FLAGS`; a test checks them
against `tables.py`). SQLite stores moments as the text SQLAlchemy's DateTime writes
("2025-01-14 13:00:00.000000", UTC), dates as "2025-01-14", booleans as 0 or 1.
psycopg is imported only when a PostgreSQL database is used.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, ClassVar

from followup.domain.errors import StorageError

BUSY_TIMEOUT_SECONDS = 30

MOMENTS = frozenset(
    {"created_at", "start", "end", "at", "earliest", "due", "done_at", "last_interview"}
    | {"changed_at"}  # a step's
    | {"approved_at", "smtp_started_at", "sent_at"}  # the outbox's
)
DAYS = frozenset({"decision_by", "next_round", "contact_on"})
DOCUMENTS = frozenset({"skills", "settings", "recipients", "sources", "details"})
FLAGS = frozenset({"done"})

Load = Callable[[Any], Any]


class Dialect:
    """One database's driver, and how statements and values travel to it and back."""

    sqlalchemy_url: ClassVar[str]  # the dialect SQLAlchemy speaks, for migrating

    def connect(self, target: str) -> Any:
        raise NotImplementedError

    def errors(self) -> tuple[type[Exception], ...]:
        """The driver's error classes."""
        raise NotImplementedError

    def begin(self, raw: Any) -> None:
        """Start a transaction on `raw` (PostgreSQL's driver starts one by itself)."""

    def begin_reading(self, raw: Any) -> None:
        """Start a transaction that only reads (PostgreSQL: as any other, readers never wait)."""
        self.begin(raw)

    def end_reading(self, raw: Any) -> None:
        """After a transaction that only read has ended."""

    def idle(self, raw: Any) -> bool:
        """Whether `raw` is open and outside any transaction, fit to be used again."""
        raise NotImplementedError

    def statement(self, sql: str) -> str:
        return sql

    def bind(self, value: Any) -> Any:
        """`value` as this driver takes it."""
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"refusing to store a naive datetime ({value.isoformat()})")
            return self.moment(value.astimezone(UTC))
        if isinstance(value, date):
            return self.day(value)
        if isinstance(value, dict | list):
            return json.dumps(value)
        return value  # str, int, None; a bool is an int to SQLite

    def moment(self, utc: datetime) -> Any:
        return utc

    def day(self, value: date) -> Any:
        return value

    def loader(self, column: str) -> Load | None:
        """How to turn what the driver returns for `column` into its Python value."""
        raise NotImplementedError

    def days_before(self, moment: str, days: str) -> str:
        """SQL for the moment `moment` (an expression) less `days` (one) whole 24-hour days."""
        raise NotImplementedError


def _into_wal(raw: sqlite3.Connection) -> None:
    """Switch to WAL. On a new file opened by several processes at once SQLite may answer
    "database is locked" at once, without waiting (its busy handler is skipped there), so
    try again until the busy timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.01
    while True:
        try:
            raw.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class Sqlite(Dialect):
    sqlalchemy_url = "sqlite://"

    def connect(self, target: str) -> sqlite3.Connection:
        """WAL, foreign keys on, a busy timeout, and no implicit transactions: `begin` says
        BEGIN IMMEDIATE, so two processes queue for the write lock instead of failing."""
        uri = target.startswith("file:")
        if not uri:
            _make_folder(Path(target).parent)
        raw = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,  # a store hands a connection to one thread at a time
            uri=uri,
        )
        try:
            _into_wal(raw)
            raw.execute("PRAGMA synchronous=NORMAL")
            raw.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            raw.close()
            raise
        return raw

    def errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error,)

    def begin(self, raw: sqlite3.Connection) -> None:
        raw.execute("BEGIN IMMEDIATE")

    def begin_reading(self, raw: sqlite3.Connection) -> None:
        """BEGIN (deferred): no write lock, so readers never queue behind each other or a
        writer (WAL). query_only makes a write in it fail at once, instead of failing only
        when another connection happens to write at the same time."""
        raw.execute("PRAGMA query_only=ON")
        raw.execute("BEGIN")

    def end_reading(self, raw: sqlite3.Connection) -> None:
        raw.execute("PRAGMA query_only=OFF")

    def idle(self, raw: sqlite3.Connection) -> bool:
        try:
            return not raw.in_transaction
        except sqlite3.ProgrammingError:  # closed
            return False

    def moment(self, utc: datetime) -> str:
        return utc.replace(tzinfo=None).isoformat(" ", "microseconds")

    def day(self, value: date) -> str:
        return value.isoformat()

    def days_before(self, moment: str, days: str) -> str:
        # UTC text: the date and time less the days (SQLite's calendar has no zones), then the
        # microseconds as they were.
        return (
            f"datetime(substr({moment}, 1, 19), '-' || {days} || ' days') || substr({moment}, 20)"
        )

    def loader(self, column: str) -> Load | None:
        if column in MOMENTS:
            return _utc_text
        if column in DAYS:
            return date.fromisoformat
        if column in DOCUMENTS:
            return _document
        if column in FLAGS:
            return bool
        return None


class Postgres(Dialect):
    sqlalchemy_url = "postgresql+psycopg://"

    def connect(self, target: str) -> Any:
        import psycopg

        return psycopg.connect(target)

    def errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    def idle(self, raw: Any) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(raw.info.transaction_status == TransactionStatus.IDLE)

    def statement(self, sql: str) -> str:
        return _pyformat(sql)

    def loader(self, column: str) -> Load | None:
        return _utc if column in MOMENTS else None  # psycopg loads dates, JSON, booleans

    def days_before(self, moment: str, days: str) -> str:
        return f"{moment} - make_interval(hours => 24 * {days})"  # hours: not the zone's days


def _utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")  # UTC by construction; 5x faster than replace


_DECODE = json.JSONDecoder().raw_decode


def _document(text: str) -> Any:
    """A stored JSON document (json.dumps output: no surrounding space); twice json.loads' speed."""
    return _DECODE(text)[0]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@functools.lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s` (and a literal `%` as `%%`)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        why = "a file has that name" if isinstance(error, FileExistsError) else error.strerror
        raise StorageError(f"cannot create the folder {folder} for the database: {why}") from None
