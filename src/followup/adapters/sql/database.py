"""The database a URL names, and plain DB-API connections to it (`sqlite3` or psycopg 3).

    database = parse("sqlite:///path/followup.db")  # or postgresql://HOST/DATABASE
    connection = database.connect()
    with connection.transaction():
        connection.rows("SELECT * FROM users WHERE name = :name", {"name": "alice"})

Every statement goes through `Connection._execute`, which translates its parameters and
binds its values for the driver (`dialects`); `rows` loads values back by column name.
`Database.failures` is the one place a driver's error becomes a StorageError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from followup.adapters.files import create_private
from followup.adapters.sql.dialects import Dialect, Postgres, Sqlite, insert
from followup.config.settings import hide_password
from followup.domain.errors import InvalidInput, StorageError

Params = Mapping[str, Any]

_URL = re.compile(r"(?P<scheme>[\w+]+)://(?P<rest>.*)", re.DOTALL)
_DIALECTS: dict[str, Dialect] = {
    "sqlite": Sqlite(),
    "sqlite+pysqlite": Sqlite(),
    "postgresql": Postgres(),
    "postgres": Postgres(),
    "postgresql+psycopg": Postgres(),
}


class Database:
    """What a URL names: the dialect, what its driver connects to, and how to name it.

    (A plain class: a dataclass would cost a millisecond of every command's start.)
    """

    def __init__(self, dialect: Dialect, target: str, where: str) -> None:
        self.dialect = dialect
        self.target = target  # SQLite: a path or a file: URI; PostgreSQL: a libpq URI
        self.where = where  # the URL to name in a message, its password hidden
        # A SQLite file (not a URI): made private before SQLite would create it
        self.file = target if isinstance(dialect, Sqlite) and not target.startswith("file:") else ""

    def connect(self) -> Connection:
        if self.file:
            create_private(self.file)
        return Connection(self, self.dialect.connect(self.target))

    @contextmanager
    def failures(self, doing: str, *also: type[Exception]) -> Iterator[None]:
        """Turn the driver's errors (and `also`) inside the block into StorageError."""
        try:
            yield
        except (*self.dialect.errors(), *also) as error:
            raise StorageError(f"{doing}: {reason(error)}") from error


def parse(url: str) -> Database:
    """The database `url` names (StorageError when followup cannot use it)."""
    match = _URL.fullmatch(url)
    if match is None:
        raise StorageError(
            "the database URL does not parse "
            "(use sqlite:///PATH/TO/followup.db or postgresql://HOST/DATABASE)"
        )
    scheme, rest = match["scheme"], match["rest"]
    dialect = _DIALECTS.get(scheme)
    if isinstance(dialect, Sqlite):
        return Database(dialect, _sqlite_target(rest), f"sqlite://{rest}")
    if isinstance(dialect, Postgres):
        where = hide_password(f"postgresql+psycopg://{rest}")
        return Database(dialect, f"postgresql://{rest}", where)
    raise StorageError(
        f"unsupported database {scheme!r} (use sqlite:///PATH or postgresql://HOST/DATABASE)"
    )


def _sqlite_target(rest: str) -> str:
    """sqlite:///relative.db, sqlite:////absolute.db, sqlite:///file:PATH?mode=ro&uri=true,
    or sqlite:// (in memory, shared by the store's connections while one is open)."""
    path, _, query = rest.removeprefix("/").partition("?")
    options = [option for option in query.split("&") if option]
    if not path or path == ":memory:":
        import uuid

        return f"file:followup-{uuid.uuid4().hex}?mode=memory&cache=shared"
    if "uri=true" in options:
        options.remove("uri=true")
        path = path if path.startswith("file:") else f"file:{path}"
        return f"{path}?{'&'.join(options)}" if options else path
    if options:
        raise StorageError(
            f"unsupported options {query!r} in the SQLite URL (only SQLite URIs take options: "
            "sqlite:///file:PATH?mode=ro&uri=true)"
        )
    return path


def reason(error: BaseException) -> str:
    """The driver's first line about what went wrong."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class Connection:
    """One DB-API connection: statements with `:name` parameters, values converted both ways."""

    def __init__(self, database: Database, raw: Any) -> None:
        self.database = database
        self.raw = raw  # the driver's connection
        self._dialect = database.dialect
        self.wrote = False  # a statement other than SELECT ran (SqlStore resets it)
        self._first = False  # no statement has run yet in this transaction
        self._began: Callable[[Any], None] = self._dialect.begin  # how it began
        # In `deferring`: the rows to write by (table, columns), the ids reserved by table.
        self._pending: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] | None = None
        self._reserved: dict[str, list[int]] | None = None
        self._order: Sequence[str] = ()

    def _execute(self, sql: str, params: Params | None) -> Any:
        """The one way a statement reaches the driver; returns the cursor."""
        bind = self._dialect.bind
        values = {name: bind(value) for name, value in (params or {}).items()}
        return self._run(sql, lambda cursor, statement: cursor.execute(statement, values))

    def _run(self, sql: str, run: Callable[[Any, str], object]) -> Any:
        """`run(cursor, statement)` on a new cursor, which it returns. The first statement of
        a transaction on a connection kept from before is run again once on a new connection
        when the old one turns out to be lost (the server restarted, or ended the session):
        nothing had been done on it yet (`Dialect.lost`)."""
        if self._pending:
            self._flush()
        if not self.wrote and sql.lstrip()[:6].upper() != "SELECT":
            self.wrote = True
        statement = self._dialect.statement(sql)
        cursor = self.raw.cursor()
        try:
            run(cursor, statement)
        except OverflowError:  # an id or number beyond 64 bits: no such row can exist
            cursor.close()
            raise InvalidInput("a number given is too large (ids fit in 64 bits)") from None
        except Exception as error:
            if not (self._first and self._dialect.lost(self.raw, error)):
                raise
            lost, self.raw = self.raw, self._dialect.connect(self.database.target)
            lost.close()
            self._began(self.raw)
            cursor = self.raw.cursor()
            run(cursor, statement)
        self._first = False
        return cursor

    def execute(self, sql: str, params: Params | None = None) -> None:
        self._execute(sql, params).close()

    def execute_many(self, sql: str, many: Sequence[Params]) -> None:
        """The statement once for each of `many` (with PostgreSQL, in one round trip)."""
        if many:
            values = self._bound(many)
            self._run(sql, lambda cursor, s: self._dialect.execute_many(cursor, s, values)).close()

    def insert_many(self, table: str, many: Sequence[Params]) -> list[int]:
        """Insert a row into `table` for each of `many` (each with the same columns): their
        ids, in order. With ids reserved first (`Dialect.reserve`), the rows go in one
        statement run for them all; in `deferring`, they are kept to go with the others."""
        if not many:
            return []
        values = self._bound(many)
        ids = self._ids(table, len(values))
        if ids is None:
            found: list[int] = []
            sql = insert(table, tuple(values[0]), "RETURNING id")
            self._run(
                sql, lambda cursor, s: found.extend(self._dialect.insert_many(cursor, s, values))
            ).close()
            return found
        rows = [{"id": id_, **row} for row, id_ in zip(values, ids, strict=True)]
        if self._pending is not None:
            self._pending.setdefault((table, tuple(rows[0])), []).extend(rows)
        else:
            self._write(table, tuple(rows[0]), rows)
        return ids

    def _ids(self, table: str, count: int) -> list[int] | None:
        """`count` ids for new rows of `table`: reserved now (SQLite: the write lock is held,
        nobody else inserts), or, in `deferring`, from those reserved a few hundred at a time
        (PostgreSQL: reserving is a round trip); None when they cannot be."""
        if self._reserved is None:
            if self._dialect.reserves_always:
                return self._dialect.reserve(table, count, self.scalars, 0)
            return None
        kept = self._reserved.setdefault(table, [])
        if len(kept) < count:
            more = max(count - len(kept), _RESERVED)
            kept.extend(self._dialect.reserve(table, more, self.scalars, kept[-1] if kept else 0))
        taken, self._reserved[table] = kept[:count], kept[count:]
        return taken

    def _write(self, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """Insert the rows (bound values, ids given)."""
        statement = f"INSERT INTO {table}"  # what `_run` sees; the dialect writes its own
        self._run(
            statement, lambda cursor, _: self._dialect.write(cursor, table, columns, rows)
        ).close()

    def _flush(self) -> None:
        """Write the rows kept by `deferring`, table by table, parents first."""
        assert self._pending is not None
        pending, self._pending = self._pending, {}
        rank = {table: n for n, table in enumerate(self._order)}
        for (table, columns), rows in sorted(
            pending.items(), key=lambda item: rank.get(item[0][0], len(rank))
        ):
            self._write(table, columns, rows)

    @contextmanager
    def deferring(self, order: Sequence[str]) -> Iterator[None]:
        """For writing many rows: inside the block, the rows `insert_many` is given are kept
        (their ids reserved ahead) and written together, a statement a table (PostgreSQL:
        COPY), tables in `order` (parents first): before any other statement runs, so it
        sees them, and when the block ends. A row's error surfaces there. Ids reserved and
        left over are not used."""
        self._pending, self._reserved, self._order = {}, {}, order
        try:
            yield
            self._flush()
        finally:
            self._pending = self._reserved = None

    def _bound(self, many: Sequence[Params]) -> list[dict[str, Any]]:
        """The rows' values as the driver takes them (`Dialect.bind`, its steps inlined)."""
        converter = self._dialect.converter
        return [
            {
                name: value if (convert := converter(type(value))) is None else convert(value)
                for name, value in row.items()
            }
            for row in many
        ]

    def rows(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        """Every row as a dict by column name, each value loaded by its column's kind."""
        cursor = self._execute(sql, params)
        records = cursor.fetchall()
        names = [column[0] for column in cursor.description]
        loaders = [
            (index, load)
            for index, name in enumerate(names)
            if (load := self._dialect.loader(name)) is not None
        ]
        found = []
        for record in records:
            values = list(record)
            for index, load in loaders:
                if values[index] is not None:
                    values[index] = load(values[index])
            found.append(dict(zip(names, values, strict=True)))
        cursor.close()
        return found

    def scalars(self, sql: str, params: Params | None = None) -> list[Any]:
        """The first column of every row."""
        return [next(iter(row.values())) for row in self.rows(sql, params)]

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        """The first column of the first row; None without rows."""
        found = self.scalars(sql, params)
        return found[0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Commit when the block ends normally; roll back when it raises."""
        self._dialect.begin(self.raw)
        self._first, self._began = True, self._dialect.begin
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self.raw.commit()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A transaction that only reads (`Dialect.begin_reading`): ended by a rollback,
        as it has nothing to write."""
        self._dialect.begin_reading(self.raw)
        self._first, self._began = True, self._dialect.begin_reading
        try:
            yield self
        finally:
            self.rollback()
            self._dialect.end_reading(self.raw)

    def rollback(self) -> None:
        """End the transaction without writing (none open: nothing happens)."""
        self.raw.rollback()

    @property
    def idle(self) -> bool:
        """Open and outside any transaction: fit to be used again."""
        return self._dialect.idle(self.raw)

    def close(self) -> None:
        self.raw.close()


_RESERVED = 256  # ids reserved at a time in `deferring`


def placeholders(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`(:name_0, :name_1, ...)` and its parameters: for `column IN` a list of values."""
    params = {f"{name}_{index}": value for index, value in enumerate(values)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params
