"""`SqlRepository`: one user's data over one connection inside one transaction (ports.Repository).

Every query filters by the user's id. The user's row is created on the first write; until then
reads find nothing. Unknown ids raise NotFound with one sentence naming the id. Each statement
is written once for SQLite and PostgreSQL, with `:name` parameters (see `database`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from followup.adapters.sql import rows, undo
from followup.adapters.sql.database import Connection, placeholders
from followup.adapters.sql.dialects import MOMENTS, insert
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.model import (
    ACTIVE_STAGES,
    AUTO_REPLY,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    Interview,
    Profile,
    Promise,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.planner import company_key
from followup.domain.replies import MailIndex, Reply, mail_index
from followup.domain.undo import Undo
from followup.ports import DueWindow, Repository, RevisedStep, StoredStep

if TYPE_CHECKING:
    from followup.domain.board import Card
    from followup.domain.insights import Insights
    from followup.domain.messages import Attachment
    from followup.domain.outbox import OutboxEntry, OutboxState
    from followup.domain.promised import Promised

Clock = Callable[[], datetime]

# The tables the repository inserts into, each after those it refers to (a test checks it
# against tables.py): the order rows kept by `Connection.deferring` are written in.
WRITE_ORDER = (
    "applications",
    "interviews",
    "contacts",
    "interview_people",
    "promises",
    "promise_attachments",
    "touches",
    "decisions",
    "steps",
    "outbox",
    "undos",
    "deleted_steps",
)

_ACTIVE, _ACTIVE_STAGES = placeholders("stage", sorted(ACTIVE_STAGES))
_OUTBOX_MOVES = ("state", "smtp_started_at", "sent_at", "confirmed_by", "error")
_CLOSED, _CLOSED_STATUSES = placeholders("status", sorted(CLOSED_STATUSES))
_OPEN, _OPEN_STATUSES = placeholders("open", sorted(OPEN_STATUSES))
_ENDED, _ENDED_STATUSES = placeholders("ended", sorted(set(StepStatus) - OPEN_STATUSES))
# The steps a calendar is given (`calendar_steps`): the open ones, and those closed lately.
_CALENDAR_STEPS = f"""
SELECT * FROM steps WHERE user_id = :owner AND (status IN {_OPEN}
    OR (status IN {_ENDED} AND COALESCE(done_at, changed_at) >= :since))
ORDER BY id
"""

_SUMMARIES = """
SELECT a.id, a.company, a.role, a.stage, a.source, a.created_at, a.applied_at,
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


# Each application's latest activity, to choose among applications sharing a contact's address.
_ACTIVITY = """
SELECT a.id, a.stage, a.created_at,
       (SELECT max(i."end") FROM interviews AS i WHERE i.application_id = a.id) AS "end",
       (SELECT max(t."at") FROM touches AS t
        WHERE t.application_id = a.id AND (t.outcome IS NULL OR t.outcome <> :auto)) AS "at",
       (SELECT max(s.done_at) FROM steps AS s WHERE s.application_id = a.id) AS done_at
FROM applications AS a
WHERE a.user_id = :owner
"""

# The applications with anything in [start, end): made (recorded then, or applied for on a day
# near it: the caller decides in its time zone), an interview starting, a touch, a step done,
# a decision.
_ACTIVE_BETWEEN = """
SELECT * FROM applications WHERE user_id = :owner AND id IN (
    SELECT id FROM applications WHERE user_id = :owner
        AND (created_at >= :start AND created_at < :end OR applied_at BETWEEN :first AND :last)
    UNION SELECT application_id FROM interviews
        WHERE user_id = :owner AND start >= :start AND start < :end
    UNION SELECT application_id FROM touches
        WHERE user_id = :owner AND "at" >= :start AND "at" < :end
    UNION SELECT application_id FROM steps
        WHERE user_id = :owner AND done_at >= :start AND done_at < :end
    UNION SELECT application_id FROM decisions
        WHERE user_id = :owner AND "at" >= :start AND "at" < :end)
ORDER BY id
"""
_BATCH = 500  # applications read whole at once: their ids in one statement

