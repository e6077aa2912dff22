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
import operator
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
    | {"debriefed_at"}  # an interview's
    | {"approved_at", "smtp_started_at", "sent_at"}  # the outbox's
    | {"attached_at"}  # a promise's attachment
    | {"made_at", "deleted_at"}  # an undo's, a deleted step's
    | {"claimed_at", "settled_at"}  # a job claim's
    | {"disabled_at", "seen_at", "expires_at", "ended_at", "used_at", "revoked_at"}  # accounts'
    | {"accepted_at", "read_at", "answered_at", "emailed_at"}  # invitations', coaching's
)
DAYS = frozenset({"decision_by", "next_round", "contact_on", "applied_at", "day"})
DOCUMENTS = frozenset(
    {"skills", "settings", "recipients", "sources", "details", "topics"}
    | {"state_before", "state_after", "step"}  # an undo's, a deleted step's
)
FLAGS = frozenset({"done", "share_drafts", "shared"})
PLAIN = frozenset({str, int, bool, float, type(None)})  # values every driver takes as they are

Load = Callable[[Any], Any]


@functools.cache
def insert(table: str, columns: tuple[str, ...], then: str = "") -> str:
    """`INSERT INTO table ("a", ...) VALUES (:a, ...) then`."""
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(f":{column}" for column in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) {then}".rstrip()


