"""services.applications: record an interview, decide, read an application (on the fakes)."""

import pytest

from followup import services
from followup.domain.errors import Conflict, NotFound
from followup.domain.model import DecisionKind, Stage
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