# Replies with no act of the user after them: the rule of `planner.unanswered`.
_UNANSWERED = f"""
SELECT t.id, t.channel, t.direction, t."at", t.outcome, t.note, t.message_id, t.contact_id,
       t.application_id, a.company, a.role, c.name AS contact_name, c.email AS contact_email,
       a.stage, EXISTS (SELECT 1 FROM decisions AS e WHERE e.application_id = a.id) AS decided
FROM touches AS t
JOIN applications AS a ON a.id = t.application_id
LEFT JOIN contacts AS c ON c.id = t.contact_id
WHERE t.user_id = :owner AND t.direction = 'in' AND (t.outcome IS NULL OR t.outcome <> :auto)
AND NOT EXISTS (SELECT 1 FROM touches AS o WHERE o.application_id = t.application_id
                AND o.direction = 'out' AND o."at" > t."at")
AND NOT EXISTS (SELECT 1 FROM steps AS s WHERE s.application_id = t.application_id
                AND s.status IN {_CLOSED} AND s.done_at > t."at")
AND NOT EXISTS (SELECT 1 FROM decisions AS d WHERE d.application_id = t.application_id
                AND d."at" > t."at")
ORDER BY t."at" DESC, t.id DESC
"""


def _assign(columns: Iterable[str], value: str) -> str:
    """`"a" = <a's value>, ...`, where `value` spells a column's value: ":{}", 'excluded."{}"'."""
    return ", ".join(f'"{column}" = {value.format(column)}' for column in columns)


_EXCLUDED = 'excluded."{}"'  # the value an upsert's INSERT would have written


@functools.cache
def _update(table: str, columns: tuple[str, ...]) -> str:
    """Set `columns` of the row :id of the user :owner."""
    return f"UPDATE {table} SET {_assign(columns, ':{}')} WHERE id = :id AND user_id = :owner"


@functools.cache
def _revise_step(columns: tuple[str, ...]) -> str:
    """Set `columns` of the step :id of the user :owner, one revision on, changed :changed_at."""
    changes = f"{_assign(columns, ':{}')}, revision = revision + 1, changed_at = :changed_at"
    return f"UPDATE steps SET {changes} WHERE id = :id AND user_id = :owner"


def _real_time() -> datetime:
    return datetime.now(UTC)


def _new_step_row(step: Step, changed_at: datetime) -> dict[str, Any]:
    """A new step's row: revision 0 (the column's default), changed `changed_at`."""
    return {**rows.step_row(step), "changed_at": changed_at}


_UNREAD: Any = object()  # the profile, before it is read


def _as_read(row: dict[str, Any]) -> dict[str, Any]:
    """The values of a row as reading it back gives them: moments in UTC (stored so), so
    that the objects built from it are those `get_application` builds."""
    return {
        name: value.astimezone(UTC) if name in MOMENTS and value is not None else value
        for name, value in row.items()
    }


