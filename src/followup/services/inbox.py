"""Use cases: Today as an inbox of actions (the web's Today). The agenda's steps grouped by
company, each in plain words with what its one next action needs (the number to call, what
was promised); the plan an application was just given; and, before there is anything to
do, how far the first run has come.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from followup.domain.model import Application, Channel, Step, StepStatus
from followup.domain.personalisation import addressees
from followup.domain.planner import company_key
from followup.domain.playbook import Playbook
from followup.domain.wording import step_said
from followup.ports import Repository, Store
from followup.services.agenda import Agenda, today

_PROMISE = re.compile(r"send-promised:p(\d+)")
_CALLS = frozenset({Channel.PHONE, Channel.VOICEMAIL})


@dataclass(frozen=True, slots=True)
class Entry:
    """One step as Today shows it: what it asks in words, its badge, the number to call."""

    step: Step
    words: str
    badge: str  # "overdue", "due" (its window is open) or "waiting" (it opens later today)
    phone: str | None = None  # for a call: the recipient's number, when known


@dataclass(frozen=True, slots=True)
class Group:
    """A company's steps, the most urgent first."""

    company: str
    application_id: int | None
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FirstRun:
    """What a new user has done so far: their profile, their first interview."""

    profile: bool
    applications: bool


@dataclass(frozen=True, slots=True)
class Inbox:
    agenda: Agenda
    groups: list[Group]
    first_run: FirstRun | None = None  # only when there is nothing to do and nothing recorded


def inbox(store: Store, playbook: Playbook, now: datetime, limit: int | None = None) -> Inbox:
    """Today's agenda (`agenda.today`) as groups of entries, one group per company in the
    order of its most urgent step; with `first_run` when nothing is due and the user has no
    profile or no application yet."""
    agenda = today(store, playbook, now, limit)
    steps = [*agenda.overdue, *agenda.due]
    ids = {s.application_id for s in steps if s.application_id}
    with store.reading() as repo:
        companies = repo.companies(ids)
        groups: dict[str, Group] = {}
        known = _Known(repo)
        for step in steps:
            company = companies.get(step.application_id or 0, "")
            key = company_key(company)  # one company, case and spaces aside (the playbook's)
            if key not in groups:
                groups[key] = Group(company, step.application_id)
            groups[key].entries.append(_entry(known, step, now))
        first = None
        if not steps and not agenda.replies:
            have = FirstRun(repo.get_profile() is not None, not _none_yet(repo))
            first = None if have.profile and have.applications else have
    return Inbox(agenda, list(groups.values()), first)


def none_yet(store: Store) -> bool:
    """Whether no application is recorded yet (adding one then shows its plan on Today)."""
    with store.reading() as repo:
        return _none_yet(repo)


def _none_yet(repo: Repository) -> bool:
    return repo.count_active_applications() == 0 and not repo.list_applications()


def plan(store: Store, application_id: int, now: datetime) -> tuple[Application, list[Entry]]:
    """The open steps an application has been given, in words (Today after adding one)."""
    with store.reading() as repo:
        application = repo.get_application(application_id)
        open_steps = [
            s for s in application.steps if s.status in (StepStatus.PLANNED, StepStatus.SNOOZED)
        ]
        known = _Known(repo, {application_id: application})
        return application, [_entry(known, s, now) for s in open_steps]


@dataclass
class _Known:
    """The applications and phone numbers read so far for the entries (each read once)."""

    repo: Repository
    applications: dict[int, Application] = field(default_factory=dict)
    phones: dict[int, str | None] = field(default_factory=dict)

    def promised(self, step: Step) -> list[str]:
        """What a send-promised step sends (its key names the promise)."""
        number = _PROMISE.fullmatch(step.key)
        if not number or not step.application_id:
            return []
        if step.application_id not in self.applications:
            self.applications[step.application_id] = self.repo.get_application(step.application_id)
        promises = self.applications[step.application_id].promises
        return [p.what for p in promises if p.id == int(number[1])]

    def phone(self, contact_id: int) -> str | None:
        if contact_id not in self.phones:
            self.phones[contact_id] = self.repo.get_contact(contact_id).phone
        return self.phones[contact_id]


def _entry(known: _Known, step: Step, now: datetime) -> Entry:
    to = addressees(step)[0]
    call = step.channel in _CALLS and to and to[0].contact_id is not None
    phone = known.phone(to[0].contact_id or 0) if call else None
    badge = "overdue" if step.due < now else "due" if step.earliest <= now else "waiting"
    return Entry(step, step_said(step, known.promised(step)), badge, phone)
