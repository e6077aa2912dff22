"""services/undo.py and the duplicate check on the in-memory store: an action keeps what it
changed, in words, and undo puts it back once; a change since refuses it; an open
application's company and role refuse a new one unless it is asked for as new."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from followup import services
from followup.domain.errors import Conflict, Duplicate, NotFound
from followup.domain.model import Channel, DecisionKind, Direction, Touch
from followup.services import undo
from followup.services.steps import Skip

from .fakes import FakeStore
from .service_cases import NOW, PLAYBOOK, recorded


def test_an_action_is_kept_with_its_words_and_undone_once() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    services.steps.act(store, app.steps[0].id or 0, Skip(), PLAYBOOK, NOW)
    offered = undo.offer(store, NOW)
    assert offered is not None
    assert offered.what == f"Skipped: {app.steps[0].kind.replace('-', ' ')} to Priya Shah (Acme)"
    undo.undo(store, None, NOW)
    assert services.applications.application(store, app.id) == app
    assert undo.offer(store, NOW) is None
    with pytest.raises(NotFound):
        undo.undo(store, offered.token, NOW)


def test_a_decision_undone_after_another_change_is_refused() -> None:
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    services.applications.decide(store, app.id, DecisionKind.REJECTED, PLAYBOOK, NOW)
    touch = Touch(Channel.EMAIL, Direction.IN, NOW)
    services.applications.log_touch(store, app.id, touch, PLAYBOOK, NOW)
    with pytest.raises(Conflict, match="changed since"):
        undo.undo(store, None, NOW + timedelta(minutes=1))


def test_a_duplicate_is_refused_unless_new() -> None:
    store = FakeStore()
    app = recorded(store)
    again = replace(app, id=None, company=" acme ", role="data  analyst", steps=())
    with pytest.raises(Duplicate) as refused:
        services.applications.record_interview(store, again, PLAYBOOK, NOW, as_new=False)
    assert refused.value.application_id == app.id
    new = services.applications.record_interview(store, again, PLAYBOOK, NOW, as_new=True)
    assert new.id != app.id
