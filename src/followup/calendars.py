"""Use case: the user's steps as a calendar feed (`followup calendar export`; later served
over HTTP for calendars to subscribe to)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from followup.ports import Store

# Every stored step starts before this: the feed holds all open and cancelled steps.
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def calendar_feed(store: Store, now: datetime, draft: Callable[[int], str] | None = None) -> bytes:
    """The iCalendar document of the current user's open and cancelled steps. `draft(step_id)`
    says where a step's draft is (default: the `followup draft` command)."""
    from followup.adapters import ics

    with store.transaction() as repo:
        steps = repo.steps_with_status(sorted(ics.EXPORTED), FAR_FUTURE)
        companies = {a.id: a.company for a in repo.list_applications()}
    return ics.calendar(steps, companies, now, draft or ics.draft_command)
