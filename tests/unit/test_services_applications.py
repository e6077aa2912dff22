"""services.applications: record an interview, decide, read an application (on the fakes)."""

from datetime import timedelta

import pytest

from followup import services
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import Channel, DecisionKind, Direction, Stage, Touch
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
