"""Use cases: what is overdue and due (`followup today`, `due`, the web's Today), with the
replies not acted on yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

from followup.agenda_records import UNTIL_DUE
from followup.domain import planner, replies
from followup.domain.model import (
    OPEN_STATUSES,
    Step,
    StepStatus,
)
from followup.domain.playbook import Playbook
from followup.domain.replies import Reply
from followup.ports import DueWindow, ReadViews, Store, StoredStep

if TYPE_CHECKING:
    from followup import views
from followup.services.applications import _home
from followup.services.people import profile


class _Listed(Protocol):
    """What the agenda reads of a step, built (Step) or as stored (StoredStep)."""

    @property
    def kind(self) -> str: ...


T = TypeVar("T", bound=_Listed)


@dataclass(frozen=True, slots=True)
class Agenda:
    """What is overdue, what is due, and the replies not acted on yet."""

    overdue: list[Step]
    due: list[Step]
    replies: list[Reply] = field(default_factory=list)  # not acted on yet, newest first
    # With a limit: whether each part ("overdue", "due", "replies") has more than it shows.
    more: dict[str, bool] = field(default_factory=dict)


ReadSteps = Callable[[ReadViews, list[StepStatus], datetime, DueWindow, int | None], list[T]]


def _shown(read: ReadSteps[T], due: Callable[[T], datetime], now: datetime) -> ReadSteps[T]:
    """`read`, without the steps that are no use once due (UNTIL_DUE) and past it; with a
    limit, reading on until it has that many or there are no more."""

    def shown(
        repo: ReadViews,
        statuses: list[StepStatus],
        before: datetime,
        window: DueWindow,
        limit: int | None,
    ) -> list[T]:
        want = limit
        while True:
            found = read(repo, statuses, before, window, want)
            kept = [i for i in found if i.kind not in UNTIL_DUE or due(i) >= now]
            if want is None or limit is None or len(found) < want or len(kept) >= limit:
                return kept[:limit]
            want += limit - len(kept)

    return shown


def _agenda(
    store: Store,
    playbook: Playbook,
    now: datetime,
    within: timedelta,
    read: ReadSteps[T],
    item: Callable[[Step], T],
    due: Callable[[T], datetime],
    limit: int | None = None,
) -> tuple[list[T], list[T], list[Reply], dict[str, bool]]:
    """The open steps `read` gives (as items) that may start before `now + within`, with this
    week's pipeline review among them, split at `now` into overdue and due; and the replies
    the user has not acted on. With a `limit`: the first `limit` of each (the most overdue,
    the soonest due, the newest replies), and whether each has more (one more is read to
    know: no counting)."""
    before, statuses, read = now + within, sorted(OPEN_STATUSES), _shown(read, due, now)
    parts: dict[str, DueWindow] = {"overdue": (None, now), "due": (now, None)}
    one_more = None if limit is None else limit + 1
    with store.reading() as repo:
        if limit is None:  # all of them: one query, split here
            every = read(repo, statuses, before, (None, None), None)  # by due: split once
            split = next((n for n, i in enumerate(every) if due(i) >= now), len(every))
            found = {"overdue": every[:split], "due": every[split:]}
        else:  # the first of each: the most overdue and the soonest due, LIMIT in SQL
            found = {k: read(repo, statuses, before, w, one_more) for k, w in parts.items()}
        home = _home(repo)
        review = planner.pipeline_review(repo.count_active_applications(), playbook, now, home)
        unanswered = replies.to_show(repo.unanswered_replies(one_more), now, home.timezone)
    if review is not None and review.earliest < before:
        part = "overdue" if review.due < now else "due"
        found[part] = sorted([*found[part], item(review)], key=due)
    counts = {
        "overdue": len(found["overdue"]),
        "due": len(found["due"]),
        "replies": len(unanswered),
    }
    more = {k: limit is not None and n > limit for k, n in counts.items()}
    return found["overdue"][:limit], found["due"][:limit], unanswered[:limit], more


def agenda(
    store: Store, playbook: Playbook, now: datetime, within: timedelta, limit: int | None = None
) -> Agenda:
    """Open steps that are overdue, and those that may start before `now + within`; and the
    replies the user has not acted on. With a `limit`, the first `limit` of each part and
    whether it has more (the web's Today; the CLI lists them all)."""
    overdue, due, unanswered, more = _agenda(
        store,
        playbook,
        now,
        within,
        lambda repo, statuses, before, window, most: repo.steps_with_status(
            statuses, before, window, most
        ),
        lambda step: step,
        lambda step: step.due,
        limit,
    )
    return Agenda(overdue=overdue, due=due, replies=unanswered, more=more)


def agenda_record(
    store: Store, playbook: Playbook, now: datetime, within: timedelta
) -> views.AgendaRecord:
    """`agenda` as its `--json` record, {"overdue", "due", "replies"}: the same records, with
    the steps read as stored (`ReadViews.stored_steps`) instead of rebuilt as Steps, which is
    most of the time of a list of thousands."""
    from followup import views

    def stored(
        repo: ReadViews, statuses: list[StepStatus], before: datetime, *_: object
    ) -> list[Step | StoredStep]:
        return [*repo.stored_steps(statuses, before)]  # all: no window, no limit

    overdue, due, unanswered, _ = _agenda(
        store, playbook, now, within, stored, lambda step: step, lambda step: step.due
    )
    return views.agenda_record(overdue, due, unanswered)


def rest_of_day(store: Store, now: datetime) -> timedelta:
    """From `now` to the end of the user's day (midnight in the profile's time zone)."""
    from followup.domain.values import zone

    me = profile(store)
    local = now.astimezone(zone(me.timezone)) if me else now
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return midnight - local


def today(store: Store, playbook: Playbook, now: datetime, limit: int | None = None) -> Agenda:
    """What is overdue, and what is due or may start before the end of the user's day (in
    the profile's time zone); with a `limit`, as `agenda` gives it."""
    return agenda(store, playbook, now, rest_of_day(store, now), limit)
