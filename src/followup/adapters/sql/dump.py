"""One user's rows as JSON-ready tables, and back: the storage side of `followup export/import`.

The tables, their order and their columns come from `tables.metadata`, so a table or column
added later travels without a change here: every table with a `user_id` column, parents before
children, rows by primary key, `user_id` left out. Values are converted by the column's type:
moments as ISO 8601 UTC, dates as ISO dates, JSON columns as JSON, bytes as base64, booleans as
booleans. Importing SQLAlchemy is fine here: only these rare commands import this module.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, LargeBinary, Table
from sqlalchemy.types import TypeEngine

from followup.adapters.sql.database import Connection, placeholders
from followup.adapters.sql.dialects import Postgres
from followup.adapters.sql.tables import metadata
from followup.domain.errors import Conflict, InvalidInput

Tables = dict[str, list[dict[str, Any]]]
_OWNER = "user_id"
_CHUNK = 500  # ids per `IN (...)` when looking for ids another user holds


def owned_tables() -> list[Table]:
    """The tables of one user's rows, parents before children."""
    return [table for table in metadata.sorted_tables if _OWNER in table.c]


def _key(table: Table) -> list[str]:
    return [column.name for column in table.primary_key if column.name != _OWNER]


def dump(connection: Connection, owner: int | None) -> Tables:
    """Every row of the user `owner` (None: a user who never wrote), table by table."""
    found: Tables = {}
    for table in owned_tables():
        found[table.name] = []
        if owner is None:
            continue
        names = [column.name for column in table.c if column.name != _OWNER]
        order = ", ".join(f'"{name}"' for name in _key(table)) or "1"
        listed = ", ".join(f'"{name}"' for name in names)
        query = f"SELECT {listed} FROM {table.name} WHERE {_OWNER} = :owner ORDER BY {order}"
        writers = {name: _to_json(table.c[name].type) for name in names}
        for row in connection.rows(query, {"owner": owner}):
            found[table.name].append(
                {name: None if v is None else writers[name](v) for name, v in row.items()}
            )
    return found


def has_rows(connection: Connection, owner: int | None) -> bool:
    if owner is None:
        return False
    return any(
        connection.scalar(
            f"SELECT 1 FROM {table.name} WHERE {_OWNER} = :owner LIMIT 1", {"owner": owner}
        )
        for table in owned_tables()
    )


def readable(schema: str) -> bool:
    """Whether an export made at the schema revision `schema` can be loaded: this followup's own
    revision or an older one it knows (its rows lack only columns added since)."""
    from alembic.script import ScriptDirectory

    from followup.adapters.sql.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return schema in {script.revision for script in scripts.walk_revisions()}


def load(connection: Connection, owner: int, data: Mapping[str, Any]) -> int:
    """Insert `data` (as `dump` wrote it) for `owner`, ids kept; return the rows written.

    Refuses (InvalidInput) an unknown table or column, a row missing a column the schema
    requires, and a value of the wrong kind; Conflict when another user holds one of the ids.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput("the export's tables are not a JSON object")
    tables = {table.name: table for table in owned_tables()}
    if unknown := sorted(set(data) - set(tables)):
        raise InvalidInput(f"the export has tables this followup does not know: {unknown}")
    prepared: dict[str, list[dict[str, Any]]] = {}
    for table in tables.values():  # every row read before any is written
        table_rows = data.get(table.name, [])
        if not isinstance(table_rows, list):
            raise InvalidInput(f"the export's {table.name} are not a JSON list")
        prepared[table.name] = [
            _prepared(table, number, row) for number, row in enumerate(table_rows, 1)
        ]
    written = 0
    for table in tables.values():
        _refuse_taken_ids(connection, table, prepared[table.name])
        for row in prepared[table.name]:
            params = {**row, _OWNER: owner}
            names = ", ".join(f'"{name}"' for name in params)
            values = ", ".join(f":{name}" for name in params)
            connection.execute(f"INSERT INTO {table.name} ({names}) VALUES ({values})", params)
        written += len(prepared[table.name])
        if (
            prepared[table.name]
            and "id" in table.c
            and isinstance(connection.database.dialect, Postgres)
        ):
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"
            )
    return written


def _prepared(table: Table, number: int, row: Any) -> dict[str, Any]:
    """The row's values as the driver takes them (refusing what the schema cannot hold)."""
    where = f"{table.name} row {number}"
    if not isinstance(row, Mapping):
        raise InvalidInput(f"{where} is not a JSON object")
    columns = {column.name: column for column in table.c if column.name != _OWNER}
    if unknown := sorted(set(row) - set(columns)):
        raise InvalidInput(f"{where} has columns this followup does not know: {unknown}")
    for name, column in columns.items():
        required = not column.nullable and column.server_default is None
        if name not in row and required and not (column.primary_key and name != "id"):
            raise InvalidInput(f"{where} lacks the column {name!r}")
    try:
        return {
            name: None if value is None else _from_json(columns[name].type)(value)
            for name, value in row.items()
        }
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{where} has a value of the wrong kind: {error}") from None


def _refuse_taken_ids(
    connection: Connection, table: Table, prepared: Sequence[dict[str, Any]]
) -> None:
    ids = [row["id"] for row in prepared if row.get("id") is not None]
    for start in range(0, len(ids), _CHUNK):
        listed, params = placeholders("id", ids[start : start + _CHUNK])
        taken = connection.scalar(
            f"SELECT id FROM {table.name} WHERE id IN {listed} LIMIT 1", params
        )
        if taken is not None:
            raise Conflict(
                f"the id {taken} of the export's {table.name} is taken by another user's row: "
                "import into an empty database"
            )


# -- values ------------------------------------------------------------------------------


def _to_json(kind: TypeEngine[Any]) -> Callable[[Any], Any]:
    if isinstance(kind, DateTime) or _decorates(kind, DateTime):
        return _moment_text
    if isinstance(kind, Date) or _decorates(kind, Date):
        return lambda value: value if isinstance(value, str) else value.isoformat()
    if isinstance(kind, JSON):
        return lambda value: json.loads(value) if isinstance(value, str | bytes) else value
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64encode(bytes(value)).decode("ascii")
    return lambda value: str(value) if isinstance(value, Decimal) else value


def _from_json(kind: TypeEngine[Any]) -> Callable[[Any], Any]:
    if isinstance(kind, DateTime) or _decorates(kind, DateTime):
        return _moment
    if isinstance(kind, Date) or _decorates(kind, Date):
        return lambda value: date.fromisoformat(_text(value))
    if isinstance(kind, JSON):
        return lambda value: json.dumps(value, ensure_ascii=False)  # the driver stores text
    if isinstance(kind, Boolean):
        return _flag
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64decode(_text(value), validate=True)
    return _plain


def _decorates(kind: TypeEngine[Any], base: type[TypeEngine[Any]]) -> bool:
    return isinstance(getattr(kind, "impl", None), base)


def _moment_text(value: datetime | str) -> str:
    if isinstance(value, str):  # a SQLite column `dialects` does not know as a moment
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(f"the moment {value!r} has no UTC offset")
    return moment


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{value!r} is not true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise TypeError(f"{value!r} is not a plain value")
    return value
