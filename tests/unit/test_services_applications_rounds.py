"""services.applications.add_round and the day applied for (on the fakes): another round ties
the people and promises recorded before it to the interview they were planned for, knows a
person met again by their name, and is refused once the application is closed; the day applied
for is stored, and refused in the future."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from followup import services
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.model import (
    Application,
    Contact,
    DecisionKind,
    Interview,
    Profile,
    Promise,
    Stage,
)
from tests.unit.service_cases import NOW, PLAYBOOK, recorded

from .fakes import FakeStore

# Round 2: Monday 21 December 2026, 10:00-11:00 UTC (three days after NOW, a Friday).
SECOND = Interview(
    start=NOW.replace(hour=10) + timedelta(days=3),
    end=NOW.replace(hour=11) + timedelta(days=3),
    timezone="UTC",
    round=2,
)


def test_a_round_ties_what_came_before_to_round_one_and_knows_a_person_met_again() -> None:
    store = FakeStore()
    first = recorded(store, promises=(Promise("my portfolio", "Priya Shah"),))
    assert first.id is not None and first.promises[0].interview_id is None
    priya = Contact("PRIYA  shah", title="Head of Data", phone="+44 20 7946 0000")
    tom = Contact("Tom Reed", email="tom@acme.example")
    after = services.applications.add_round(
        store,
        first.id,
        SECOND,
        [priya, tom, Contact("tom reed")],  # Tom typed twice: one Tom
        [Promise("my dbt notes", "Tom Reed")],
        PLAYBOOK,
        NOW,
    )
    one, two = after.interviews
    stored_priya, stored_tom = after.contacts
    assert (one.met, two.met) == ((stored_priya.id,), (stored_priya.id, stored_tom.id))
    # Priya's record gains what it lacked and keeps what it had.
    assert (stored_priya.name, stored_priya.email, stored_priya.title) == (
        "Priya Shah", "priya@acme.example", "Head of Data"
    )  # fmt: skip
    assert [(p.what, p.interview_id) for p in after.promises] == [
        ("my portfolio", one.id),  # tied to round 1, where it was planned
        ("my dbt notes", two.id),
    ]
    assert {s.key for s in after.steps if s.kind == "thank-you"} == {
        f"thank-you:i{two.id}:c{stored_priya.id}",
        f"thank-you:i{two.id}:c{stored_tom.id}",
    }  # round 1's, not done yet, moved to round 2 for Priya, met again
    assert {s.key for s in after.steps if s.kind == "check-in-call"} == {f"check-in-call:i{two.id}"}


def test_the_people_of_a_round_are_met_in_the_order_typed_and_the_first_leads() -> None:
    store = FakeStore()
    first = recorded(store)
    assert first.id is not None
    # Tom, new, typed before Priya, met again: Tom leads round 2 (its first interviewer),
    # though Priya was recorded first and a new person's record is made after.
    typed = [Contact("Tom Reed", email="tom@acme.example"), Contact("priya shah")]
    after = services.applications.add_round(store, first.id, SECOND, typed, [], PLAYBOOK, NOW)
    priya, tom = after.contacts
    assert after.interviews[1].met == (tom.id, priya.id)
    [call] = [s for s in after.steps if s.kind == "check-in-call"]
    assert [r.name for r in call.recipients] == ["Tom Reed"]


def test_a_round_of_an_application_only_applied_for_makes_it_interviewing() -> None:
    store = FakeStore()
    applied = services.applications.record_interview(
        store,
        Application(company="Beta", role="Writer", applied_at=date(2026, 12, 14)),
        PLAYBOOK,
        NOW,
    )
    assert applied.id is not None and applied.stage is Stage.APPLIED
    assert [s.key for s in applied.steps] == ["status-check:1"]
    after = services.applications.add_round(store, applied.id, SECOND, [], [], PLAYBOOK, NOW)
    assert after.stage is Stage.INTERVIEWING and after.applied_at == date(2026, 12, 14)
    assert "status-check:1" not in {s.key for s in after.steps}


def test_a_round_is_refused_once_decided_and_at_the_same_start_twice() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    services.applications.add_round(store, app.id, SECOND, [], [], PLAYBOOK, NOW)
    with pytest.raises(Conflict, match="already has an interview at 2026-12-21 10:00"):
        services.applications.add_round(store, app.id, SECOND, [], [], PLAYBOOK, NOW)
    services.applications.decide(store, app.id, DecisionKind.REJECTED, PLAYBOOK, NOW)
    third = replace(SECOND, start=SECOND.start + timedelta(days=7), end=SECOND.end + timedelta(7))
    with pytest.raises(Conflict, match="is rejected: another round can be recorded only while"):
        services.applications.add_round(store, app.id, third, [], [], PLAYBOOK, NOW)
    assert len(services.applications.application(store, app.id).interviews) == 2


def test_the_day_applied_for_is_refused_after_today_in_the_users_zone() -> None:
    store = FakeStore()
    with store.transaction() as repo:  # in Auckland it is already Saturday 19 December
        repo.save_profile(Profile(name="Ana", timezone="Pacific/Auckland"))
    saturday = Application(company="Beta", role="Writer", applied_at=date(2026, 12, 19))
    assert services.applications.record_interview(store, saturday, PLAYBOOK, NOW).id
    sunday = replace(saturday, applied_at=date(2026, 12, 20))
    with pytest.raises(InvalidInput, match=r"applied for \(2026-12-20\) is after today"):
        services.applications.record_interview(store, sunday, PLAYBOOK, NOW)
    assert len(services.applications.applications(store)) == 1


def test_a_contact_of_another_application_cannot_be_met_at_this_ones_interview() -> None:
    store = FakeStore()
    a, b = recorded(store), recorded(store)
    assert a.id and b.id and b.contacts[0].id is not None
    with pytest.raises(InvalidInput), store.transaction() as repo:
        repo.add_interview(a.id, replace(SECOND, met=(b.contacts[0].id,)))
    assert len(services.applications.application(store, a.id).interviews) == 1
