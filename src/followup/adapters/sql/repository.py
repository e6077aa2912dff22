"""`SqlRepository`: one user's data over one connection inside one transaction (ports.Repository).

Every query filters by the user's id. The user's row is created on the first write; until then
reads find nothing. Unknown ids raise NotFound with one sentence naming the id. Each statement
is written once for SQLite and PostgreSQL, with `:name` parameters (see `database`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from followup.adapters.sql import rows
from followup.adapters.sql.database import Connection, placeholders
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.model import (
    ACTIVE_STAGES,
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    Profile,
    Stage,
    Step,
    StepStatus,
    Touch,
)

_ACTIVE, _ACTIVE_STAGES = placeholders("stage", sorted(ACTIVE_STAGES))

_SUMMARIES = """
SELECT a.id, a.company, a.role, a.stage, a.source, a.created_at,
       i.start AS last_interview, i.timezone AS last_interview_timezone
FROM applications AS a
LEFT JOIN interviews AS i ON i.id = (
    SELECT j.id FROM interviews AS j
    WHERE j.application_id = a.id
    ORDER BY j.start DESC, j.id DESC
    LIMIT 1
)
WHERE a.user_id = :owner
ORDER BY a.id
"""


def _assign(columns: Iterable[str], value: str) -> str:
    """`"a" = <a's value>, ...`, where `value` spells a column's value: ":{}", 'excluded."{}"'."""
    return ", ".join(f'"{column}" = {value.format(column)}' for column in columns)


_EXCLUDED = 'excluded."{}"'  # the value an upsert's INSERT would have written


@functools.cache
def _insert(table: str, columns: tuple[str, ...], then: str = "RETURNING id") -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(f":{column}" for column in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values}) {then}"


@functools.cache
def _update(table: str, columns: tuple[str, ...]) -> str:
    """Set `columns` of the row :id of the user :owner."""
    return f"UPDATE {table} SET {_assign(columns, ':{}')} WHERE id = :id AND user_id = :owner"


