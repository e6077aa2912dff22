"""`SqlRepository`: one user's data over one connection inside one transaction (ports.Repository).

Every query filters by the user's id. The user's row is created on the first write; until then
reads find nothing. Unknown ids raise NotFound with one sentence naming the id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, bindparam, delete, func, select, update
from sqlalchemy.sql.dml import Insert

from followup.adapters.sql import rows
from followup.adapters.sql.tables import (
    applications,
    contacts,
    decisions,
    interviews,
    profiles,
    promises,
    steps,
    touches,
    users,
)
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
            query = select(users.c.id).where(users.c.name == self._user)
            self._user_id = self.connection.scalar(query)
        return self._user_id

    def _writer(self) -> int:
        """The user's id, creating the user's row on the first write."""
        owner = self._owner()
        if owner is None:
            values = {"name": self._user, "created_at": datetime.now(UTC)}
            self.connection.execute(self._upsert(users).values(values).on_conflict_do_nothing())
            owner = self._owner()
            assert owner is not None
        return owner

    def _upsert(self, table: Table) -> Any:
        """An INSERT that takes ON CONFLICT clauses (SQLite and PostgreSQL spell them alike)."""
        if self.connection.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            return postgresql.insert(table)
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)

    def _mine(
        self, table: Table, *criteria: ColumnElement[bool], by: str | None = None
    ) -> list[rows.Row]:
        """The user's rows of `table` meeting `criteria`, by `by` (if given), then primary key."""
        owner = self._owner()
        if owner is None:
            return []
        order = [table.c[by]] if by else []
        query = (
            select(table)
            .where(table.c.user_id == owner, *criteria)
            .order_by(*order, *table.primary_key)
        )
        return [row._mapping for row in self.connection.execute(query)]

    def _one(self, table: Table, what: str, id_: int) -> rows.Row:
        found = self._mine(table, table.c.id == id_)
        if not found:
            raise NotFound(f"no {what} with id {id_}")
        return found[0]

    def _insert_many(
        self, table: Table, owner: int, values: Iterable[dict[str, Any]], **common: Any
    ) -> list[int]:
        params = [{**v, **common, "user_id": owner} for v in values]
        if not params:
            return []
        query: Insert = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(self.connection.scalars(query, params))

    def _application_owner(self, application_id: int) -> int:
        """The user's id, once the application is known to be theirs (NotFound otherwise)."""
        self._one(applications, "application", application_id)
        return self._writer()

    # -- profile -------------------------------------------------------------------------

    def get_profile(self) -> Profile | None:
        found = self._mine(profiles)
        return rows.profile(found[0]) if found else None

    def save_profile(self, profile: Profile) -> Profile:
        values = rows.profile_row(profile)
        query = self._upsert(profiles).values(user_id=self._writer(), **values)
        self.connection.execute(
            query.on_conflict_do_update(index_elements=["user_id"], set_=values)
        )
        return rows.profile(values)

    # -- applications --------------------------------------------------------------------

    def add_application(self, application: Application) -> Application:
        owner = self._writer()
        [app_id] = self._insert_many(applications, owner, [rows.application_row(application)])
        parts: list[tuple[Table, Callable[[Any], dict[str, Any]], tuple[Any, ...]]] = [
            (interviews, rows.interview_row, application.interviews),
            (contacts, rows.contact_row, application.contacts),
            (promises, rows.promise_row, application.promises),
            (touches, rows.touch_row, application.touches),
            (decisions, rows.decision_row, application.decisions),
            (steps, rows.step_row, application.steps),
        ]
        for table, to_row, items in parts:
            self._insert_many(table, owner, map(to_row, items), application_id=app_id)
        return self.get_application(app_id)

    def get_application(self, application_id: int) -> Application:
        row = self._one(applications, "application", application_id)

        def children(table: Table, by: str | None = None) -> list[rows.Row]:
            return self._mine(table, table.c.application_id == application_id, by=by)

        return rows.application(
            row,
            interviews=tuple(map(rows.interview, children(interviews))),
            contacts=tuple(map(rows.contact, children(contacts))),
            promises=tuple(map(rows.promise, children(promises))),
            touches=tuple(map(rows.touch, children(touches, by="at"))),
            steps=tuple(map(rows.step, children(steps))),
            decisions=tuple(map(rows.decision, children(decisions, by="at"))),
        )

    def list_applications(self) -> list[ApplicationSummary]:
        owner = self._owner()
        if owner is None:
            return []
        latest = (
            select(interviews.c.start, interviews.c.timezone)
            .where(interviews.c.application_id == applications.c.id)
            .order_by(interviews.c.start.desc(), interviews.c.id.desc())
            .limit(1)
            .correlate(applications)
        )
        a = applications.c
        query = (
            select(
                a.id,
                a.company,
                a.role,
                a.stage,
                a.source,
                a.created_at,
                latest.with_only_columns(interviews.c.start)
                .scalar_subquery()
                .label("last_interview"),
                latest.with_only_columns(interviews.c.timezone)
                .scalar_subquery()
                .label("last_interview_timezone"),
            )
            .where(a.user_id == owner)
            .order_by(a.id)
        )
        return [rows.summary(row._mapping) for row in self.connection.execute(query)]

    def count_active_applications(self) -> int:
        owner = self._owner()
        if owner is None:
            return 0
        query = select(func.count()).where(
            applications.c.user_id == owner,
            applications.c.stage.in_([stage.value for stage in ACTIVE_STAGES]),
        )
        return int(self.connection.scalar(query) or 0)

    def set_stage(self, application_id: int, stage: Stage) -> None:
        owner = self._application_owner(application_id)
        query = update(applications).where(
            applications.c.id == application_id, applications.c.user_id == owner
        )
        self.connection.execute(query.values(stage=stage.value))

    # -- events --------------------------------------------------------------------------

    def add_touch(self, application_id: int, touch: Touch) -> Touch:
        owner = self._application_owner(application_id)
        values = rows.touch_row(touch)
        [id_] = self._insert_many(touches, owner, [values], application_id=application_id)
        return rows.touch({**values, "id": id_})

    def add_decision(self, application_id: int, decision: Decision) -> Decision:
        owner = self._application_owner(application_id)
        values = rows.decision_row(decision)
        self._insert_many(decisions, owner, [values], application_id=application_id)
        return rows.decision(values)

    # -- steps ---------------------------------------------------------------------------

    def save_steps(self, application_id: int, steps_: Sequence[Step]) -> list[Step]:
        owner = self._application_owner(application_id)
        where = (steps.c.application_id == application_id, steps.c.user_id == owner)
        stored = set(self.connection.scalars(select(steps.c.id).where(*where)))
        kept = [s.id for s in steps_ if s.id is not None]
        for id_ in kept:
            if id_ not in stored:
                raise NotFound(f"no step with id {id_} in application {application_id}")
        if len(set(kept)) != len(kept):
            raise InvalidInput("the same step is given twice")
        if gone := stored - set(kept):
            self.connection.execute(delete(steps).where(*where, steps.c.id.in_(gone)))
        changed = [{**rows.step_row(s), "step_id": s.id} for s in steps_ if s.id is not None]
        if changed:
            query = update(steps).where(*where, steps.c.id == bindparam("step_id"))
            self.connection.execute(query, changed)
        new = [rows.step_row(s) for s in steps_ if s.id is None]
        new_ids = iter(self._insert_many(steps, owner, new, application_id=application_id))
        return [
            rows.step(
                {
                    **rows.step_row(s),
                    "application_id": application_id,
                    "id": s.id if s.id is not None else next(new_ids),
                }
            )
            for s in steps_
        ]

    def get_step(self, step_id: int) -> Step:
        return rows.step(self._one(steps, "step", step_id))

    def steps_with_status(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[Step]:
        owner = self._owner()
        if owner is None or not statuses:
            return []
        query = (
            select(steps)
            .where(
                steps.c.user_id == owner,
                steps.c.status.in_([status.value for status in statuses]),
                steps.c.earliest < earliest_before,
            )
            .order_by(steps.c.due, steps.c.id)
        )
        return [rows.step(row._mapping) for row in self.connection.execute(query)]

    # -- contacts ------------------------------------------------------------------------

    def list_contacts(self) -> list[Contact]:
        return [rows.contact(row) for row in self._mine(contacts)]

    def get_contact(self, contact_id: int) -> Contact:
        return rows.contact(self._one(contacts, "contact", contact_id))

    def update_contact(self, contact: Contact) -> Contact:
        """Update the contact's details; which application it belongs to stays as stored."""
        if contact.id is None:
            raise InvalidInput("a contact needs its id to be updated")
        owner = self._owner()
        stored = self.get_contact(contact.id)
        query = update(contacts).where(contacts.c.id == contact.id, contacts.c.user_id == owner)
        self.connection.execute(query.values(rows.contact_row(contact)))
        kept = {"id": contact.id, "application_id": stored.application_id}
        return rows.contact({**rows.contact_row(contact), **kept})
