"""In-memory adapters for unit tests of the services: the ports' contracts, no database, no
mail server. mypy checks them against the ports (`_conforms` below; pyproject's [tool.mypy]),
so a port that changes without its fake fails `make test`."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from followup import ports
from followup.domain import board, insights, planner
from followup.domain.errors import (
    Conflict,
    InvalidInput,
    MailboxUnavailable,
    NotFound,
    StorageError,
)
from followup.domain.messages import Attachment
from followup.domain.model import (
    ACTIVE_STAGES,
    AUTO_REPLY,
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
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.domain.promised import Promised
from followup.domain.replies import MailIndex, Reply, mail_index, reply_on
from followup.domain.undo import Undo
from followup.ports import DueWindow


def stored_step(s: Step) -> ports.StoredStep:
    """The step as storage lists it (`ports.StoredStep`): enums as text, moments in UTC."""
    assert s.id is not None and s.application_id is not None, "a stored step has its ids"
    recipients = [
        ports.StoredRecipient(r.name, r.relation.value, r.title, r.email, r.contact_id)
        for r in s.recipients
    ]
    return ports.StoredStep(
        s.id,
        s.application_id,
        s.kind,
        s.channel.value,
        s.status.value,
        recipients,
        s.earliest.astimezone(UTC),
        s.due.astimezone(UTC),
        s.timezone,
        s.rationale,
        s.sources,
        s.outcome,
        s.needs,
    )


@dataclass
class _Data:
    profile: Profile | None = None
    applications: dict[int, Application] = field(default_factory=dict)
    outbox: dict[int, OutboxEntry] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)  # Message-ID -> application, set by a test
    feed_token: tuple[str, datetime] | None = None  # (its hash, when it was made)
    loaded: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by `load`, as given
    promised: dict[int, tuple[Promised, bytes | None]] = field(default_factory=dict)
    undos: dict[str, Undo] = field(default_factory=dict)  # by token


class FakeRepository:
    """Every storage port (`ports.Repository`) over one transaction's copy of the data."""

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

    def add_interview(
        self, application_id: int, interview: Interview, promises: Sequence[Promise] = ()
    ) -> Interview:
        a = self.get_application(application_id)
        people = {c.id for c in a.contacts}
        if not set(interview.met) <= people:
            raise InvalidInput(f"not all of {interview.met} are application {application_id}'s")
        stored = replace(interview, id=self._id(), met=tuple(dict.fromkeys(interview.met)))
        made = tuple(replace(p, id=self._id(), interview_id=stored.id) for p in promises)
        self._put(replace(a, interviews=(*a.interviews, stored), promises=(*a.promises, *made)))
        return stored

    def tie(
        self, interview_id: int, contact_ids: Sequence[int], promise_ids: Sequence[int] = ()
    ) -> None:
        a = next(
            (a for a in self.data.applications.values() for i in a.interviews
             if i.id == interview_id),
            None,
        )  # fmt: skip
        if a is None:
            raise NotFound(f"no interview with id {interview_id}")
        if not set(contact_ids) <= {c.id for c in a.contacts}:
            raise InvalidInput(f"not all of {contact_ids} are application {a.id}'s")
        if not set(promise_ids) <= {p.id for p in a.promises}:
            raise NotFound(f"not all of the promises {promise_ids} are application {a.id}'s")
        interviews = tuple(
            replace(i, met=tuple(dict.fromkeys((*i.met, *contact_ids))))
            if i.id == interview_id
            else i
            for i in a.interviews
        )
        promises = tuple(
            replace(p, interview_id=interview_id) if p.id in promise_ids else p for p in a.promises
        )
        self._put(replace(a, interviews=interviews, promises=promises))

    def applications_at(self, company: str, besides: int | None = None) -> list[Application]:
        key = planner.company_key(company)
        return [
            a
            for id_, a in sorted(self.data.applications.items())
            if planner.company_key(a.company) == key and id_ != besides
        ]

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
                applied_at=a.applied_at,
            )
            for a in self.data.applications.values()
        ]

    def insights(self, now: datetime, window_days: int) -> insights.Insights:
        applications = [a for _, a in sorted(self.data.applications.items())]
        return insights.insights(applications, now, window_days)

    def board(self, now: datetime) -> list[board.Card]:
        summaries = {s.id: s for s in self.list_applications()}
        return [
            board.Card(summaries[i], board.last_contact(a, now), board.next_step(a.steps))
            for i, a in sorted(self.data.applications.items())
        ]

    def applications_active(self, start: datetime, end: datetime) -> list[Application]:
        def active(a: Application) -> bool:
            moments = [
                a.created_at,
                *(i.start for i in a.interviews),
                *(t.at for t in a.touches),
                *(s.done_at for s in a.steps),
                *(d.at for d in a.decisions),
            ]
            if any(m is not None and start <= m < end for m in moments):
                return True
            near = (start - timedelta(days=1)).date(), (end + timedelta(days=1)).date()
            return a.applied_at is not None and near[0] <= a.applied_at <= near[1]

        return [a for _, a in sorted(self.data.applications.items()) if active(a)]

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
        gone = [e for e in self.data.outbox.values() if e.state is not OutboxState.CANCELLED]
        return {**self.data.sent, **{e.message_id: e.application_id for e in gone}}

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
        gone = {s.id for s in a.steps} - {s.id for s in stored}
        for e in list(self.data.outbox.values()):  # a step replanned away leaves its message
            if e.step_id in gone:
                self.data.outbox[e.id or 0] = replace(e, step_id=None)
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

    def stored_steps(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[ports.StoredStep]:
        return [stored_step(s) for s in self.steps_with_status(statuses, earliest_before)]

    def calendar_steps(self, closed_since: datetime) -> list[ports.RevisedStep]:
        """Keeps no revisions or change times: every step at revision 0, a closed one kept
        when it was done or skipped since `closed_since` (a cancelled one never)."""
        steps = [s for a in self.data.applications.values() for s in a.steps]
        return [
            ports.RevisedStep(s, 0, None)
            for s in sorted(steps, key=lambda s: s.id or 0)
            if s.status in (StepStatus.PLANNED, StepStatus.SNOOZED)
            or (s.done_at is not None and s.done_at >= closed_since)
        ]

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

    def update_interview(self, application_id: int, interview: Interview) -> Interview:
        a = self.get_application(application_id)
        if interview.id is None or all(i.id != interview.id for i in a.interviews):
            raise NotFound(f"no interview with id {interview.id} in application {application_id}")
        changed = tuple(interview if i.id == interview.id else i for i in a.interviews)
        self._put(replace(a, interviews=changed))
        return interview

    def add_promises(self, application_id: int, promises: Sequence[Promise]) -> list[Promise]:
        a = self.get_application(application_id)
        added = [replace(p, id=self._id()) for p in promises]
        self._put(replace(a, promises=(*a.promises, *added)))
        return added

    # what promises are kept with

    def promised(self, promise_ids: Collection[int]) -> dict[int, Promised]:
        return {i: self.data.promised[i][0] for i in promise_ids if i in self.data.promised}

    def promised_file(self, promise_id: int) -> Attachment | None:
        found, content = self.data.promised.get(promise_id, (None, None))
        if found is None or content is None:
            return None
        return Attachment(found.file_name or "", content, found.mime_type or "")

    def keep_promised(self, promised: Promised, content: bytes | None, at: datetime) -> None:
        ids = {p.id for a in self.data.applications.values() for p in a.promises}
        if promised.promise_id not in ids:
            raise NotFound(f"no promise with id {promised.promise_id}")
        self.data.promised[promised.promise_id] = (promised, content)

    def drop_promised(self, promise_id: int) -> bool:
        return self.data.promised.pop(promise_id, None) is not None

    # the outbox: the database's constraints, and moves made only from the state they expect

    def add_outbox(self, entry: OutboxEntry) -> OutboxEntry:
        self.get_application(entry.application_id)
        if entry.step_id is not None:
            self.get_step(entry.step_id)
        for e in self.data.outbox.values():
            if e.message_id == entry.message_id:
                raise StorageError(f"the Message-ID {entry.message_id} is stored already")
            taken = e.step_id == entry.step_id and e.state is not OutboxState.CANCELLED
            if entry.step_id is not None and taken:  # one message per step at a time
                raise StorageError(f"step {entry.step_id} has a message already")
        stored = replace(entry, id=self._id())
        self.data.outbox[stored.id or 0] = stored
        return stored

    def get_outbox(self, outbox_id: int) -> OutboxEntry:
        try:
            return self.data.outbox[outbox_id]
        except KeyError:
            raise NotFound(f"no outbox message with id {outbox_id}") from None

    def list_outbox(
        self, states: Sequence[OutboxState] = (), step_id: int | None = None
    ) -> list[OutboxEntry]:
        return [
            e
            for _, e in sorted(self.data.outbox.items())
            if (not states or e.state in states) and (step_id is None or e.step_id == step_id)
        ]

    def move_outbox(self, entry: OutboxEntry, came_from: OutboxState) -> bool:
        if entry.id is None:
            raise InvalidInput("an outbox message needs its id to be moved")
        stored = self.data.outbox.get(entry.id)
        if stored is None or stored.state is not came_from:
            return False
        self.data.outbox[entry.id] = replace(
            stored,
            state=entry.state,
            smtp_started_at=entry.smtp_started_at,
            sent_at=entry.sent_at,
            confirmed_by=entry.confirmed_by,
            error=entry.error,
        )
        return True

    # the calendar feed's token (its hash)

    def save_feed_token(self, token_hash: str, created_at: datetime) -> None:
        self.data.feed_token = (token_hash, created_at)

    def delete_feed_token(self) -> bool:
        had, self.data.feed_token = self.data.feed_token is not None, None
        return had

    def feed_token_since(self, token_hash: str | None = None) -> datetime | None:
        token = self.data.feed_token
        if token is None or token_hash not in (None, token[0]):
            return None
        return token[1]

    def delete_application(self, application_id: int) -> None:
        self.get_application(application_id)
        del self.data.applications[application_id]
        self.data.undos = {
            t: u for t, u in self.data.undos.items() if u.application_id != application_id
        }

    def delete_contact(self, contact_id: int) -> None:
        contact = self.get_contact(contact_id)
        for a in list(self.data.applications.values()):
            if contact.application_id == a.id:
                interviews = tuple(
                    replace(i, met=tuple(m for m in i.met if m != contact_id)) for i in a.interviews
                )
                touches = tuple(
                    replace(t, contact_id=None) if t.contact_id == contact_id else t
                    for t in a.touches
                )
                contacts = tuple(c for c in a.contacts if c.id != contact_id)
                self._put(replace(a, interviews=interviews, touches=touches, contacts=contacts))

    # undos: a snapshot is the applications themselves

    def snapshot(self, application_ids: Sequence[int]) -> Any:
        apps = self.data.applications
        return {
            "ids": sorted(application_ids),
            "apps": [apps[i] for i in application_ids if i in apps],
        }

    def restore(self, snapshot: Any) -> None:
        for application in snapshot["apps"]:
            self._put(application)

    def keep_undo(self, undo: Undo, forget_before: datetime) -> None:
        kept = {t: u for t, u in self.data.undos.items() if u.made_at >= forget_before}
        self.data.undos = {**kept, undo.token: undo}

    def latest_undo(self, since: datetime) -> Undo | None:
        return next((u for u in reversed(self.data.undos.values()) if u.made_at >= since), None)

    def get_undo(self, token: str) -> Undo:
        if token not in self.data.undos:
            raise NotFound("nothing to undo there")
        return self.data.undos[token]

    def forget_undo(self, token: str) -> None:
        self.data.undos.pop(token, None)

    # export and import: the fake dumps what it was loaded with, and its applications' ids

    def schema_revision(self) -> str:
        return "fake"

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        apps = [{"id": i, "company": a.company} for i, a in sorted(self.data.applications.items())]
        return copy.deepcopy(self.data.loaded) or {"applications": apps}

    def load(self, tables: Mapping[str, Any], schema: str, renumber: bool = False) -> int:
        if schema != "fake":
            raise InvalidInput(f"unknown schema {schema!r}")
        if self.data.loaded or self.data.applications or self.data.profile or self.data.outbox:
            raise Conflict("the user already has data")
        self.data.loaded = copy.deepcopy(dict(tables))
        return sum(len(rows) for rows in tables.values())


class FakeStore:
    """Transactions work on a copy that replaces the data only on success."""

    def __init__(self) -> None:
        self.data = _Data()
        self._ids = count(1)
        self.commits = 0
        self.user = "alice"

    @contextmanager
    def transaction(self) -> Iterator[FakeRepository]:
        working = copy.deepcopy(self.data)
        yield FakeRepository(working, self._ids)
        self.data = working
        self.commits += 1

    bulk = transaction

    def revision(self) -> int:
        return self.commits

    @contextmanager
    def reading(self) -> Iterator[FakeRepository]:
        """Works on a copy that is dropped, as a rollback would (what a use case that only
        reads writes is lost, so a test of it sees the write missing)."""
        yield FakeRepository(copy.deepcopy(self.data), self._ids)


class FakeProofreader:
    """Knows every word, suggests nothing, finds no style to flag (ports.Proofreader)."""

    def unknown_words(self, words: Sequence[str]) -> set[str]:
        return set()

    def suggest(self, word: str) -> str | None:
        return None

    def style(self, text: str) -> list[tuple[int, int, str]]:
        return []


class FakeMailer:
    """An SMTP server that keeps what it is given (ports.Mailer): `fail` is raised instead
    when set, `refuses` are the recipients it turns down, `during` runs mid-send."""

    def __init__(self, fail: Exception | None = None, refuses: Sequence[str] = ()) -> None:
        self.sent: list[tuple[bytes, str, list[str]]] = []
        self.fail, self.refuses = fail, list(refuses)
        self.during: Callable[[], object] = lambda: None

    def send(self, message: bytes, sender: str, recipients: Sequence[str]) -> list[str]:
        self.during()
        if self.fail is not None:
            raise self.fail
        self.sent.append((message, sender, list(recipients)))
        return [r for r in recipients if r in self.refuses]


class FakeSentFolder:
    """A Sent folder holding the Message-IDs `ids` (ports.SentFolder); `broken`, one that
    cannot be searched."""

    def __init__(self, *ids: str, broken: bool = False) -> None:
        self.ids, self.broken = set(ids), broken

    def contains(self, message_id: str) -> bool:
        if self.broken:
            raise MailboxUnavailable("IMAP: connection refused")
        return message_id in self.ids


def _conforms(
    store: FakeStore,
    repo: FakeRepository,
    proofreader: FakeProofreader,
    mailer: FakeMailer,
    sent_folder: FakeSentFolder,
) -> None:
    """Never called: mypy fails here, naming what is missing, when a fake no longer
    implements its port."""
    _store: ports.Store = store
    _repo: ports.Repository = repo
    _proofreader: ports.Proofreader = proofreader
    _mailer: ports.Mailer = mailer
    _sent_folder: ports.SentFolder = sent_folder
