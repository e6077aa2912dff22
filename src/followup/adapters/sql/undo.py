"""Undos in the database: the stored state of some applications as JSON values (`snapshot`),
put back as it was (`restore`), and the `undos` rows that keep an action's before and after.
Also the steps of a deleted application, kept as JSON values for the calendar (`bury_steps`).

A snapshot holds what an action may change: each application's row (its stage), and its
touches', decisions' and steps' rows, every column as stored (moments as ISO 8601 UTC, days as
ISO dates), so that two snapshots of the same state are equal, on SQLite and PostgreSQL alike.
Restoring writes back only what differs; a step row that changes (or comes back, deleted since)
goes a revision on and is changed now, so a calendar replaces its event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from followup.adapters.sql import rows
from followup.adapters.sql.database import Connection, placeholders
from followup.adapters.sql.dialects import DAYS, MOMENTS, insert
from followup.domain.model import StepStatus
from followup.domain.undo import Undo
from followup.ports import RevisedStep

BURIED_FOR = timedelta(days=30)  # ics.CLOSED_KEPT: how long a closed step stays in a calendar

PARTS = ("touches", "decisions", "steps")  # an application's rows an action may add or change
_HISTORY = ("revision", "changed_at")  # a step's, which storage moves itself
_NOT_KEPT = ("user_id",)


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in MOMENTS:
        return datetime.fromisoformat(value)
    if column in DAYS:
        return date.fromisoformat(value)
    return value


def _row(found: dict[str, Any]) -> dict[str, Any]:
    return {name: _json(v) for name, v in found.items() if name not in _NOT_KEPT}


def snapshot(connection: Connection, owner: int, application_ids: Sequence[int]) -> Any:
    """The applications' rows and their touches', decisions' and steps', by id."""
    listed, ids = placeholders("application", sorted(set(application_ids)))
    mine = {**ids, "owner": owner}
    taken: dict[str, Any] = {}
    for table, column in (("applications", "id"), *((part, "application_id") for part in PARTS)):
        query = f"SELECT * FROM {table} WHERE user_id = :owner AND {column} IN {listed} ORDER BY id"
        taken[table] = [_row(found) for found in connection.rows(query, mine)]
    taken["ids"] = sorted(set(application_ids))
    return taken


def restore(connection: Connection, owner: int, before: Any, changed_at: datetime) -> None:
    """Make the rows of `before`'s applications what it holds, writing only what differs."""
    now = snapshot(connection, owner, before["ids"])
    for row in before["applications"]:
        if row not in now["applications"]:
            _write(connection, owner, "applications", row, update=True)
    for table in PARTS:
        current = {row["id"]: row for row in now[table]}
        wanted = {row["id"]: row for row in before[table]}
        if gone := sorted(current.keys() - wanted.keys()):
            listed, ids = placeholders("id", gone)
            query = f"DELETE FROM {table} WHERE user_id = :owner AND id IN {listed}"
            connection.execute(query, {**ids, "owner": owner})
        for id_, row in wanted.items():
            stored = current.get(id_)
            if table == "steps":
                if stored is not None and _content(stored) == _content(row):
                    continue
                revision = (stored or row)["revision"] + 1
                row = {**row, "revision": revision, "changed_at": changed_at.isoformat()}
            elif stored == row:
                continue
            _write(connection, owner, table, row, update=stored is not None)


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return {name: v for name, v in row.items() if name not in _HISTORY}


def _write(
    connection: Connection, owner: int, table: str, row: dict[str, Any], update: bool
) -> None:
    values = {name: _value(name, v) for name, v in row.items()}
    if update:
        changes = ", ".join(f'"{name}" = :{name}' for name in values if name != "id")
        query = f"UPDATE {table} SET {changes} WHERE id = :id AND user_id = :owner"
        connection.execute(query, {**values, "owner": owner})
    else:
        params = {**values, "user_id": owner}
        connection.execute(insert(table, tuple(params)), params)


# -- the undos' rows ---------------------------------------------------------------------


def keep(connection: Connection, owner: int, undo: Undo, forget_before: datetime) -> None:
    connection.execute(
        "DELETE FROM undos WHERE user_id = :owner AND made_at < :before",
        {"owner": owner, "before": forget_before},
    )
    values = {
        "user_id": owner,
        "application_id": undo.application_id,
        "token": undo.token,
        "what": undo.what,
        "made_at": undo.made_at,
        "state_before": undo.before,
        "state_after": undo.after,
    }
    connection.execute(insert("undos", tuple(values)), values)


def latest(connection: Connection, owner: int, since: datetime) -> Undo | None:
    query = (
        "SELECT * FROM undos WHERE user_id = :owner AND made_at >= :since "
        "ORDER BY made_at DESC, id DESC LIMIT 1"
    )
    found = connection.rows(query, {"owner": owner, "since": since})
    return _undo(found[0]) if found else None


def find(connection: Connection, owner: int, token: str) -> Undo | None:
    query = "SELECT * FROM undos WHERE user_id = :owner AND token = :token"
    found = connection.rows(query, {"owner": owner, "token": token})
    return _undo(found[0]) if found else None


def forget(connection: Connection, owner: int, token: str) -> None:
    query = "DELETE FROM undos WHERE user_id = :owner AND token = :token"
    connection.execute(query, {"owner": owner, "token": token})


def _undo(row: dict[str, Any]) -> Undo:
    return Undo(
        token=row["token"],
        what=row["what"],
        application_id=row["application_id"],
        application_ids=tuple(row["state_before"]["ids"]),
        made_at=row["made_at"],
        before=row["state_before"],
        after=row["state_after"],
    )


# -- the steps of deleted applications ---------------------------------------------------


def bury_steps(connection: Connection, owner: int, application_id: int, now: datetime) -> None:
    """Keep the application's steps (before it is deleted) for `BURIED_FOR`, and forget those
    kept longer."""
    connection.execute(
        "DELETE FROM deleted_steps WHERE user_id = :owner AND deleted_at < :before",
        {"owner": owner, "before": now - BURIED_FOR},
    )
    query = "SELECT * FROM steps WHERE user_id = :owner AND application_id = :id ORDER BY id"
    found = connection.rows(query, {"owner": owner, "id": application_id})
    kept = [{"user_id": owner, "step": _row(r), "deleted_at": now} for r in found]
    if kept:
        connection.execute_many(insert("deleted_steps", tuple(kept[0])), kept)


def buried_steps(connection: Connection, owner: int, since: datetime) -> list[RevisedStep]:
    """The steps of applications deleted at or after `since`, each cancelled then: one
    revision on, changed when it was deleted."""
    query = "SELECT * FROM deleted_steps WHERE user_id = :owner AND deleted_at >= :since"
    buried = []
    for found in connection.rows(query, {"owner": owner, "since": since}):
        values = {name: _value(name, v) for name, v in found["step"].items()}
        step = replace(rows.step(values), status=StepStatus.CANCELLED)
        buried.append(RevisedStep(step, values["revision"] + 1, found["deleted_at"]))
    return buried
