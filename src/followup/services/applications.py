"""Use cases of an application: record it with its interview (or only the day applied for),
record another round, read it, log a touch, decide, move it to another stage. Every event
replans the application in the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from followup.domain import planner
from followup.domain.errors import Conflict, Duplicate, InvalidInput
from followup.domain.model import (
    ACTIVE_STAGES,
    DECISION_STAGE,
    Application,
    ApplicationSummary,
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Promise,
    Stage,
    Touch,
)
from followup.domain.names import same_name
from followup.domain.playbook import Playbook
from followup.domain.values import zone
from followup.ports import Applications, Store
from followup.services import undo

if TYPE_CHECKING:
    from followup.domain.board import Card
    from followup.domain.insights import Insights


def _home(repo: Applications) -> planner.Home:
    me = repo.get_profile()
    return planner.Home(me.region, me.timezone) if me else planner.Home()


def replan(
    repo: Applications,
    application_id: int,
    playbook: Playbook,
    now: datetime,
    current: Application | None = None,
) -> Application:
    """Plan the application from its state and store the steps, inside the caller's
    transaction; `current` is the application as it stands, when the caller has it already.

    The user's other active applications at the same company are planned again after it:
    their nudges take turns with its, and a reply on one pauses them all (planner.Company)."""
    if current is None:
        current = repo.get_application(application_id)
    home = _home(repo)
    others = repo.applications_at(current.company, besides=application_id)
    steps = planner.plan(current, playbook, now, home, planner.Company(tuple(others)))
    saved = repo.save_steps(application_id, steps)
    mine = dataclasses.replace(current, steps=tuple(saved))
    for n, other in enumerate(others):
        if other.stage not in ACTIVE_STAGES or other.id is None:
            continue
        rest = (mine, *others[:n], *others[n + 1 :])
        planned = planner.plan(other, playbook, now, home, planner.Company(rest))
        if planned != other.steps:
            others[n] = dataclasses.replace(other, steps=tuple(repo.save_steps(other.id, planned)))
    return mine


def record_interview(
    store: Store, application: Application, playbook: Playbook, now: datetime, as_new: bool = True
) -> Application:
    """Record an application with its interview(s), contacts and promises, and plan it; one
    with no interview yet (only the day it was applied for) is recorded as applied. Unless
    `as_new`, an open application with the same company and role refuses it (`Duplicate`):
    the user says whether it is another round of that one or a new application."""
    playbook.with_settings(application.settings)  # refuse bad per-application settings first
    stage = Stage.INTERVIEWING if application.interviews else Stage.APPLIED
    new = dataclasses.replace(application, stage=stage, created_at=now)
    with store.transaction() as repo:
        _refuse_future_application(new, _home(repo), now)
        if not as_new:
            _refuse_duplicate(repo, new)
        stored = repo.add_application(new)
        assert stored.id is not None
        return replan(repo, stored.id, playbook, now)


def _refuse_duplicate(repo: Applications, application: Application) -> None:
    role = " ".join(application.role.split()).casefold()
    for other in repo.applications_at(application.company):
        if other.stage in ACTIVE_STAGES and " ".join(other.role.split()).casefold() == role:
            assert other.id is not None
            raise Duplicate(
                f"{other.company} — {other.role} is open already (application {other.id}): "
                "is this another round of it, or a new application?",
                other.id,
            )


def _refuse_future_application(application: Application, home: planner.Home, now: datetime) -> None:
    if application.applied_at is None:
        return
    today = now.astimezone(zone(home.timezone)).date()
    if application.applied_at > today:
        raise InvalidInput(
            f"the day applied for ({application.applied_at.isoformat()}) is after today "
            f"({today.isoformat()})"
        )


def add_round(
    store: Store,
    application_id: int,
    interview: Interview,
    people: Sequence[Contact],
    promises: Sequence[Promise],
    playbook: Playbook,
    now: datetime,
) -> Application:
    """Record another interview of an open application (another round), the people met at it
    and the promises made at it, and replan: the courtesy steps for those met, the nudges
    from this round on. A person already among the application's (the same name) is the same
    person met again: their record gains only the details it lacked. People and promises the
    earlier interviews do not name are first tied to the latest of them, where they were
    planned until now, so that their steps stay where they were."""
    with store.transaction() as repo:
        current = repo.get_application(application_id)
        if current.stage not in ACTIVE_STAGES:
            raise Conflict(
                f"application {application_id} is {current.stage.value}: "
                "another round can be recorded only while it is open"
            )
        if any(i.start == interview.start for i in current.interviews):
            raise Conflict(
                f"application {application_id} already has an interview at "
                f"{interview.start:%Y-%m-%d %H:%M} ({interview.timezone})"
            )
        latest = current.latest_interview
        if latest is not None and latest.id is not None:
            named = {c for i in current.interviews for c in i.met}
            unnamed = [c.id for c in current.contacts if c.id is not None and c.id not in named]
            loose = [p.id for p in current.promises if p.id is not None and p.interview_id is None]
            if unnamed or loose:
                repo.tie(latest.id, unnamed, loose)
        typed: list[int | str] = []  # in the order typed: a known id, or a new person's name
        new: list[Contact] = []
        for person in people:
            known = next((c for c in current.contacts if same_name(c.name, person.name)), None)
            if known is None:
                if not any(same_name(n.name, person.name) for n in new):  # typed twice
                    new.append(person)
                typed.append(person.name)
                continue
            assert known.id is not None
            filled = dataclasses.replace(
                known,
                title=known.title or person.title,
                email=known.email or person.email,
                phone=known.phone or person.phone,
            )
            if filled != known:
                repo.update_contact(filled)
            typed.append(known.id)
        added = repo.add_contacts(application_id, new)
        # Met in the order typed: the round's first interviewer is its lead (the nudges' person).
        met: list[int] = []
        for who in typed:
            found = (
                next(c.id for c in added if same_name(c.name, who)) if isinstance(who, str) else who
            )
            if found is not None and found not in met:
                met.append(found)
        repo.add_interview(application_id, dataclasses.replace(interview, met=tuple(met)), promises)
        if current.stage is Stage.APPLIED:
            repo.set_stage(application_id, Stage.INTERVIEWING)
        return replan(repo, application_id, playbook, now)


def application(store: Store, application_id: int) -> Application:
    with store.reading() as repo:
        return repo.get_application(application_id)


def applications(store: Store) -> list[ApplicationSummary]:
    with store.reading() as repo:
        return repo.list_applications()


def board(store: Store, now: datetime) -> list[Card]:
    """Every application as a card of the Pipeline board (domain/board.py), by id."""
    with store.reading() as repo:
        return repo.board(now)


def insights(store: Store, now: datetime) -> Insights:
    """The funnel, the reply rates and the time to decision over all the user's applications
    (domain/insights.py says how each is counted)."""
    from followup.domain import insights as domain_insights  # only here: ~5 ms to import

    with store.reading() as repo:
        return repo.insights(now, domain_insights.REPLY_WINDOW_DAYS)


def log_touch(
    store: Store, application_id: int, touch: Touch, playbook: Playbook, now: datetime
) -> Touch:
    """Record a contact that happened (never one still to come) and replan."""
    if touch.at > now:
        raise Conflict(
            f"a touch at {touch.at:%Y-%m-%d %H:%M %Z} is in the future (now: "
            f"{now.astimezone(touch.at.tzinfo):%Y-%m-%d %H:%M %Z}): log what has happened"
        )
    with store.transaction() as repo:
        repo.get_application(application_id)
        stored = repo.add_touch(application_id, touch)
        replan(repo, application_id, playbook, now)
        return stored


def decide(
    store: Store,
    application_id: int,
    kind: DecisionKind,
    playbook: Playbook,
    now: datetime,
    note: str | None = None,
    by: str | None = None,
) -> Application:
    """Record a decision. `by`: the name of the application's contact who delivered it, kept
    as a touch in from them just before it (the feedback request thanks them, or credits them:
    domain/personalisation.delivered_by)."""
    with (
        store.transaction() as repo,
        undo.kept(repo, application_id, f"Decision: {kind.value}", now),
    ):
        current = repo.get_application(application_id)
        if current.stage not in ACTIVE_STAGES:
            raise Conflict(
                f"application {application_id} is already {current.stage.value}; "
                "its decision cannot change"
            )
        if kind is DecisionKind.OFFER and current.stage is Stage.OFFER:
            raise Conflict(f"application {application_id} already has an offer")
        if by is not None:
            messenger = _contact_named(current, by, "--by")
            told = Touch(
                Channel.OTHER, Direction.IN, now - timedelta(seconds=1), outcome="decision"
            )
            repo.add_touch(application_id, dataclasses.replace(told, contact_id=messenger.id))
        repo.add_decision(application_id, Decision(kind=kind, at=now, note=note))
        repo.set_stage(application_id, DECISION_STAGE[kind])
        return replan(repo, application_id, playbook, now)


def _contact_named(application: Application, name: str, label: str) -> Contact:
    """The application's contact called `name` (in any case and spacing), or one clear error
    naming those it has."""
    found = next((c for c in application.contacts if same_name(c.name, name)), None)
    if found is None:
        known = ", ".join(c.name for c in application.contacts) or "none"
        raise InvalidInput(
            f"{label}: no one called {name.strip()!r} at application {application.id} "
            f"(its people: {known})"
        )
    return found


def move(
    store: Store, application_id: int, stage: Stage, playbook: Playbook, now: datetime
) -> Application:
    """Move an application to another stage (the Pipeline's "Move to"). A stage that is a
    decision (offer, hired, rejected, withdrawn, closed) records that decision, as `decide`
    does; between applied and interviewing only the stage changes. Either way it is replanned."""
    kind = next((k for k, s in DECISION_STAGE.items() if s is stage), None)
    if kind is not None:
        return decide(store, application_id, kind, playbook, now)
    with (
        store.transaction() as repo,
        undo.kept(repo, application_id, f"Moved to {stage.value}", now),
    ):
        current = repo.get_application(application_id)
        if current.stage not in (Stage.APPLIED, Stage.INTERVIEWING):
            raise Conflict(
                f"application {application_id} is {current.stage.value}: it cannot go back to "
                f"{stage.value}"
            )
        repo.set_stage(application_id, stage)
        return replan(repo, application_id, playbook, now)


def companies(store: Store, application_ids: Collection[int]) -> dict[int, str]:
    """The company of each of these applications (to label steps listed across them)."""
    with store.reading() as repo:
        return repo.companies(application_ids)
