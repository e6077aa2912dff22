"""SqlRepository against real databases: what goes in comes out, for one user only."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup.adapters.sql.database import Connection
from followup.adapters.sql.repository import SqlRepository
from followup.adapters.sql.store import SqlStore
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.model import (
    Channel,
    Contact,
    Decision,
    DecisionKind,
    Direction,
    Profile,
    Promise,
    Source,
    Stage,
    StepStatus,
    Touch,
)
from tests.integration import aggregates
from tests.integration.aggregates import LONDON, NEW_YORK, PROFILE


def add(store: SqlStore, **changes: Any) -> int:
    with store.transaction() as repo:
        stored = repo.add_application(aggregates.application(**changes))
    assert stored.id is not None
    return stored.id


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SELECT statements sent while the block runs (`_execute` is the way to the driver)."""
    sent: list[str] = []
    execute = Connection._execute

    def record(connection: Connection, statement: str, params: Any) -> Any:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append(statement)
        return execute(connection, statement, params)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Connection, "_execute", record)
        yield sent


def test_the_whole_aggregate_comes_back_as_it_went_in(store: SqlStore) -> None:
    sent = aggregates.step(
        "send-promised",
        status=StepStatus.DONE,
        outcome="sent",
        done_at=datetime(2025, 1, 15, 10, 30, tzinfo=NEW_YORK),
    )
    given = aggregates.application(steps=(aggregates.step(), sent))
    with store.transaction() as repo:
        stored = repo.add_application(given)
    with store.transaction() as repo:
        assert stored.id is not None
        loaded = repo.get_application(stored.id)

    assert loaded == stored
    expected = dataclasses.replace(
        given,
        touches=tuple(dataclasses.replace(t, at=t.at.astimezone(UTC)) for t in given.touches),
    )
    assert repr(aggregates.without_ids(loaded)) == repr(expected)
    children = [*loaded.interviews, *loaded.contacts, *loaded.promises, *loaded.touches]
    assert all(child.id is not None for child in [*children, *loaded.steps])
    assert {c.application_id for c in loaded.contacts} == {loaded.id}
    assert {s.application_id for s in loaded.steps} == {loaded.id}
    assert loaded.contacts[1].name == "渡辺 健"
    assert loaded.decision == given.decisions[0]


def test_time_zones_are_kept(store: SqlStore) -> None:
    application_id = add(store)
    with store.transaction() as repo:
        loaded = repo.get_application(application_id)
    [interview] = loaded.interviews
    assert interview.start.isoformat() == "2025-01-14T13:00:00+00:00"
    assert interview.start.tzinfo is ZoneInfo("Europe/London")
    [step] = loaded.steps
    assert step.earliest.isoformat() == "2025-01-15T09:00:00-05:00"
    assert step.due.isoformat() == "2025-01-17T17:00:00-05:00"
    assert step.earliest.tzinfo is NEW_YORK
    assert loaded.touches[0].at == datetime(2025, 1, 13, 8, 0, tzinfo=UTC)
    assert loaded.touches[0].at.tzinfo is UTC
    assert loaded.created_at is not None and loaded.created_at.tzinfo is UTC


def test_profile_is_created_then_replaced(store: SqlStore) -> None:
    with store.transaction() as repo:
        assert repo.get_profile() is None
        assert repo.save_profile(PROFILE) == PROFILE
    with store.transaction() as repo:
        assert repo.get_profile() == PROFILE
        repo.save_profile(dataclasses.replace(PROFILE, skills=(), region=None, phone=None))
    with store.transaction() as repo:
        assert repo.get_profile() == Profile(
            name=PROFILE.name,
            email=PROFILE.email,
            address=PROFILE.address,
            timezone=PROFILE.timezone,
            signature=PROFILE.signature,
            tone=PROFILE.tone,
        )


