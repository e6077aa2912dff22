"""The ports: what the services need from the outside world, as Protocols.

Adapters implement them (`adapters/sql` for storage); unit tests use in-memory fakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from followup.domain.model import (
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


class Repository(Protocol):
    """One user's data, inside one transaction. Raises NotFound for unknown ids."""

    def get_profile(self) -> Profile | None: ...

    def save_profile(self, profile: Profile) -> Profile: ...

    def add_application(self, application: Application) -> Application:
        """Store the whole aggregate (interviews, contacts, promises, steps); return it with ids."""
        ...

    def get_application(self, application_id: int) -> Application: ...

    def list_applications(self) -> list[ApplicationSummary]: ...

    def count_active_applications(self) -> int: ...

    def set_stage(self, application_id: int, stage: Stage) -> None: ...

    def add_touch(self, application_id: int, touch: Touch) -> Touch: ...

    def add_decision(self, application_id: int, decision: Decision) -> Decision: ...

    def save_steps(self, application_id: int, steps: Sequence[Step]) -> list[Step]:
        """Make the stored steps exactly `steps`: update those with ids, insert those without,
        delete stored steps not in `steps`. Return them with ids."""
        ...

    def get_step(self, step_id: int) -> Step: ...

    def steps_with_status(
        self, statuses: Sequence[StepStatus], earliest_before: datetime
    ) -> list[Step]:
        """Steps in any of `statuses` whose earliest is before the given moment, by due."""
        ...

    def list_contacts(self) -> list[Contact]: ...

    def get_contact(self, contact_id: int) -> Contact: ...

    def update_contact(self, contact: Contact) -> Contact: ...


class Proofreader(Protocol):
    """A dictionary and a style checker for the draft checks (adapters/spelling.py)."""

    def unknown_words(self, words: Sequence[str]) -> set[str]: ...

    def suggest(self, word: str) -> str | None: ...

    def style(self, text: str) -> list[tuple[int, int, str]]: ...


class Store(Protocol):
    """Opens one transaction per user action: committed on success, rolled back on error."""

    def transaction(self) -> AbstractContextManager[Repository]: ...
