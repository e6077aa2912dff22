"""services.people: the user's profile and their contacts (on the fakes)."""

import pytest

from followup import services
from followup.domain.errors import InvalidInput
from tests.unit.service_cases import NOW, PLAYBOOK, recorded

from .fakes import FakeStore


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