def test_list_applications_shows_the_last_interview_in_one_query(store: SqlStore) -> None:
    berlin = aggregates.interview(day=20, hour=10, timezone="Europe/Berlin")
    two = add(store, interviews=(aggregates.interview(), berlin))
    none = add(store, company="Ørsted", source=Source.DIRECT, contacts=(), interviews=())
    one = add(store, company="Bäckerei", stage=Stage.REJECTED)

    with statements() as sent, store.transaction() as repo:
        listed = repo.list_applications()

    assert len(sent) <= 2  # the user's id, then the list
    assert [s.id for s in listed] == [two, none, one]
    assert listed[0].last_interview is not None
    assert listed[0].last_interview.isoformat() == "2025-01-20T10:00:00+01:00"
    assert listed[1].last_interview is None
    assert listed[2].last_interview == datetime(2025, 1, 14, 13, 0, tzinfo=LONDON)
    assert (listed[1].company, listed[1].source, listed[1].stage) == (
        "Ørsted",
        Source.DIRECT,
        Stage.INTERVIEWING,
    )
    assert listed[2].stage is Stage.REJECTED
    assert listed[0].created_at == datetime(2025, 1, 13, 9, 30, tzinfo=UTC)


def test_stage_and_active_count(store: SqlStore) -> None:
    first, second = add(store), add(store)
    with store.transaction() as repo:
        assert repo.count_active_applications() == 2
        repo.set_stage(second, Stage.WITHDRAWN)
    with store.transaction() as repo:
        assert repo.count_active_applications() == 1
        assert repo.get_application(second).stage is Stage.WITHDRAWN
        assert repo.get_application(first).stage is Stage.INTERVIEWING


def test_touches_and_decisions_come_back_in_time_order(store: SqlStore) -> None:
    application_id = add(store, touches=(), decisions=())
    later = Touch(Channel.PHONE, Direction.OUT, datetime(2025, 1, 22, 10, 0, tzinfo=NEW_YORK))
    earlier = Touch(
        Channel.VOICEMAIL,
        Direction.OUT,
        datetime(2025, 1, 21, 16, 0, tzinfo=LONDON),
        outcome="voicemail",
        note="Left a short message",
        message_id=None,
    )
    with store.transaction() as repo:
        contact_id = repo.get_application(application_id).contacts[0].id
        stored_later = repo.add_touch(application_id, later)
        stored_earlier = repo.add_touch(
            application_id, dataclasses.replace(earlier, contact_id=contact_id)
        )
        rejected = repo.add_decision(
            application_id, Decision(DecisionKind.REJECTED, datetime(2025, 2, 3, 9, tzinfo=UTC))
        )
        closed = repo.add_decision(
            application_id,
            Decision(DecisionKind.CLOSED, datetime(2025, 2, 4, 9, tzinfo=LONDON), note="Done"),
        )

    assert stored_later.id is not None and stored_later.at.tzinfo is UTC
    assert stored_later.at == later.at
    with store.transaction() as repo:
        loaded = repo.get_application(application_id)
    assert loaded.touches == (stored_earlier, stored_later)
    assert loaded.touches[0].contact_id == contact_id
    assert loaded.decisions == (rejected, closed)
    assert loaded.decision == Decision(DecisionKind.CLOSED, closed.at, "Done")


def test_save_steps_inserts_updates_and_deletes(store: SqlStore) -> None:
    application_id = add(store, steps=(aggregates.step(), aggregates.step("send-promised")))
    with store.transaction() as repo:
        kept, dropped = repo.get_application(application_id).steps
        done = dataclasses.replace(kept, status=StepStatus.DONE, outcome="sent", draft="Sent.")
        new = aggregates.step("check-in-call", day=21, timezone="Asia/Tokyo")
        saved = repo.save_steps(application_id, [new, done])

    assert saved[1] == done
    assert saved[0].id not in (None, kept.id, dropped.id)  # ids are never handed out twice
    assert saved[0] == dataclasses.replace(new, id=saved[0].id, application_id=application_id)
    with store.transaction() as repo:
        assert sorted(repo.get_application(application_id).steps, key=lambda s: s.kind) == sorted(
            saved, key=lambda s: s.kind
        )
        assert dropped.id is not None
        with pytest.raises(NotFound):
            repo.get_step(dropped.id)
        assert repo.save_steps(application_id, []) == []
    with store.transaction() as repo:
        assert repo.get_application(application_id).steps == ()


