"""What an action can be undone by, and for how long.

An action the user may regret (a step done, skipped or snoozed, a call back agreed, a decision,
a move to another stage) keeps an `Undo`: the stored state of its application and of the
user's other applications at the same company (replanned with it) from just before it
(`before`) and just after it (`after`), as storage wrote them (opaque here). Undoing puts
`before` back, if the applications are still as `after` left them and `WINDOW` has not passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

WINDOW = timedelta(minutes=10)  # how long an action can be undone


@dataclass(frozen=True, slots=True)
class Undo:
    """One action that can be undone: `what` says it in words ("Marked done: ...")."""

    token: str
    what: str
    application_id: int
    application_ids: tuple[int, ...]  # it and the others at its company: the state's
    made_at: datetime
    before: Any
    after: Any

    def open_at(self, now: datetime) -> bool:
        """Whether it can still be undone at `now`."""
        return now < self.made_at + WINDOW


def step_words(verb: str, kind: str, names: list[str]) -> str:
    """E.g. `Marked done: thank you to Priya Shah`."""
    to = f" to {', '.join(names)}" if names else ""
    return f"{verb}: {kind.replace('-', ' ')}{to}"
