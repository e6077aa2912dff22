"""One user's rows as JSON-ready tables, and back: the storage side of `followup export/import`.

The tables, their order and their columns come from `tables.metadata`, so a table or column
added later travels without a change here: every table with a `user_id` column, parents before
children, rows by primary key, `user_id` left out. Values are converted by the column's type:
moments as ISO 8601 UTC, dates as ISO dates, JSON columns as JSON, bytes as base64, booleans as
booleans. Importing SQLAlchemy is fine here: only these rare commands import this module.

`load` trusts nothing it is given: every value is checked by its column's type (an integer, a
text the database can hold, a moment or day in 1970..2100), every row is built into its domain
object as input from a person is (`imported.py`), and every reference names a row of the same
export, all before the first row is written. The first wrong value is named by its table, its
row (counted from 0, as `jq '.tables.applications[3]'` counts) and its column:
`applications[3].stage: unknown stage 'hacked' (...)`.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, String, Table
from sqlalchemy.types import TypeEngine

from followup.adapters.sql import imported
from followup.adapters.sql.database import Connection, placeholders
from followup.adapters.sql.dialects import Postgres, insert
from followup.adapters.sql.tables import metadata
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.values import check_day, check_moment

Tables = dict[str, list[dict[str, Any]]]
_OWNER = "user_id"
_CHUNK = 500  # ids per `IN (...)` when looking for ids another user holds


# Kept a while, to undo an action or cancel a deleted step's event; the worker's claims; the
# mail account, whose passwords only this server's secret_key opens: not the user's data.
_NOT_EXPORTED = {"undos", "deleted_steps", "job_claims", "mail_accounts"}


def owned_tables() -> list[Table]:
    """The tables of one user's rows, parents before children (undos aside)."""
    return [
        table
        for table in metadata.sorted_tables
        if _OWNER in table.c and table.name not in _NOT_EXPORTED
    ]


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


def load(
    connection: Connection, owner: int, data: Mapping[str, Any], renumber: bool = False
) -> int:
    """Insert `data` (as `dump` wrote it) for `owner`, ids kept; return the rows written.
    With `renumber` (a database other users share: server mode) each row gets a new id
    instead, and every reference to it follows (`_renumber`).

    Refuses (InvalidInput, naming the first wrong value) an unknown table or column, a row
    missing a column the schema requires, a value of the wrong kind, a row its domain object
    refuses, and a reference to a row the export does not hold; Conflict when another user
    holds one of the ids. Nothing is written unless every row is right.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput("the export's tables are not a JSON object")
    tables = {table.name: table for table in owned_tables()}
    if unknown := sorted(set(data) - set(tables)):
        raise InvalidInput(f"the export has tables this followup does not know: {unknown}")
    values: dict[str, list[dict[str, Any]]] = {}
    for table in tables.values():  # every row read before any is written
        table_rows = data.get(table.name, [])
        if not isinstance(table_rows, list):
            raise InvalidInput(f"the export's {table.name} are not a JSON list")
        values[table.name] = [_values(table, index, row) for index, row in enumerate(table_rows)]
    _refuse_dangling(tables, values)
    imported.check(values)
    if renumber:
        _renumber(connection, tables, values)
    written = 0
    for table in tables.values():
        prepared = [_driver(table, row) for row in values[table.name]]
        if not renumber:
            _refuse_taken_ids(connection, table, prepared)
        # A statement run for each stretch of rows with the same columns (one round trip).
        owned = [{**row, _OWNER: owner} for row in prepared]
        for columns, stretch in itertools.groupby(owned, key=_columns):
            connection.execute_many(insert(table.name, columns), list(stretch))
        written += len(prepared)
        postgres = isinstance(connection.database.dialect, Postgres)
        if prepared and "id" in table.c and postgres and not renumber:
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"
            )
    return written


def _columns(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(row)


def _values(table: Table, index: int, row: Any) -> dict[str, Any]:
    """The row's values as Python values (JSON columns as JSON values), each checked against
    its column's type; InvalidInput naming the row and column of the first that is wrong."""
    where = f"{table.name}[{index}]"
    if not isinstance(row, Mapping):
        raise InvalidInput(f"{where} is not a JSON object")
    columns = {column.name: column for column in table.c if column.name != _OWNER}
    if unknown := sorted(set(row) - set(columns)):
        raise InvalidInput(f"{where} has columns this followup does not know: {unknown}")
    for name, column in columns.items():
        required = not column.nullable and column.server_default is None
        if name not in row and required and not (column.primary_key and name != "id"):
            raise InvalidInput(f"{where} lacks the column {name!r}")
    found: dict[str, Any] = {}
    for name, value in row.items():
        column = columns[name]
        try:
            if value is None and not column.nullable:
                raise ValueError("it must have a value")
            found[name] = None if value is None else _from_json(column.type)(value)
        except (TypeError, ValueError, OverflowError) as error:
            raise InvalidInput(f"{where}.{name} has a value of the wrong kind: {error}") from None
        except InvalidInput as error:
            raise InvalidInput(f"{where}.{name}: {error}") from None
    return found


