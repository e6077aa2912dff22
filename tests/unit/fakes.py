"""An in-memory Store for unit tests of the services: same contract, no database."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import count
from typing import Any

from followup.domain import planner
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.model import (
    ACTIVE_STAGES,
    AUTO_REPLY,
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
from followup.domain.replies import MailIndex, Reply, mail_index, reply_on
from followup.ports import DueWindow


@dataclass
class _Data:
    profile: Profile | None = None
    applications: dict[int, Application] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)  # the outbox: Message-ID -> application
    loaded: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by `load`, as given


class FakeRepository:
    def __init__(self, data: _Data, ids: Iterator[int]) -> None:
        self.data, self._ids = data, ids

    def _id(self) -> int:
        return next(self._ids)

    def get_profile(self) -> Profile | None:
        return self.data.profile

    def save_profile(self, profile: Profile) -> Profile:
        self.data.profile = profile
        return profile

    def add_application(self, application: Application) -> Application:
        app_id = self._id()
        stored = replace(
            application,
            id=app_id,
            interviews=tuple(replace(i, id=self._id()) for i in application.interviews),
            contacts=tuple(
                replace(c, id=self._id(), application_id=app_id) for c in application.contacts
            ),
            promises=tuple(replace(p, id=self._id()) for p in application.promises),
            steps=tuple(
                replace(s, id=self._id(), application_id=app_id) for s in application.steps
            ),
        )
        self.data.applications[app_id] = stored
        return stored

    def get_application(self, application_id: int) -> Application:
        try:
            return self.data.applications[application_id]
        except KeyError:
            raise NotFound(f"no application with id {application_id}") from None

    def _put(self, application: Application) -> None:
        assert application.id is not None
        self.data.applications[application.id] = application

    def list_applications(self) -> list[ApplicationSummary]:
        return [
            ApplicationSummary(
                id=a.id or 0,
                company=a.company,
                role=a.role,
                stage=a.stage,
                source=a.source,
                last_interview=max((i.start for i in a.interviews), default=None),
                created_at=a.created_at or datetime.min,
            )
            for a in self.data.applications.values()
        ]

    def companies(self, application_ids: Collection[int]) -> dict[int, str]:
        apps = self.data.applications
        return {i: apps[i].company for i in application_ids if i in apps}

    def count_active_applications(self) -> int:
        return sum(a.stage in ACTIVE_STAGES for a in self.data.applications.values())

    def set_stage(self, application_id: int, stage: Stage) -> None:
        self._put(replace(self.get_application(application_id), stage=stage))

    def add_touch(self, application_id: int, touch: Touch) -> Touch:
        stored = replace(touch, id=self._id())
        a = self.get_application(application_id)
        self._put(replace(a, touches=(*a.touches, stored)))
        return stored

    def mail_index(self) -> MailIndex:
        apps = list(self.data.applications.values())

        def latest(a: Application) -> datetime:
            moments = [i.end for i in a.interviews] + ([a.created_at] if a.created_at else [])
            moments += [t.at for t in a.touches if t.outcome != AUTO_REPLY]
            moments += [s.done_at for s in a.steps if s.done_at]
            return max(moments, default=datetime.min.replace(tzinfo=UTC))

        return mail_index(
            [(t.message_id, a.id or 0) for a in apps for t in a.touches if t.message_id],
            [(c.email, a.id or 0, c.id or 0) for a in apps for c in a.contacts if c.email],
            [(a.id or 0, a.stage in ACTIVE_STAGES, latest(a)) for a in apps],
        )

    def sent_message_ids(self) -> dict[str, int]:
        return dict(self.data.sent)

    def unanswered_replies(self, limit: int | None = None) -> list[Reply]:
        found = [
            reply_on(a, touch)
            for a in self.data.applications.values()
            for touch in planner.unanswered(a)
        ]
        found.sort(key=lambda r: (r.touch.at, r.touch.id or 0), reverse=True)
        return found[:limit]

    def add_decision(self, application_id: int, decision: Decision) -> Decision:
        a = self.get_application(application_id)
        self._put(replace(a, decisions=(*a.decisions, decision)))
        return decision

    def save_steps(self, application_id: int, steps: Sequence[Step]) -> list[Step]:
        a = self.get_application(application_id)
        stored = [
            s if s.id is not None else replace(s, id=self._id(), application_id=application_id)
            for s in steps
        ]
        self._put(replace(a, steps=tuple(stored)))
        return stored

    def get_step(self, step_id: int) -> Step:
        for a in self.data.applications.values():
            for s in a.steps:
                if s.id == step_id:
                    return s
        raise NotFound(f"no step with id {step_id}")

    def steps_with_status(
        self,
        statuses: Sequence[StepStatus],
        earliest_before: datetime,
        due: DueWindow = (None, None),
        limit: int | None = None,
    ) -> list[Step]:
        due_from, due_before = due
        found = [
            s
            for a in self.data.applications.values()
            for s in a.steps
            if s.status in statuses
            and s.earliest < earliest_before
            and (due_from is None or s.due >= due_from)
            and (due_before is None or s.due < due_before)
        ]
        return sorted(found, key=lambda s: (s.due, s.id or 0))[:limit]

    def list_contacts(self) -> list[Contact]:
        return [c for a in self.data.applications.values() for c in a.contacts]

    def get_contact(self, contact_id: int) -> Contact:
        for c in self.list_contacts():
            if c.id == contact_id:
                return c
        raise NotFound(f"no contact with id {contact_id}")

    def update_contact(self, contact: Contact) -> Contact:
        assert contact.application_id is not None
        a = self.get_application(contact.application_id)
        self._put(
            replace(a, contacts=tuple(contact if c.id == contact.id else c for c in a.contacts))
        )
        return contact

    def add_contacts(self, application_id: int, contacts: Sequence[Contact]) -> list[Contact]:
        a = self.get_application(application_id)
        added = [replace(c, id=self._id(), application_id=application_id) for c in contacts]
        self._put(replace(a, contacts=(*a.contacts, *added)))
        return added

    # export and import: the fake dumps what it was loaded with, and its applications' ids

    def schema_revision(self) -> str:
        return "fake"

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        apps = [{"id": i, "company": a.company} for i, a in sorted(self.data.applications.items())]
        return copy.deepcopy(self.data.loaded) or {"applications": apps}

    def load(self, tables: Mapping[str, Any], schema: str) -> int:
        if schema != "fake":
            raise InvalidInput(f"unknown schema {schema!r}")
        if self.data.loaded or self.data.applications or self.data.profile:
            raise Conflict("the user already has data")
        self.data.loaded = copy.deepcopy(dict(tables))
        return sum(len(rows) for rows in tables.values())


class FakeStore:
    """Transactions work on a copy that replaces the data only on success."""

    def __init__(self) -> None:
        self.data = _Data()
        self._ids = count(1)
        self.commits = 0

    @contextmanager
    def transaction(self) -> Iterator[FakeRepository]:
        working = copy.deepcopy(self.data)
        yield FakeRepository(working, self._ids)
        self.data = working
        self.commits += 1

    def revision(self) -> int:
        return self.commits

    @contextmanager
    def reading(self) -> Iterator[FakeRepository]:
        """Works on a copy that is dropped, as a rollback would (what a use case that only
        reads writes is lost, so a test of it sees the write missing)."""
        yield FakeRepository(copy.deepcopy(self.data), self._ids)
