"""services.applications: record an interview, decide, read an application (on the fakes)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup import services
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import (
    OPEN_STATUSES,
    Application,
    Channel,
    Contact,
    DecisionKind,
    Direction,
    Interview,
    Stage,
    Touch,
)
from followup.domain.playbook import NUDGES
from followup.domain.values import Region
from tests.unit.service_cases import NOW, PLAYBOOK, recorded

from .fakes import FakeStore


def test_record_interview_stores_it_as_interviewing():
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None and app.stage is Stage.INTERVIEWING and app.created_at == NOW
    assert services.applications.application(store, app.id).company == "Acme"


def test_decision_moves_the_stage_and_cannot_be_changed_once_final():
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    offered = services.applications.decide(store, app.id, DecisionKind.OFFER, PLAYBOOK, NOW)
    assert offered.stage is Stage.OFFER
    with pytest.raises(Conflict, match="already has an offer"):
        services.applications.decide(store, app.id, DecisionKind.OFFER, PLAYBOOK, NOW)
    hired = services.applications.decide(store, app.id, DecisionKind.HIRED, PLAYBOOK, NOW)
    assert hired.stage is Stage.HIRED and [d.kind for d in hired.decisions] == [
        DecisionKind.OFFER,
        DecisionKind.HIRED,
    ]
    with pytest.raises(Conflict, match="already hired"):
        services.applications.decide(store, app.id, DecisionKind.REJECTED, PLAYBOOK, NOW)


def test_unknown_application_is_not_found():
    with pytest.raises(NotFound, match="no application with id 99"):
        services.applications.application(FakeStore(), 99)


def test_a_touch_in_the_future_is_refused_and_nothing_is_stored():
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    tomorrow = Touch(Channel.PHONE, Direction.OUT, NOW + timedelta(days=1))
    with pytest.raises(Conflict) as refused:
        services.applications.log_touch(store, app.id, tomorrow, PLAYBOOK, NOW)
    assert str(refused.value) == (
        "a touch at 2026-12-19 16:00 UTC is in the future (now: 2026-12-18 16:00 UTC): "
        "log what has happened"
    )
    assert services.applications.application(store, app.id).touches == ()
    now = Touch(Channel.PHONE, Direction.OUT, NOW)  # this very moment has happened
    assert services.applications.log_touch(store, app.id, now, PLAYBOOK, NOW).id is not None


# --- one company at a time: an event on one role replans the others there (issue 14) ------


def _role(company: str, day: int, lead: str) -> Application:
    """A role interviewed on `day` March 2026, 10:00-11:00 in London, `lead` leading it."""
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 3, day, 10, tzinfo=london)
    return Application(
        company=company,
        role=f"Role led by {lead}",
        interviews=(
            Interview(start, start + timedelta(hours=1), "Europe/London", Region("GB", "ENG")),
        ),
        contacts=(Contact(lead, email=f"{lead.split()[0].lower()}@acme.example", phone=PHONE),),
    )


def _call(store: FakeStore, app_id: int) -> tuple[str, str] | str:
    """The window of the application's open nudge, or how its nudges stand when none is open."""
    app = services.applications.application(store, app_id)
    nudges = [s for s in app.steps if s.kind in NUDGES]
    for step in nudges:
        if step.status in OPEN_STATUSES:
            return step.earliest.isoformat(), step.due.isoformat()
    return ", ".join(f"{s.key} {s.status.value}: {s.outcome}" for s in nudges)


PHONE = "+44 20 7946 0958"


def test_an_event_on_one_role_replans_the_others_at_the_same_company():
    store = FakeStore()
    services.people.update_profile(
        store, {"name": "Zoe Hart", "region": Region("GB", "ENG"), "timezone": "Europe/London"}
    )
    record = services.applications.record_interview
    data = record(
        store, _role("Acme", 10, "Jane Smith"), PLAYBOOK, datetime(2026, 3, 10, 12, tzinfo=UTC)
    )
    assert data.id is not None
    assert _call(store, data.id) == ("2026-03-17T09:00:00+00:00", "2026-03-20T17:00:00+00:00")
    now = datetime(2026, 3, 11, 12, tzinfo=UTC)
    analytics = record(store, _role(" ACME ", 11, "Priya Shah"), PLAYBOOK, now)
    other = record(store, _role("Globex", 11, "Ola Berg"), PLAYBOOK, now)
    assert analytics.id is not None and other.id is not None
    # Alone, the second call would start Wed 18; a week after the first one: Tue 24.
    assert _call(store, analytics.id) == ("2026-03-24T09:00:00+00:00", "2026-03-27T17:00:00+00:00")
    assert _call(store, other.id) == ("2026-03-18T09:00:00+00:00", "2026-03-23T17:00:00+00:00")

    # A reply about the Analytics role pauses the Data Engineer call too, and Today shows
    # neither; Globex's call is still there.
    reply = Touch(Channel.EMAIL, Direction.IN, datetime(2026, 3, 16, 12, tzinfo=UTC))
    log = services.applications.log_touch
    log(store, analytics.id, reply, PLAYBOOK, reply.at)
    for app_id in (data.id, analytics.id):
        assert "paused" in str(_call(store, app_id))
    agenda = services.agenda.agenda(store, PLAYBOOK, reply.at, timedelta(days=30))
    assert {s.application_id for s in agenda.due if s.kind in NUDGES} == {other.id}

    # Answering it resumes both, a week after the answer, one after the other.
    answer = Touch(Channel.EMAIL, Direction.OUT, datetime(2026, 3, 18, 14, tzinfo=UTC))
    log(store, analytics.id, answer, PLAYBOOK, answer.at)
    assert _call(store, data.id) == ("2026-03-25T14:00:00+00:00", "2026-03-30T17:00:00+01:00")
    assert _call(store, analytics.id) == ("2026-04-01T15:00:00+01:00", "2026-04-08T17:00:00+01:00")

    # The Data Engineer call made on Wed 25 at 14:30: its next nudge and the Analytics call
    # would both start a week later; the lower id first (due 3 working days later: Apr 2,
    # (Good Friday, Easter Monday), 7, [8]), the other a week after that (due 9, 10, [13]).
    (call,) = [
        s
        for s in services.applications.application(store, data.id).steps
        if s.kind == "check-in-call"
    ]
    assert call.id is not None
    made = datetime(2026, 3, 25, 14, 30, tzinfo=UTC)
    services.steps.act(store, call.id, services.steps.Complete("reached"), PLAYBOOK, made)
    assert _call(store, data.id) == ("2026-04-01T15:30:00+01:00", "2026-04-08T17:00:00+01:00")
    assert _call(store, analytics.id) == ("2026-04-08T15:30:00+01:00", "2026-04-13T17:00:00+01:00")

    # The Data Engineer role is turned down: the Analytics call moves up to a week after the
    # last contact with Acme (the call made on the 25th), due Apr 2, 7, [8].
    decided = datetime(2026, 3, 26, 9, tzinfo=UTC)
    services.applications.decide(store, data.id, DecisionKind.REJECTED, PLAYBOOK, decided)
    assert _call(store, analytics.id) == ("2026-04-01T15:30:00+01:00", "2026-04-08T17:00:00+01:00")
    assert _call(store, other.id) == ("2026-03-18T09:00:00+00:00", "2026-03-23T17:00:00+00:00")