def test_save_steps_refuses_steps_it_does_not_hold(store: SqlStore) -> None:
    first, second = add(store), add(store)
    with store.transaction() as repo:
        [foreign] = repo.get_application(second).steps
    refused = rf"^no step with id {foreign.id} in application {first}$"
    with pytest.raises(NotFound, match=refused), store.transaction() as repo:
        repo.save_steps(first, [foreign])
    with pytest.raises(InvalidInput), store.transaction() as repo:
        repo.save_steps(second, [foreign, foreign])
    with store.transaction() as repo:
        assert len(repo.get_application(first).steps) == 1
        assert repo.get_application(second).steps == (foreign,)


def test_get_step(store: SqlStore) -> None:
    application_id = add(store)
    with store.transaction() as repo:
        [stored] = repo.get_application(application_id).steps
        assert stored.id is not None
        assert repo.get_step(stored.id) == stored
        assert repr(repo.get_step(stored.id)) == repr(stored)


def test_steps_with_status_filters_and_orders_by_due(store: SqlStore) -> None:
    planned_late = aggregates.step("a", day=10, due_day=25)
    # 17:00 in Tokyo on the 20th is 03:00 in New York: due before the New York steps below.
    planned_tokyo = aggregates.step("b", day=10, due_day=20, timezone="Asia/Tokyo")
    snoozed = aggregates.step("c", day=11, due_day=20, status=StepStatus.SNOOZED)
    done = aggregates.step("d", day=10, due_day=11, status=StepStatus.DONE)
    not_yet = aggregates.step("e", day=28, due_day=29)
    add(store, steps=(planned_late, planned_tokyo, done))
    add(store, company="Ørsted", steps=(snoozed, not_yet))
    cutoff = datetime(2025, 1, 20, tzinfo=UTC)

    with store.transaction() as repo:
        found = repo.steps_with_status([StepStatus.PLANNED, StepStatus.SNOOZED], cutoff)
        assert repo.steps_with_status([], cutoff) == []
        exact = repo.steps_with_status([StepStatus.SNOOZED], snoozed.earliest)

    assert [s.kind for s in found] == ["b", "c", "a"]
    assert found[0].due.isoformat() == "2025-01-20T17:00:00+09:00"
    assert all(s.application_id is not None and s.id is not None for s in found)
    assert exact == []  # earliest must be strictly before the moment


def test_contacts_listed_and_updated(store: SqlStore) -> None:
    application_id = add(store)
    with store.transaction() as repo:
        zoe, ken = repo.list_contacts()
        assert (zoe.application_id, ken.application_id) == (application_id, application_id)
        assert zoe.id is not None
        changed = dataclasses.replace(
            zoe, title="VP Engineering", email="zoe@example.org", application_id=None
        )
        updated = repo.update_contact(changed)
    assert updated == dataclasses.replace(changed, application_id=application_id)
    with store.transaction() as repo:
        assert repo.get_contact(zoe.id) == updated
        assert repo.list_contacts() == [updated, ken]
        with pytest.raises(InvalidInput):
            repo.update_contact(dataclasses.replace(zoe, id=None))


UNKNOWN: list[tuple[str, Callable[[SqlRepository], object]]] = [
    ("application", lambda repo: repo.get_application(4242)),
    ("application", lambda repo: repo.set_stage(4242, Stage.CLOSED)),
    ("application", lambda repo: repo.add_touch(4242, aggregates.application().touches[0])),
    ("application", lambda repo: repo.add_decision(4242, aggregates.application().decisions[0])),
    ("application", lambda repo: repo.save_steps(4242, [])),
    ("step", lambda repo: repo.get_step(4242)),
    ("contact", lambda repo: repo.get_contact(4242)),
    ("contact", lambda repo: repo.update_contact(Contact(name="Nobody", id=4242))),
]


def test_an_interview_takes_its_debrief_and_promises_are_added(store: SqlStore) -> None:
    app_id, other_id = add(store), add(store, company="Other")
    with store.transaction() as repo:
        [held] = repo.get_application(app_id).interviews
        told = dataclasses.replace(
            held,
            topics=("Rust on-call", "la « rota » de Zoë"),
            debriefed_at=datetime(2025, 1, 14, 15, 30, tzinfo=UTC),
            decision_by=held.decision_by + timedelta(days=3),
        )
        assert repo.update_interview(app_id, told) == told
        [promised] = repo.add_promises(app_id, [Promise("my AWS certificate", "Zoë Brontë")])
        with pytest.raises(NotFound, match=f"no interview with id {held.id} in application"):
            repo.update_interview(other_id, told)  # another application's interview
    with store.reading() as repo:
        loaded = repo.get_application(app_id)
        assert repo.get_application(other_id).interviews[0].topics == ()
    assert loaded.interviews == (told,)
    assert loaded.interviews[0].debriefed_at.tzinfo == LONDON  # in the interview's zone
    assert promised.id is not None and loaded.promises[-1] == promised


