from datetime import UTC, datetime, timedelta

import pytest

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict, InvalidInput, NotFound
from followup.domain.model import Application, Contact, DecisionKind, Interview, Stage
from followup.services import demo

from .fakes import FakeStore

NOW = datetime(2026, 12, 18, 16, tzinfo=UTC)
PLAYBOOK = default_playbook()


def recorded(store: FakeStore) -> Application:
    start = NOW - timedelta(hours=3)
    app = Application(
        company="Acme",
        role="Data Analyst",
        interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
        contacts=(Contact(name="Priya Shah", email="priya@acme.example"),),
    )
    return services.applications.record_interview(store, app, PLAYBOOK, NOW)


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


def test_edit_contact_validates_the_whole_contact_and_writes_nothing_on_error():
    store = FakeStore()
    app = recorded(store)
    contact_id = app.contacts[0].id
    assert contact_id is not None
    commits = store.commits
    with pytest.raises(InvalidInput, match="does not parse"):
        services.people.edit_contact(store, contact_id, {"email": "not-an-address"}, PLAYBOOK, NOW)
    assert store.commits == commits
    assert services.people.contact(store, contact_id).email == "priya@acme.example"
    edited = services.people.edit_contact(
        store, contact_id, {"title": "Head of Data"}, PLAYBOOK, NOW
    )
    assert edited.title == "Head of Data" and edited.email == "priya@acme.example"


def test_update_profile_creates_then_changes_fields():
    store = FakeStore()
    services.people.update_profile(store, {"name": "Alex", "timezone": "Europe/London"})
    changed = services.people.update_profile(store, {"email": "alex@example.org"})
    assert (changed.name, changed.timezone, changed.email) == (
        "Alex",
        "Europe/London",
        "alex@example.org",
    )


def test_demo_seeds_once_with_varied_stages_and_countries():
    store = FakeStore()
    assert demo.seed(store, PLAYBOOK, NOW) == len(demo.applications(NOW))
    assert demo.seed(store, PLAYBOOK, NOW) == 0
    stored = services.applications.applications(store)
    assert {s.stage for s in stored} >= {Stage.INTERVIEWING, Stage.REJECTED, Stage.OFFER}
    countries = {
        i.region.country for a in store.data.applications.values() for i in a.interviews if i.region
    }
    assert len(countries) >= 4