def _driver(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The values as the driver takes them: JSON columns as JSON text."""
    return {
        name: json.dumps(value, ensure_ascii=False)
        if value is not None and isinstance(table.c[name].type, JSON)
        else value
        for name, value in row.items()
    }


def _refuse_dangling(
    tables: Mapping[str, Table], values: Mapping[str, list[dict[str, Any]]]
) -> None:
    """Each id given once in its table, and each reference to a row of the export (another
    user's row, or none, would be attached to otherwise)."""
    ids: dict[str, set[int]] = {}
    for name, table in tables.items():
        if "id" not in table.c:
            continue
        ids[name] = set()
        for index, row in enumerate(values[name]):
            if row["id"] in ids[name]:
                raise InvalidInput(f"{name}[{index}].id: the id {row['id']} is given twice")
            ids[name].add(row["id"])
    for name, table in tables.items():
        for column in table.c:
            referred = {key.column.table.name for key in column.foreign_keys} & set(ids)
            for target in referred:
                for index, row in enumerate(values[name]):
                    value = row.get(column.name)
                    if value is not None and value not in ids[target]:
                        raise InvalidInput(
                            f"{name}[{index}].{column.name}: the export holds no {target} row "
                            f"with the id {value}"
                        )


# The ids a step's key names (domain/planner.py): `thank-you:i12:c34`, `send-promised:p5`.
_KEY_IDS = re.compile(r"(?<=:)([icp])(\d+)(?=:|$)")
_KEYED = {"i": "interviews", "c": "contacts", "p": "promises"}


def _renumber(
    connection: Connection, tables: Mapping[str, Table], values: dict[str, list[dict[str, Any]]]
) -> None:
    """New ids for every row (from the database's own, so no other user's row has them; in
    the export's order), and every reference moved to them: the foreign keys, a step's
    recipients' `contact_id` and the ids its key names. The export was checked whole first:
    every reference names one of its rows."""
    dialect = connection.database.dialect
    fresh: dict[str, dict[int, int]] = {}
    for name, table in tables.items():
        if "id" in table.c and values[name]:
            old = sorted(row["id"] for row in values[name])
            new = dialect.reserve(name, len(old), connection.scalars, 0)
            fresh[name] = dict(zip(old, (int(id_) for id_ in new), strict=True))
    for name, table in tables.items():
        moved = [
            (column.name, fresh[key.column.table.name])
            for column in table.c
            for key in column.foreign_keys
            if key.column.table.name in fresh
        ]
        for row in values[name]:
            if name in fresh:
                row["id"] = fresh[name][row["id"]]
            for column_name, ids in moved:
                if row.get(column_name) is not None:
                    row[column_name] = ids[row[column_name]]
    for step in values.get("steps", []):
        step["key"] = _KEY_IDS.sub(lambda found: _moved(fresh, found), step["key"])
        for recipient in step.get("recipients") or []:
            if isinstance(recipient, dict) and recipient.get("contact_id") is not None:
                recipient["contact_id"] = fresh.get("contacts", {}).get(recipient["contact_id"])


def _moved(fresh: Mapping[str, Mapping[int, int]], found: re.Match[str]) -> str:
    letter, number = found.group(1), int(found.group(2))
    return f"{letter}{fresh.get(_KEYED[letter], {}).get(number, number)}"


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
        return _day
    if isinstance(kind, JSON):
        return _document
    if isinstance(kind, Boolean):
        return _flag
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64decode(_text(value), validate=True)
    if isinstance(kind, Integer):
        return _integer
    if isinstance(kind, String):  # Text too
        return lambda value: _storable(_text(value), getattr(kind, "length", None))
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
    check_day(moment.date(), "the moment")  # before it is moved to UTC: year 1 overflows
    return check_moment(moment.astimezone(UTC), "the moment")


def _day(value: Any) -> date:
    return check_day(date.fromisoformat(_text(value)), "the day")


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{value!r} is not true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _integer(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a whole number")
    if not -(2**63) <= value < 2**63:
        raise ValueError(f"{value} is beyond 64 bits")
    return value


# What no database column may hold: NUL (PostgreSQL refuses it in text) and lone surrogates
# (they are not UTF-8). Whatever else a column refuses, its domain object says (`imported`).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(text: str, length: int | None = None) -> str:
    if length is not None and len(text) > length:
        raise InvalidInput(f"{len(text):,} characters where the column holds {length}")
    if bad := _UNSTORABLE.search(text):
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate code point"
        raise InvalidInput(f"the text holds {what}, which no database column can")
    return text


_DEEPEST = 32  # levels of lists and objects in a JSON column (followup's own use two or three)


def _document(value: Any, depth: int = 0) -> Any:
    """A JSON column's value, if every text in it (keys too) can be stored, not too deep."""
    if depth > _DEEPEST:
        raise InvalidInput(f"its value is nested more than {_DEEPEST} levels deep")
    if isinstance(value, str):
        _storable(value)
    elif isinstance(value, list):
        for item in value:
            _document(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(_text(key))
            _document(item, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number JSON can hold")
    elif value is not None and not isinstance(value, bool | int | float):
        raise TypeError(f"{value!r} is not a JSON value")
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise TypeError(f"{value!r} is not a plain value")
    return value
