"""Use cases. Each takes the ports it needs, runs in one transaction, and returns domain objects.

Every event replans the application it touches, in the same transaction as the event.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from followup.domain import planner, replies
from followup.domain.errors import Conflict
from followup.domain.model import (
    ACTIVE_STAGES,
    DECISION_STAGE,
    OPEN_STATUSES,
    Application,
    ApplicationSummary,
    Contact,
    Decision,
    DecisionKind,
    Profile,
    Stage,
    Step,
    StepStatus,
    Touch,
)
from followup.domain.playbook import Playbook
from followup.domain.replies import Reply
from followup.ports import DueWindow, Repository, Store

if TYPE_CHECKING:
    from followup.domain.insights import Insights

T = TypeVar("T")


def _home(repo: Repository) -> planner.Home:
    me = repo.get_profile()
    return planner.Home(me.region, me.timezone) if me else planner.Home()


def replan(
    repo: Repository,
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
        loaded = repo.applications_for_insights()
    return domain_insights.insights(loaded, now)


def log_touch(
    store: Store, application_id: int, touch: Touch, playbook: Playbook, now: datetime
) -> Touch:
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


def change_step(
    repo: Repository, step_id: int, playbook: Playbook, now: datetime, action: Any
) -> Step:
    """Apply `action(application, step, home) -> Step` to one step, then replan its
    application, inside the caller's transaction."""
    step = repo.get_step(step_id)
    assert step.application_id is not None
    current = repo.get_application(step.application_id)
    changed = action(current, step, _home(repo))
    steps = tuple(changed if s.id == step_id else s for s in current.steps)
    edited = dataclasses.replace(current, steps=steps)
    replanned = replan(repo, step.application_id, playbook, now, edited)
    return next(s for s in replanned.steps if s.id == step_id)


def _act_on_step(
    store: Store, step_id: int, playbook: Playbook, now: datetime, action: Any
) -> Step:
    """`change_step` in a transaction of its own."""
    with store.transaction() as repo:
        return change_step(repo, step_id, playbook, now, action)


def complete_step(
    store: Store, step_id: int, outcome: str | None, playbook: Playbook, now: datetime
) -> Step:
    return _act_on_step(
        store,
        step_id,
        playbook,
        now,
        lambda app, step, home: planner.complete(app, step, outcome, now, playbook, home),
    )


def skip_step(store: Store, step_id: int, playbook: Playbook, now: datetime) -> Step:
    return _act_on_step(
        store, step_id, playbook, now, lambda app, step, home: planner.skip(step, now)
    )


def snooze_step(store: Store, step_id: int, until: date, playbook: Playbook, now: datetime) -> Step:
    return _act_on_step(
        store,
        step_id,
        playbook,
        now,
        lambda app, step, home: planner.snooze(app, step, until, playbook, home),
    )


@dataclass(frozen=True, slots=True)
class Agenda:
    overdue: list[Step]
    due: list[Step]
    replies: list[Reply] = field(default_factory=list)  # not acted on yet, newest first
    # With a limit: whether each part ("overdue", "due", "replies") has more than it shows.
    more: dict[str, bool] = field(default_factory=dict)


ReadSteps = Callable[[Repository, list[StepStatus], datetime, DueWindow, int | None], list[T]]


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
    before, statuses = now + within, sorted(OPEN_STATUSES)
    parts: dict[str, DueWindow] = {"overdue": (None, now), "due": (now, None)}
    one_more = None if limit is None else limit + 1
    with store.reading() as repo:
        if limit is None:  # all of them: one query, split here
            every = read(repo, statuses, before, (None, None), None)  # by due: split once
            split = next((n for n, i in enumerate(every) if due(i) >= now), len(every))
            found = {"overdue": every[:split], "due": every[split:]}
        else:  # the first of each: the most overdue and the soonest due, LIMIT in SQL
            found = {k: read(repo, statuses, before, w, one_more) for k, w in parts.items()}
        review = planner.pipeline_review(
            repo.count_active_applications(), playbook, now, _home(repo)
        )
        unanswered = replies.to_show(repo.unanswered_replies(one_more), now)
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
) -> dict[str, list[dict[str, Any]]]:
    """`agenda` as its `--json` record, {"overdue", "due", "replies"}: the same records, with
    the steps read straight from their rows (`Repository.step_records`) instead of rebuilt
    as Steps, which is most of the time of a list of thousands."""
    from followup import records

    overdue, due, unanswered, _ = _agenda(
        store,
        playbook,
        now,
        within,
        lambda repo, statuses, before, *_: repo.step_records(statuses, before),  # all: no window
        records.step_record,
        lambda record: datetime.fromisoformat(record["due"]),
    )
    return {
        "overdue": overdue,
        "due": due,
        "replies": [records.reply_record(r) for r in unanswered],
    }


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


def companies(store: Store, application_ids: Collection[int]) -> dict[int, str]:
    """The company of each of these applications (to label steps listed across them)."""
    with store.reading() as repo:
        return repo.companies(application_ids)


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