class SqlRepository(Repository):
    """Every storage port (`ports.Repository`) for the user named `user`, on `connection`
    (already in a transaction). `clock` says when a step row changes (its `changed_at`; the
    real time when None)."""

    def __init__(self, connection: Connection, user: str, clock: Clock | None = None) -> None:
        self.connection = connection
        self._user = user
        self._user_id: int | None = None
        self._clock = clock or _real_time
        self._profile: Profile | None = _UNREAD
        # The applications added in this transaction, with their steps' rows as stored (what
        # `save_steps` would read: it writes them, and nothing else does).
        self._fresh: dict[int, dict[int, rows.Row]] = {}
        # company_key -> the ids of the user's applications there, read once a transaction
        # (`applications_at`): the key is Python's casefold, which SQL cannot index.
        self._companies: dict[str, list[int]] | None = None

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
            query = insert("users", tuple(values), "ON CONFLICT (name) DO NOTHING")
            self.connection.execute(query, values)
            owner = self._owner()
            assert owner is not None
        return owner

    def _mine(
        self, table: str, where: str = "", order: str = "id", columns: str = "*", **params: Any
    ) -> Sequence[rows.Row]:
        """The user's rows of `table` meeting `where` (" AND ..."), in `order`."""
        owner = self._owner()
        if owner is None:
            return []
        query = f"SELECT {columns} FROM {table} WHERE user_id = :owner{where} ORDER BY {order}"
        return self.connection.rows(query, {**params, "owner": owner})

    def _one(self, table: str, what: str, id_: int) -> rows.Row:
        found = self._mine(table, " AND id = :id", id=id_)
        if not found:
            raise NotFound(f"no {what} with id {id_}")
        return found[0]

    def _insert_many(
        self, table: str, owner: int, values: Iterable[dict[str, Any]], **common: Any
    ) -> list[int]:
        """Insert the rows (each with `common` and the owner): their ids, in order. One
        statement run for them all (with PostgreSQL, one round trip)."""
        many = [{**value, **common, "user_id": owner} for value in values]
        if not many:
            return []
        return self.connection.insert_many(table, many)

    def _put_mine(self, table: str, values: dict[str, Any]) -> None:
        """Insert or replace the user's one row of `table` (keyed by user_id)."""
        replace = f"ON CONFLICT (user_id) DO UPDATE SET {_assign(values, _EXCLUDED)}"
        params = {"user_id": self._writer(), **values}
        self.connection.execute(insert(table, tuple(params), replace), params)

    def _application_owner(self, application_id: int) -> int:
        """The user's id, once the application is known to be theirs (NotFound otherwise)."""
        if application_id not in self._fresh:
            self._one("applications", "application", application_id)
        return self._writer()

    # -- profile -------------------------------------------------------------------------

    def get_profile(self) -> Profile | None:
        if self._profile is _UNREAD:  # read once a transaction: every replan asks for it
            found = self._mine("profiles", order="user_id")
            self._profile = rows.profile(found[0]) if found else None
        return self._profile

    def save_profile(self, profile: Profile) -> Profile:
        values = rows.profile_row(profile)
        self._put_mine("profiles", values)
        self._profile = rows.profile(values)
        return self._profile

    # -- applications --------------------------------------------------------------------

    def add_application(self, application: Application) -> Application:
        """Store the aggregate, one statement a table for all its rows there; return it as
        `get_application` would read it, built from what was written."""
        owner = self._writer()
        values = rows.application_row(application)
        [app_id] = self._insert_many("applications", owner, [values])
        mine = {"application_id": app_id}
        parts: list[tuple[str, Callable[[Any], dict[str, Any]], Callable[[rows.Row], Any]]] = [
            ("interviews", rows.interview_row, rows.interview),
            ("contacts", rows.contact_row, rows.contact),
            ("promises", rows.promise_row, rows.promise),
            ("touches", rows.touch_row, rows.touch),
            ("decisions", rows.decision_row, rows.decision),
            ("steps", functools.partial(_new_step_row, changed_at=self._clock()), rows.step),
        ]
        children = {}
        for table, to_row, load in parts:
            written = [to_row(item) for item in getattr(application, table)]
            ids = self._insert_many(table, owner, written, **mine)
            read = [_as_read({**row, **mine, "id": i}) for row, i in zip(written, ids, strict=True)]
            if table in ("touches", "decisions"):  # as get_application orders them
                read.sort(key=lambda row: (row["at"], row["id"]))
            children[table] = tuple(map(load, read))
            if table == "steps":
                self._fresh[app_id] = {row["id"]: row for row in read}
        if self._companies is not None:
            self._companies.setdefault(company_key(application.company), []).append(app_id)
        return rows.application(_as_read({**values, "id": app_id}), **children)

    def get_application(self, application_id: int) -> Application:
        [whole] = self._whole([self._one("applications", "application", application_id)])
        return whole

    def _whole(self, found: Sequence[rows.Row]) -> list[Application]:
        """The applications of these rows, whole, in their order: each table of their parts
        read once for as many as one statement may name (`_BATCH`)."""
        return [
            whole
            for first in range(0, len(found), _BATCH)
            for whole in self._batch(found[first : first + _BATCH])
        ]

    def _batch(self, batch: Sequence[rows.Row]) -> list[Application]:
        listed, ids = placeholders("application", [r["id"] for r in batch])

        def children(table: str, order: str = "id") -> dict[int, list[rows.Row]]:
            grouped: dict[int, list[rows.Row]] = {r["id"]: [] for r in batch}
            where = f" AND application_id IN {listed}"
            for row in self._mine(table, where, order, **ids):
                grouped[row["application_id"]].append(row)
            return grouped

        interviews = children("interviews")
        met = self._met([i for part in interviews.values() for i in part])
        contacts, promises = children("contacts"), children("promises")
        touches, steps = children("touches", '"at", id'), children("steps")
        decisions = children("decisions", '"at", id')
        return [
            rows.application(
                row,
                interviews=tuple(
                    rows.interview(i, tuple(met.get(i["id"], ()))) for i in interviews[key]
                ),
                contacts=tuple(map(rows.contact, contacts[key])),
                promises=tuple(map(rows.promise, promises[key])),
                touches=tuple(map(rows.touch, touches[key])),
                steps=tuple(map(rows.step, steps[key])),
                decisions=tuple(map(rows.decision, decisions[key])),
            )
            for row in batch
            for key in [row["id"]]
        ]

    def applications_active(self, start: datetime, end: datetime) -> list[Application]:
        owner = self._owner()
        if owner is None:
            return []
        window = {
            "owner": owner,
            "start": start,
            "end": end,
            "first": start.astimezone(UTC).date() - timedelta(days=1),
            "last": end.astimezone(UTC).date() + timedelta(days=1),
        }
        found = self.connection.rows(_ACTIVE_BETWEEN, window)
        return self._whole(found)

    def _met(self, found: Sequence[rows.Row]) -> dict[int, list[int]]:
        """The ids of the people met at each of these interviews, by the interview's id."""
        met: dict[int, list[int]] = {}
        if found:
            listed, ids = placeholders("interview", [r["id"] for r in found])
            where = f" AND interview_id IN {listed}"
            for link in self._mine("interview_people", where, "id", **ids):
                met.setdefault(link["interview_id"], []).append(link["contact_id"])
        return met

    def add_interview(
        self, application_id: int, interview: Interview, promises: Sequence[Promise] = ()
    ) -> Interview:
        owner = self._application_owner(application_id)
        values = rows.interview_row(interview)
        [id_] = self._insert_many("interviews", owner, [values], application_id=application_id)
        made = [rows.promise_row(dataclasses.replace(p, interview_id=id_)) for p in promises]
        self._insert_many("promises", owner, made, application_id=application_id)
        self.tie(id_, interview.met)
        return rows.interview({**values, "id": id_}, tuple(dict.fromkeys(interview.met)))

    def tie(
        self, interview_id: int, contact_ids: Sequence[int], promise_ids: Sequence[int] = ()
    ) -> None:
        application_id = self._one("interviews", "interview", interview_id)["application_id"]
        owner = self._writer()
        for contact_id in dict.fromkeys(contact_ids):
            if self._one("contacts", "contact", contact_id)["application_id"] != application_id:
                raise InvalidInput(
                    f"contact {contact_id} is not one of application {application_id}'s people"
                )
            link: dict[str, Any] = {"interview_id": interview_id, "contact_id": contact_id}
            known = " AND interview_id = :interview_id AND contact_id = :contact_id"
            if not self._mine("interview_people", known, **link):
                self._insert_many("interview_people", owner, [link])
        for promise_id in promise_ids:
            query = _update("promises", ("interview_id",)) + (
                " AND application_id = :application_id RETURNING id"
            )
            params = {"interview_id": interview_id, "id": promise_id, "owner": owner}
            if self.connection.scalar(query, {**params, "application_id": application_id}) is None:
                raise NotFound(f"no promise with id {promise_id} in application {application_id}")

    def applications_at(self, company: str, besides: int | None = None) -> list[Application]:
        if self._companies is None:
            self._companies = {}
            for row in self._mine("applications", columns="id, company"):
                self._companies.setdefault(company_key(row["company"]), []).append(row["id"])
        found = self._companies.get(company_key(company), [])
        return [self.get_application(id_) for id_ in found if id_ != besides]

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

    def companies(self, application_ids: Collection[int]) -> dict[int, str]:
        if not application_ids:
            return {}
        listed, params = placeholders("id", sorted(application_ids))
        found = self._mine("applications", f" AND id IN {listed}", "id", "id, company", **params)
        return {r["id"]: r["company"] for r in found}

    def insights(self, now: datetime, window_days: int) -> Insights:
        from followup.adapters.sql import insights  # only here, as the domain's

        return insights.count(self.connection, self._owner(), now, window_days)

    def board(self, now: datetime) -> list[Card]:
        from followup.adapters.sql import board  # only here: the agenda needs none

        return board.cards(self.connection, self._owner(), self.list_applications(), now)

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

    # -- mail ----------------------------------------------------------------------------

    def mail_index(self) -> MailIndex:
        owner = self._owner()
        if owner is None:
            return MailIndex()
        mine = {"owner": owner}
        messages = self.connection.rows(
            "SELECT message_id, application_id FROM touches "
            "WHERE user_id = :owner AND message_id IS NOT NULL",
            mine,
        )
        contacts = self.connection.rows(
            "SELECT email, application_id, id FROM contacts WHERE user_id = :owner "
            "AND email IS NOT NULL AND application_id IS NOT NULL",
            mine,
        )
        activity = self.connection.rows(_ACTIVITY, {**mine, "auto": AUTO_REPLY})
        return mail_index(
            ((r["message_id"], r["application_id"]) for r in messages),
            ((r["email"], r["application_id"], r["id"]) for r in contacts),
            (
                (
                    r["id"],
                    Stage(r["stage"]) in ACTIVE_STAGES,
                    max(m for m in (r["created_at"], r["end"], r["at"], r["done_at"]) if m),
                )
                for r in activity
            ),
        )

    def sent_message_ids(self) -> dict[str, int]:
        """Every message in the outbox that is not cancelled (it may have gone)."""
        from followup.domain.outbox import OutboxState  # only here: the agenda needs none

        cancelled = {"cancelled": OutboxState.CANCELLED}
        found = self._mine("outbox", " AND state <> :cancelled", **cancelled)
        return {row["message_id"]: row["application_id"] for row in found}

    def unanswered_replies(self, limit: int | None = None) -> list[Reply]:
        owner = self._owner()
        if owner is None:
            return []
        params = {"owner": owner, "auto": AUTO_REPLY, **_CLOSED_STATUSES}
        query = _UNANSWERED if limit is None else f"{_UNANSWERED} LIMIT {int(limit)}"
        return [
            Reply(
                application_id=r["application_id"],
                company=r["company"],
                role=r["role"],
                touch=rows.touch(r),
                contact=r["contact_name"],
                email=r["contact_email"],
                active=not r["decided"] and r["stage"] in ACTIVE_STAGES,
            )
            for r in self.connection.rows(query, params)
        ]

    # -- steps ---------------------------------------------------------------------------

    def save_steps(self, application_id: int, steps: Sequence[Step]) -> list[Step]:
        """Steps that differ from their rows are written a revision on, changed now (the
        clock's); steps as stored are left alone, revision and all."""
        owner = self._application_owner(application_id)
        mine = {"application_id": application_id, "owner": owner}
        where = "application_id = :application_id AND user_id = :owner"
        stored = self._fresh.get(application_id)
        if stored is None:
            found = self.connection.rows(f"SELECT * FROM steps WHERE {where}", mine)
            stored = {row["id"]: row for row in found}
        kept = [s.id for s in steps if s.id is not None]
        for id_ in kept:
            if id_ not in stored:
                raise NotFound(f"no step with id {id_} in application {application_id}")
        if len(set(kept)) != len(kept):
            raise InvalidInput("the same step is given twice")
        if gone := stored.keys() - set(kept):
            listed, ids = placeholders("id", sorted(gone))
            query = f"DELETE FROM steps WHERE {where} AND id IN {listed}"
            self.connection.execute(query, {**mine, **ids})
        changed_at = self._clock()
        written = [rows.step_row(s) for s in steps]
        revised = [
            {**values, "id": s.id, "owner": owner, "changed_at": changed_at}
            for s, values in zip(steps, written, strict=True)
            if s.id is not None and values != rows.step_row(rows.step(stored[s.id]))
        ]
        if revised:
            self.connection.execute_many(_revise_step(tuple(written[0])), revised)
        new = [
            {**values, "changed_at": changed_at}
            for s, values in zip(steps, written, strict=True)
            if s.id is None
        ]
        new_ids = iter(self._insert_many("steps", owner, new, application_id=application_id))
        saved = [
            {
                **values,
                "application_id": application_id,
                "id": s.id if s.id is not None else next(new_ids),
            }
            for s, values in zip(steps, written, strict=True)
        ]
        if application_id in self._fresh:
            self._fresh[application_id] = {row["id"]: _as_read(row) for row in saved}
        return [rows.step(row) for row in saved]

    def get_step(self, step_id: int) -> Step:
        return rows.step(self._one("steps", "step", step_id))

    def _steps_with_status(
        self,
        statuses: Sequence[StepStatus],
        earliest_before: datetime,
        columns: str = "*",
        due: DueWindow = (None, None),
        limit: int | None = None,
    ) -> Sequence[rows.Row]:
        """The rows of `steps_with_status`, through the index on (user_id, status, earliest,
        due), or on (user_id, status, due) for the overdue."""
        if not statuses:
            return []
        listed, params = placeholders("status", statuses)
        due_from, due_before = due
        where = f" AND status IN {listed}"
        if due_before is None or due_before > earliest_before:
            # Otherwise implied (a step's earliest is never after its due), and left out so
            # that the most overdue are read in order from the index on (status, due).
            where += " AND earliest < :before"
        if due_from is not None:
            where += " AND due >= :due_from"
        if due_before is not None:
            where += " AND due < :due_before"
        order = "due, id" if limit is None else f"due, id LIMIT {int(limit)}"
        window = {"before": earliest_before, "due_from": due_from, "due_before": due_before}
        return self._mine("steps", where, order, columns, **params, **window)

    def steps_with_status(
        self,
        statuses: Sequence[StepStatus],
        earliest_before: datetime,
        due: DueWindow = (None, None),
        limit: int | None = None,
    ) -> list[Step]:
        found = self._steps_with_status(statuses, earliest_before, "*", due, limit)
        return [rows.step(row) for row in found]

    def stored_steps(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[StoredStep]:
        columns = ", ".join(rows.STORED_STEP_COLUMNS)
        found = self._steps_with_status(statuses, earliest_before, columns)
        return [rows.stored_step(row) for row in found]

    def calendar_steps(self, closed_since: datetime) -> list[RevisedStep]:
        owner = self._owner()
        if owner is None:
            return []
        params = {**_OPEN_STATUSES, **_ENDED_STATUSES, "owner": owner, "since": closed_since}
        found = [rows.revised_step(row) for row in self.connection.rows(_CALENDAR_STEPS, params)]
        buried = undo.buried_steps(self.connection, owner, closed_since)
        return sorted([*found, *buried], key=lambda r: r.step.id or 0)

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

    def add_contacts(self, application_id: int, contacts: Sequence[Contact]) -> list[Contact]:
        owner = self._application_owner(application_id)
        values = [rows.contact_row(c) for c in contacts]
        ids = self._insert_many("contacts", owner, values, application_id=application_id)
        return [
            rows.contact({**v, "id": id_, "application_id": application_id})
            for v, id_ in zip(values, ids, strict=True)
        ]

    def update_interview(self, application_id: int, interview: Interview) -> Interview:
        owner = self._application_owner(application_id)
        where = " AND id = :id AND application_id = :application_id"
        if interview.id is None or not self._mine(
            "interviews", where, columns="id", id=interview.id, application_id=application_id
        ):
            raise NotFound(f"no interview with id {interview.id} in application {application_id}")
        values = rows.interview_row(interview)
        params = {**values, "id": interview.id, "owner": owner}
        self.connection.execute(_update("interviews", tuple(values)), params)
        return rows.interview({**values, "id": interview.id})

    def add_promises(self, application_id: int, promises: Sequence[Promise]) -> list[Promise]:
        owner = self._application_owner(application_id)
        values = [rows.promise_row(p) for p in promises]
        ids = self._insert_many("promises", owner, values, application_id=application_id)
        return [rows.promise({**v, "id": id_}) for v, id_ in zip(values, ids, strict=True)]

    # -- what promises are kept with ------------------------------------------------------

    def promised(self, promise_ids: Collection[int]) -> dict[int, Promised]:
        if not promise_ids:
            return {}
        from followup.domain.promised import Promised  # only drafts and sending need it

        listed, ids = placeholders("promise", sorted(promise_ids))
        columns = "promise_id, file_name, mime_type, size, link"
        found = self._mine(
            "promise_attachments", f" AND promise_id IN {listed}", "id", columns, **ids
        )
        return {row["promise_id"]: Promised(**row) for row in found}

    def promised_file(self, promise_id: int) -> Attachment | None:
        columns = "file_name, mime_type, content"
        found = self._mine(
            "promise_attachments", " AND promise_id = :id", "id", columns, id=promise_id
        )
        if not found or found[0]["content"] is None:
            return None
        row = found[0]
        from followup.domain.messages import Attachment  # the email package: sending only

        return Attachment(row["file_name"], bytes(row["content"]), row["mime_type"])

    def keep_promised(self, promised: Promised, content: bytes | None, at: datetime) -> None:
        self.drop_promised(promised.promise_id)
        self._one("promises", "promise", promised.promise_id)
        values = {**dataclasses.asdict(promised), "content": content, "attached_at": at}
        self._insert_many("promise_attachments", self._writer(), [values])

    def drop_promised(self, promise_id: int) -> bool:
        query = (
            "DELETE FROM promise_attachments WHERE user_id = :owner AND promise_id = :id "
            "RETURNING id"
        )
        return self.connection.scalar(query, {"owner": self._owner(), "id": promise_id}) is not None

    def delete_application(self, application_id: int) -> None:
        """One statement: the children go with it (ON DELETE CASCADE, tables.py)."""
        owner = self._application_owner(application_id)
        undo.bury_steps(self.connection, owner, application_id, self._clock())
        query = "DELETE FROM applications WHERE id = :id AND user_id = :owner"
        self.connection.execute(query, {"id": application_id, "owner": owner})
        self._fresh.pop(application_id, None)
        self._companies = None

    def delete_contact(self, contact_id: int) -> None:
        """Who met them where goes with them (CASCADE); touches lose them (SET NULL)."""
        self.get_contact(contact_id)
        query = "DELETE FROM contacts WHERE id = :id AND user_id = :owner"
        self.connection.execute(query, {"id": contact_id, "owner": self._writer()})

    # -- undos (adapters/sql/undo.py) ----------------------------------------------------

    def snapshot(self, application_ids: Sequence[int]) -> Any:
        return undo.snapshot(self.connection, self._writer(), application_ids)

    def restore(self, snapshot: Any) -> None:
        undo.restore(self.connection, self._writer(), snapshot, self._clock())
        self._fresh.clear()

    def keep_undo(self, kept: Undo, forget_before: datetime) -> None:
        undo.keep(self.connection, self._writer(), kept, forget_before)

    def latest_undo(self, since: datetime) -> Undo | None:
        owner = self._owner()
        return None if owner is None else undo.latest(self.connection, owner, since)

    def get_undo(self, token: str) -> Undo:
        owner = self._owner()
        found = None if owner is None else undo.find(self.connection, owner, token)
        if found is None:
            raise NotFound("nothing to undo there: it was undone already, or too long ago")
        return found

    def forget_undo(self, token: str) -> None:
        undo.forget(self.connection, self._writer(), token)

    # -- outbox --------------------------------------------------------------------------

    def add_outbox(self, entry: OutboxEntry) -> OutboxEntry:
        owner = self._application_owner(entry.application_id)
        if entry.step_id is not None:
            self.get_step(entry.step_id)
        values = rows.outbox_row(entry)
        [id_] = self._insert_many("outbox", owner, [values])
        return rows.outbox({**values, "id": id_})

    def get_outbox(self, outbox_id: int) -> OutboxEntry:
        return rows.outbox(self._one("outbox", "outbox message", outbox_id))

    def list_outbox(
        self, states: Sequence[OutboxState] = (), step_id: int | None = None
    ) -> list[OutboxEntry]:
        where, params = "", dict[str, Any]()
        if states:
            listed, params = placeholders("state", states)
            where = f" AND state IN {listed}"
        if step_id is not None:
            where, params = f"{where} AND step_id = :step_id", {**params, "step_id": step_id}
        return [rows.outbox(row) for row in self._mine("outbox", where, **params)]

    def move_outbox(self, entry: OutboxEntry, came_from: OutboxState) -> bool:
        if entry.id is None:
            raise InvalidInput("an outbox message needs its id to be moved")
        values = {k: v for k, v in rows.outbox_row(entry).items() if k in _OUTBOX_MOVES}
        query = _update("outbox", tuple(values)) + " AND state = :came_from RETURNING id"
        params = {**values, "id": entry.id, "owner": self._owner(), "came_from": came_from}
        return self.connection.scalar(query, params) is not None

    # -- the calendar feed's token (its hash) --------------------------------------------

    def save_feed_token(self, token_hash: str, created_at: datetime) -> None:
        self._put_mine("feed_tokens", {"token_hash": token_hash, "created_at": created_at})

    def delete_feed_token(self) -> bool:
        query = "DELETE FROM feed_tokens WHERE user_id = :owner RETURNING user_id"
        return self.connection.scalar(query, {"owner": self._owner()}) is not None

    def feed_token_since(self, token_hash: str | None = None) -> datetime | None:
        where = "" if token_hash is None else " AND token_hash = :hash"
        found = self._mine("feed_tokens", where, "user_id", hash=token_hash)
        return found[0]["created_at"] if found else None

    # -- export and import (SQLAlchemy's tables say what there is: imported only here) ------

    def schema_revision(self) -> str:
        from followup.adapters.sql.migrate import HEAD_REVISION

        return HEAD_REVISION

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        from followup.adapters.sql import dump

        return dump.dump(self.connection, self._owner())

    def load(self, tables: Mapping[str, Any], schema: str, renumber: bool = False) -> int:
        from followup.adapters.sql import dump

        if not dump.readable(schema):
            raise InvalidInput(
                f"the export is at schema revision {schema!r}, which this followup (at "
                f"{self.schema_revision()!r}) does not know: import it with a newer followup"
            )
        if dump.has_rows(self.connection, self._owner()):
            raise Conflict(
                f"the user {self._user!r} already has data: import only into an empty database"
            )
        self._companies = None  # read again, with the applications loaded
        self._profile = _UNREAD  # read again, as loaded
        return dump.load(self.connection, self._writer(), tables, renumber)
