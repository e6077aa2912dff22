"""Use cases of an application: record it with its interview, read it, log a touch, decide,
move it to another stage. Every event replans the application in the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from followup.domain import planner
from followup.domain.errors import Conflict
from followup.domain.model import (
    ACTIVE_STAGES,
    DECISION_STAGE,
    Application,
    ApplicationSummary,
    Decision,
    DecisionKind,
    Stage,
    Touch,
)
from followup.domain.playbook import Playbook
from followup.ports import Applications, Store

if TYPE_CHECKING:
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
    transaction; `current` is the application as it stands, when the caller has it already."""
    if current is None:
        current = repo.get_application(application_id)
    steps = planner.plan(current, playbook, now, _home(repo))
    saved = repo.save_steps(application_id, steps)
    return dataclasses.replace(current, steps=tuple(saved))


def record_interview(
    store: Store, application: Application, playbook: Playbook, now: datetime
) -> Application:
    """Record an application with its interview(s), contacts and promises, and plan it."""
    playbook.with_settings(application.settings)  # refuse bad per-application settings first
    new = dataclasses.replace(application, stage=Stage.INTERVIEWING, created_at=now)
    with store.transaction() as repo:
        stored = repo.add_application(new)
        assert stored.id is not None
        return replan(repo, stored.id, playbook, now)


def application(store: Store, application_id: int) -> Application:
    with store.reading() as repo:
        return repo.get_application(application_id)


def applications(store: Store) -> list[ApplicationSummary]:
    with store.reading() as repo:
        return repo.list_applications()


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
) -> Application:
    with store.transaction() as repo:
        current = repo.get_application(application_id)
        if current.stage not in ACTIVE_STAGES:
            raise Conflict(
                f"application {application_id} is already {current.stage.value}; "
                "its decision cannot change"
            )
        if kind is DecisionKind.OFFER and current.stage is Stage.OFFER:
            raise Conflict(f"application {application_id} already has an offer")
        repo.add_decision(application_id, Decision(kind=kind, at=now, note=note))
        repo.set_stage(application_id, DECISION_STAGE[kind])
        return replan(repo, application_id, playbook, now)


def move(
    store: Store, application_id: int, stage: Stage, playbook: Playbook, now: datetime
) -> Application:
    """Move an application to another stage (the Pipeline's "Move to"). A stage that is a
    decision (offer, hired, rejected, withdrawn, closed) records that decision, as `decide`
    does; between applied and interviewing only the stage changes. Either way it is replanned."""
    kind = next((k for k, s in DECISION_STAGE.items() if s is stage), None)
    if kind is not None:
        return decide(store, application_id, kind, playbook, now)
    with store.transaction() as repo:
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