@pytest.mark.parametrize(("what", "call"), UNKNOWN)
@pytest.mark.parametrize("user_has_data", [False, True])
def test_unknown_ids_are_not_found(
    store: SqlStore, what: str, call: Callable[[SqlRepository], object], user_has_data: bool
) -> None:
    if user_has_data:
        add(store)
    with pytest.raises(NotFound, match=rf"^no {what} with id 4242$"), store.transaction() as repo:
        call(repo)


def test_a_user_without_a_row_reads_nothing_and_writes_nothing(store: SqlStore) -> None:
    with store.transaction() as repo:
        assert repo.get_profile() is None
        assert repo.list_applications() == []
        assert repo.count_active_applications() == 0
        assert repo.list_contacts() == []
        assert repo.steps_with_status(list(StepStatus), datetime.now(UTC)) == []
        assert repo.connection.scalar("SELECT count(*) FROM users") == 0


def test_users_never_see_each_other(store_for: Callable[[str], SqlStore]) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    alices = add(alice)
    with alice.transaction() as repo:
        repo.save_profile(PROFILE)
        loaded = repo.get_application(alices)
    [contact, _] = loaded.contacts
    [step] = loaded.steps
    assert contact.id is not None and step.id is not None

    with bob.transaction() as repo:
        assert repo.get_profile() is None
        assert repo.list_applications() == []
        assert repo.list_contacts() == []
        assert repo.count_active_applications() == 0
        assert repo.steps_with_status(list(StepStatus), datetime(2030, 1, 1, tzinfo=UTC)) == []
        repo.save_profile(dataclasses.replace(PROFILE, name="Bob"))
        bobs = repo.add_application(aggregates.application(company="Bob's"))
    for attempt in (
        lambda repo: repo.get_application(alices),
        lambda repo: repo.set_stage(alices, Stage.CLOSED),
        lambda repo: repo.save_steps(alices, []),
        lambda repo: repo.get_step(step.id),
        lambda repo: repo.get_contact(contact.id),
        lambda repo: repo.update_contact(dataclasses.replace(contact, name="Mallory")),
    ):
        with pytest.raises(NotFound), bob.transaction() as repo:
            attempt(repo)

    with alice.transaction() as repo:
        assert repo.get_application(alices) == loaded
        assert repo.get_profile() == PROFILE
        assert [a.id for a in repo.list_applications()] == [alices]
        assert bobs.id is not None
        with pytest.raises(NotFound):
            repo.get_application(bobs.id)


def test_an_error_inside_a_transaction_writes_nothing(store: SqlStore) -> None:
    with pytest.raises(NotFound), store.transaction() as repo:
        repo.save_profile(PROFILE)
        repo.add_application(aggregates.application())
        repo.set_stage(4242, Stage.CLOSED)
    with store.transaction() as repo:
        assert repo.get_profile() is None
        assert repo.list_applications() == []
        assert repo.connection.scalar("SELECT count(*) FROM users") == 0
        assert repo.connection.scalar("SELECT count(*) FROM applications") == 0


LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def _revisions(store: SqlStore) -> dict[int, tuple[int, datetime | None]]:
    with store.reading() as repo:
        return {r.step.id or 0: (r.revision, r.changed_at) for r in repo.calendar_steps(LONG_AGO)}


