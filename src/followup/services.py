"""Use cases. Each takes the ports it needs, runs in one transaction, and returns domain objects."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from followup.domain.errors import Conflict
from followup.domain.model import (
    ACTIVE_STAGES,
    DECISION_STAGE,
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    DecisionKind,
    Profile,
    Stage,
    Touch,
)
from followup.ports import Store


def profile(store: Store) -> Profile | None:
    with store.transaction() as repo:
        return repo.get_profile()


def save_profile(store: Store, new: Profile) -> Profile:
    with store.transaction() as repo:
        return repo.save_profile(new)


def update_profile(store: Store, changes: dict[str, Any]) -> Profile:
    """Change the given fields of the profile, creating it when `changes` names the user."""
    with store.transaction() as repo:
        current = repo.get_profile()
        if current is None:
            return repo.save_profile(Profile(**changes))
        return repo.save_profile(dataclasses.replace(current, **changes))


def record_interview(store: Store, application: Application, now: datetime) -> Application:
    """Record an application with its interview(s), contacts and promises."""
    new = dataclasses.replace(application, stage=Stage.INTERVIEWING, created_at=now)
    with store.transaction() as repo:
        return repo.add_application(new)


def application(store: Store, application_id: int) -> Application:
    with store.transaction() as repo:
        return repo.get_application(application_id)


def applications(store: Store) -> list[ApplicationSummary]:
    with store.transaction() as repo:
        return repo.list_applications()


def log_touch(store: Store, application_id: int, touch: Touch) -> Touch:
    with store.transaction() as repo:
        repo.get_application(application_id)
        return repo.add_touch(application_id, touch)


def decide(
    store: Store, application_id: int, kind: DecisionKind, now: datetime, note: str | None = None
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
        return repo.get_application(application_id)


def contacts(store: Store) -> list[Contact]:
    with store.transaction() as repo:
        return repo.list_contacts()


def contact(store: Store, contact_id: int) -> Contact:
    with store.transaction() as repo:
        return repo.get_contact(contact_id)


def edit_contact(store: Store, contact_id: int, changes: dict[str, Any]) -> Contact:
    """Change the given fields; the contact is validated again as a whole before it is saved."""
    with store.transaction() as repo:
        current = repo.get_contact(contact_id)
        return repo.update_contact(dataclasses.replace(current, **changes))
