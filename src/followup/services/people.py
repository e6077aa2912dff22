"""Use cases of the people: the user's profile and their contacts."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from followup.domain.model import (
    Contact,
    Profile,
)
from followup.domain.playbook import Playbook
from followup.ports import Store

if TYPE_CHECKING:
    pass
from followup.services.applications import replan


def profile(store: Store) -> Profile | None:
    with store.reading() as repo:
        return repo.get_profile()


def update_profile(store: Store, changes: dict[str, Any]) -> Profile:
    """Change the given fields of the profile, creating it when `changes` names the user."""
    with store.transaction() as repo:
        current = repo.get_profile()
        if current is None:
            return repo.save_profile(Profile(**changes))
        return repo.save_profile(dataclasses.replace(current, **changes))


def contacts(store: Store) -> list[Contact]:
    with store.reading() as repo:
        return repo.list_contacts()


def contact(store: Store, contact_id: int) -> Contact:
    with store.reading() as repo:
        return repo.get_contact(contact_id)


def edit_contact(
    store: Store, contact_id: int, changes: dict[str, Any], playbook: Playbook, now: datetime
) -> Contact:
    """Change the given fields; the contact is validated again as a whole, and its
    application replanned (a new zone or address changes its steps)."""
    with store.transaction() as repo:
        current = repo.get_contact(contact_id)
        saved = repo.update_contact(dataclasses.replace(current, **changes))
        if saved.application_id is not None:
            replan(repo, saved.application_id, playbook, now)
        return saved