def test_a_step_is_a_revision_on_each_time_it_changes_and_only_then(clocked, clock) -> None:
    added = clock.now
    with clocked.transaction() as repo:
        stored = repo.add_application(aggregates.application())
    assert stored.id is not None
    [first] = stored.steps
    assert first.id is not None
    assert _revisions(clocked) == {first.id: (0, added)}

    clock.now = added + timedelta(hours=1)  # the same step, its moments in another zone
    in_utc = dataclasses.replace(first, earliest=first.earliest.astimezone(UTC))
    with clocked.transaction() as repo:
        repo.save_steps(stored.id, [in_utc])
    assert _revisions(clocked) == {first.id: (0, added)}

    moved_at = clock.now = added + timedelta(hours=2)
    moved = dataclasses.replace(first, due=first.due + timedelta(days=1))
    second = aggregates.step("check-in-call", day=20)
    with clocked.transaction() as repo:
        [_, new] = repo.save_steps(stored.id, [moved, second])
    assert new.id is not None
    assert _revisions(clocked) == {first.id: (1, moved_at), new.id: (0, moved_at)}

    for change in [{"status": StepStatus.SNOOZED}, {"draft": "Dear Zoë, …"}, {"outcome": "x"}]:
        clock.now += timedelta(minutes=1)
        with clocked.transaction() as repo:
            current = repo.get_step(first.id)
            repo.save_steps(stored.id, [dataclasses.replace(current, **change), new])
    assert _revisions(clocked) == {first.id: (4, clock.now), new.id: (0, moved_at)}


def test_calendar_steps_are_the_open_ones_and_those_closed_lately(clocked, clock) -> None:
    day = timedelta(days=1)
    closed_at = datetime(2025, 2, 1, 12, 0, tzinfo=UTC)
    steps = [
        aggregates.step("open"),
        aggregates.step("snoozed", status=StepStatus.SNOOZED),
        aggregates.step("done", status=StepStatus.DONE, done_at=closed_at),
        aggregates.step("skipped", status=StepStatus.SKIPPED, done_at=closed_at - day),
        aggregates.step("cancelled", status=StepStatus.CANCELLED),  # no done_at: its change
    ]
    clock.now = closed_at + day  # the cancelled one's change; the done ones keep their done_at
    with clocked.transaction() as repo:
        stored = repo.add_application(aggregates.application(steps=tuple(steps)))
    with clocked.reading() as repo:

        def kinds(since: datetime) -> list[str]:
            return [r.step.kind for r in repo.calendar_steps(since)]

        everything = ["open", "snoozed", "done", "skipped", "cancelled"]
        assert sorted(kinds(LONG_AGO)) == sorted(everything)
        assert [s.id for s in stored.steps] == [r.step.id for r in repo.calendar_steps(LONG_AGO)]
        assert sorted(kinds(closed_at - day)) == sorted(everything)
        assert sorted(kinds(closed_at)) == ["cancelled", "done", "open", "snoozed"]
        assert sorted(kinds(closed_at + day)) == ["cancelled", "open", "snoozed"]
        assert sorted(kinds(closed_at + 2 * day)) == ["open", "snoozed"]
    with clocked.transaction() as repo:  # rows an older export brought: no change time
        repo.connection.execute("UPDATE steps SET changed_at = NULL")
        assert sorted(r.step.kind for r in repo.calendar_steps(LONG_AGO)) == sorted(
            ["open", "snoozed", "done", "skipped"]
        )
        assert {r.changed_at for r in repo.calendar_steps(LONG_AGO)} == {None}


def test_calendar_steps_are_the_users_own(store_for: Callable[[str], SqlStore]) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    add(alice)
    with bob.reading() as repo:
        assert repo.calendar_steps(LONG_AGO) == []
    add(bob)
    with alice.reading() as repo, bob.reading() as theirs:
        mine = {r.step.id for r in repo.calendar_steps(LONG_AGO)}
        assert len(mine) == 1 and mine.isdisjoint(
            r.step.id for r in theirs.calendar_steps(LONG_AGO)
        )


def test_applications_at_one_company_are_found_by_name_case_and_spaces_aside(
    store_for: Callable[[str], SqlStore],
) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    acme = add(alice, company="Acme")
    globex = add(alice, company="Globex")
    add(bob, company="ACME")  # another user's: never Alice's
    with alice.transaction() as repo:
        assert [a.id for a in repo.applications_at(" acme ")] == [acme]
        assert repo.applications_at("Acme", besides=acme) == []
        # Added in the same transaction (as the benchmarks' builder does): found too.
        later = repo.add_application(aggregates.application(company="AC ME"))
        assert [a.id for a in repo.applications_at("Acme", besides=acme)] == [later.id]
        assert repo.applications_at("Acme Corp") == []
        assert [a.company for a in repo.applications_at("globex")] == ["Globex"]
        assert [a.id for a in repo.applications_at("GLOBEX")] == [globex]