class SqlRepository:
    """ports.Repository for the user named `user`, on `connection` (already in a transaction)."""

    def __init__(self, connection: Connection, user: str) -> None:
        self.connection = connection
        self._user = user
        self._user_id: int | None = None

    # -- the user's row ------------------------------------------------------------------

    def _owner(self) -> int | None:
        """The user's id, or None while the user has never written anything."""
        if self._user_id is None:
            query = "SELECT id FROM users WHERE name = :name"
            self._user_id = self.connection.scalar(query, {"name": self._user})
        return self._user_id

    def _writer(self) -> int:
        """The user's id, creating the user's row on the first write."""
        owner = self._owner()
        if owner is None:
            values = {"name": self._user, "created_at": datetime.now(UTC)}
            query = _insert("users", tuple(values), "ON CONFLICT (name) DO NOTHING")
            self.connection.execute(query, values)
            owner = self._owner()
            assert owner is not None
        return owner

    def _mine(
        self, table: str, where: str = "", order: str = "id", **params: Any
    ) -> Sequence[rows.Row]:
        """The user's rows of `table` meeting `where` (" AND ..."), in `order`."""
        owner = self._owner()
        if owner is None:
            return []
        query = f"SELECT * FROM {table} WHERE user_id = :owner{where} ORDER BY {order}"
        return self.connection.rows(query, {**params, "owner": owner})

    def _one(self, table: str, what: str, id_: int) -> rows.Row:
        found = self._mine(table, " AND id = :id", id=id_)
        if not found:
            raise NotFound(f"no {what} with id {id_}")
        return found[0]

    def _insert_many(
        self, table: str, owner: int, values: Iterable[dict[str, Any]], **common: Any
    ) -> list[int]:
        ids = []
        for value in values:
            params = {**value, **common, "user_id": owner}
            ids.append(self.connection.scalar(_insert(table, tuple(params)), params))
        return ids

    def _application_owner(self, application_id: int) -> int:
        """The user's id, once the application is known to be theirs (NotFound otherwise)."""
        self._one("applications", "application", application_id)
        return self._writer()

    # -- profile -------------------------------------------------------------------------

    def get_profile(self) -> Profile | None:
        found = self._mine("profiles", order="user_id")
        return rows.profile(found[0]) if found else None

    def save_profile(self, profile: Profile) -> Profile:
        values = rows.profile_row(profile)
        replace = f"ON CONFLICT (user_id) DO UPDATE SET {_assign(values, _EXCLUDED)}"
        params = {"user_id": self._writer(), **values}
        self.connection.execute(_insert("profiles", tuple(params), replace), params)
        return rows.profile(values)

    # -- applications --------------------------------------------------------------------

    def add_application(self, application: Application) -> Application:
        owner = self._writer()
        [app_id] = self._insert_many("applications", owner, [rows.application_row(application)])
        parts: list[tuple[str, Callable[[Any], dict[str, Any]], tuple[Any, ...]]] = [
            ("interviews", rows.interview_row, application.interviews),
            ("contacts", rows.contact_row, application.contacts),
            ("promises", rows.promise_row, application.promises),
            ("touches", rows.touch_row, application.touches),
            ("decisions", rows.decision_row, application.decisions),
            ("steps", rows.step_row, application.steps),
        ]
        for table, to_row, items in parts:
            self._insert_many(table, owner, map(to_row, items), application_id=app_id)
        return self.get_application(app_id)

    def get_application(self, application_id: int) -> Application:
        row = self._one("applications", "application", application_id)

        def children(table: str, order: str = "id") -> Sequence[rows.Row]:
            where = " AND application_id = :application_id"
            return self._mine(table, where, order, application_id=application_id)

        return rows.application(
            row,
            interviews=tuple(map(rows.interview, children("interviews"))),
            contacts=tuple(map(rows.contact, children("contacts"))),
            promises=tuple(map(rows.promise, children("promises"))),
            touches=tuple(map(rows.touch, children("touches", '"at", id'))),
            steps=tuple(map(rows.step, children("steps"))),
            decisions=tuple(map(rows.decision, children("decisions", '"at", id'))),
        )

    def list_applications(self) -> list[ApplicationSummary]:
        owner = self._owner()
        if owner is None:
            return []
        return [rows.summary(row) for row in self.connection.rows(_SUMMARIES, {"owner": owner})]

    def count_active_applications(self) -> int:
        owner = self._owner()
        if owner is None:
            return 0
        query = f"SELECT count(*) FROM applications WHERE user_id = :owner AND stage IN {_ACTIVE}"
        return int(self.connection.scalar(query, {**_ACTIVE_STAGES, "owner": owner}))

    def set_stage(self, application_id: int, stage: Stage) -> None:
        owner = self._application_owner(application_id)
        params = {"stage": stage, "id": application_id, "owner": owner}
        self.connection.execute(_update("applications", ("stage",)), params)

    # -- events --------------------------------------------------------------------------

    def add_touch(self, application_id: int, touch: Touch) -> Touch:
        owner = self._application_owner(application_id)
        values = rows.touch_row(touch)
        [id_] = self._insert_many("touches", owner, [values], application_id=application_id)
        return rows.touch({**values, "id": id_})

    def add_decision(self, application_id: int, decision: Decision) -> Decision:
        owner = self._application_owner(application_id)
        values = rows.decision_row(decision)
        self._insert_many("decisions", owner, [values], application_id=application_id)
        return rows.decision(values)

    # -- steps ---------------------------------------------------------------------------

    def save_steps(self, application_id: int, steps: Sequence[Step]) -> list[Step]:
        owner = self._application_owner(application_id)
        mine = {"application_id": application_id, "owner": owner}
        where = "application_id = :application_id AND user_id = :owner"
        stored = set(self.connection.scalars(f"SELECT id FROM steps WHERE {where}", mine))
        kept = [s.id for s in steps if s.id is not None]
        for id_ in kept:
            if id_ not in stored:
                raise NotFound(f"no step with id {id_} in application {application_id}")
        if len(set(kept)) != len(kept):
            raise InvalidInput("the same step is given twice")
        if gone := stored - set(kept):
            listed, ids = placeholders("id", sorted(gone))
            query = f"DELETE FROM steps WHERE {where} AND id IN {listed}"
            self.connection.execute(query, {**mine, **ids})
        for step in steps:
            if step.id is not None:
                values = rows.step_row(step)
                params = {**values, "id": step.id, "owner": owner}
                self.connection.execute(_update("steps", tuple(values)), params)
        new = [rows.step_row(s) for s in steps if s.id is None]
        new_ids = iter(self._insert_many("steps", owner, new, application_id=application_id))
        return [
            rows.step(
                {
                    **rows.step_row(s),
                    "application_id": application_id,
                    "id": s.id if s.id is not None else next(new_ids),
                }
            )
            for s in steps
        ]

    def get_step(self, step_id: int) -> Step:
        return rows.step(self._one("steps", "step", step_id))

    def steps_with_status(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[Step]:
        if not statuses:
            return []
        listed, params = placeholders("status", statuses)
        where = f" AND status IN {listed} AND earliest < :before"
        found = self._mine("steps", where, "due, id", before=earliest_before, **params)
        return [rows.step(row) for row in found]

    # -- contacts ------------------------------------------------------------------------

    def list_contacts(self) -> list[Contact]:
        return [rows.contact(row) for row in self._mine("contacts")]

    def get_contact(self, contact_id: int) -> Contact:
        return rows.contact(self._one("contacts", "contact", contact_id))

    def update_contact(self, contact: Contact) -> Contact:
        """Update the contact's details; which application it belongs to stays as stored."""
        if contact.id is None:
            raise InvalidInput("a contact needs its id to be updated")
        stored = self.get_contact(contact.id)
        values = rows.contact_row(contact)
        params = {**values, "id": contact.id, "owner": self._owner()}
        self.connection.execute(_update("contacts", tuple(values)), params)
        kept = {"id": contact.id, "application_id": stored.application_id}
        return rows.contact({**values, **kept})