class Dialect:
    """One database's driver, and how statements and values travel to it and back."""

    sqlalchemy_url: ClassVar[str]  # the dialect SQLAlchemy speaks, for migrating

    def __init__(self) -> None:
        self._converters: dict[type, Load | None] = {}

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

    def execute_many(self, cursor: Any, statement: str, many: list[dict[str, Any]]) -> None:
        """The statement once for each of `many` (bound values)."""
        cursor.executemany(statement, many)

    def insert_many(self, cursor: Any, statement: str, many: list[dict[str, Any]]) -> list[int]:
        """An `INSERT ... RETURNING id` once for each of `many`: the ids, in order."""
        ids = []
        for values in many:
            cursor.execute(statement, values)
            ids.append(cursor.fetchone()[0])
        return ids

    def write(
        self, cursor: Any, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]]
    ) -> None:
        """Insert the rows (bound values, each with its id) into `table`."""
        cursor.executemany(self.statement(insert(table, columns)), rows)

    def lost(self, raw: Any, error: Exception) -> bool:
        """Whether `error` says the connection `raw` is gone (not the statement's fault)."""
        return False

    reserves_always = False  # whether ids are reserved before rows outside `deferring` too

    def reserve(
        self, table: str, count: int, scalars: Callable[[str], list[Any]], after: int
    ) -> list[int]:
        """`count` new ids for rows of `table`, each above `after` (one reserved before),
        which no other row takes (`scalars(sql)` runs a query)."""
        raise NotImplementedError

    def bind(self, value: Any) -> Any:
        """`value` as this driver takes it."""
        convert = self.converter(type(value))
        return value if convert is None else convert(value)

    def converter(self, kind: type) -> Load | None:
        """How `bind` turns a value of the type `kind` into the driver's (None: it does not),
        chosen once a type (`bind` runs for every value written)."""
        try:
            return self._converters[kind]
        except KeyError:
            pass
        convert: Load | None = None
        if kind in PLAIN:  # str, int, None; a bool is an int to SQLite
            convert = None
        elif issubclass(kind, Enum):
            convert = operator.attrgetter("value")
        elif issubclass(kind, datetime):
            convert = self._utc_moment
        elif issubclass(kind, date):
            convert = self.day
        elif issubclass(kind, dict | list):
            convert = json.dumps
        self._converters[kind] = convert
        return convert

    def _utc_moment(self, value: datetime) -> Any:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a naive datetime ({value.isoformat()})")
        return self.moment(value.astimezone(UTC))

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

    def microseconds(self, moment: str) -> str:
        """SQL for the moment `moment` (an expression) as whole microseconds since 1970 UTC."""
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

    reserves_always = True  # in the process: a query costs less than RETURNING's rows

    def reserve(
        self, table: str, count: int, scalars: Callable[[str], list[Any]], after: int
    ) -> list[int]:
        # The write lock is held (BEGIN IMMEDIATE): the next ids are those after the last ever
        # given (AUTOINCREMENT's rule), and explicit ids move sqlite_sequence past them. An
        # INSERT with RETURNING costs a row three times what executemany does.
        last = f"""SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0),
                           coalesce((SELECT max(id) FROM {table}), 0))"""
        first = max(int(scalars(last)[0]), after) + 1
        return list(range(first, first + count))

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

    def microseconds(self, moment: str) -> str:
        # The seconds of the date and time, then the six digits after them.
        return f"(strftime('%s', substr({moment}, 1, 19)) * 1000000 + substr({moment}, 21))"

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
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        # Without JIT compiling: followup's statements are short, and compiling one costs
        # more than it saves (17 ms of the insights' 30). Without parallel workers: starting
        # them costs more than a short statement gains, and a server answering many people
        # at once has no idle core for them (a coach's caseload: 14 ms with them, 9 without).
        given = conninfo_to_dict(target).get("options") or ""
        options = f"{given} -c jit=off -c max_parallel_workers_per_gather=0".strip()
        return psycopg.connect(make_conninfo(target, options=options))

    def errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    # psycopg sends executemany's statements in a pipeline, without waiting for each: a
    # round trip for them all, but setting the pipeline up costs three statements' time.
    _PIPELINED = 8

    def execute_many(self, cursor: Any, statement: str, many: list[dict[str, Any]]) -> None:
        if len(many) < self._PIPELINED:
            for values in many:
                cursor.execute(statement, values)
        else:
            cursor.executemany(statement, many)

    def insert_many(self, cursor: Any, statement: str, many: list[dict[str, Any]]) -> list[int]:
        if len(many) < self._PIPELINED:
            return super().insert_many(cursor, statement, many)
        cursor.executemany(statement, many, returning=True)
        ids = []
        while True:  # each statement's id in turn
            ids.append(cursor.fetchone()[0])
            if not cursor.nextset():
                return ids

    def write(
        self, cursor: Any, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]]
    ) -> None:
        # COPY: the rows as one stream, a few microseconds each. Row-level security (migration
        # 0015) refuses COPY into its tables: the rows go to a temporary table first, then in
        # with one INSERT, which the policy checks.
        names = ", ".join(f'"{column}"' for column in columns)
        cursor.execute(
            f"CREATE TEMPORARY TABLE followup_copy ON COMMIT DROP AS "
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY followup_copy ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM followup_copy")
        cursor.execute("DROP TABLE followup_copy")

    def lost(self, raw: Any, error: Exception) -> bool:
        import psycopg

        return isinstance(error, psycopg.OperationalError) and bool(raw.broken)

    def reserve(
        self, table: str, count: int, scalars: Callable[[str], list[Any]], after: int
    ) -> list[int]:
        # A sequence never gives a number twice (nor one below those it gave: above `after`).
        sequence = f"pg_get_serial_sequence('{table}', 'id')"
        return scalars(f"SELECT nextval({sequence}) FROM generate_series(1, {int(count)})")

    def idle(self, raw: Any) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(raw.info.transaction_status == TransactionStatus.IDLE)

    def statement(self, sql: str) -> str:
        return _pyformat(sql)

    def loader(self, column: str) -> Load | None:
        return _utc if column in MOMENTS else None  # psycopg loads dates, JSON, booleans

    def days_before(self, moment: str, days: str) -> str:
        return f"{moment} - make_interval(hours => 24 * {days})"  # hours: not the zone's days

    def microseconds(self, moment: str) -> str:
        return f"(EXTRACT(EPOCH FROM {moment}) * 1000000)::bigint"  # numeric: exact


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
