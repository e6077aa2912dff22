"""services.cards: a card read into a contact, kept only when asked (on the fakes)."""

from datetime import UTC, datetime

import pytest

from followup.bootstrap import default_playbook
from followup.domain.cards import extract
from followup.domain.errors import InvalidInput
from followup.domain.model import Relation
from followup.services import cards
from tests.unit.card_cases import lines
from tests.unit.service_cases import recorded

from .fakes import FakeStore


def test_saving_a_card_adds_one_contact_to_the_application():
    store = FakeStore()
    app = recorded(store)
    assert app.id is not None
    found = extract(lines("Ann Lee", "Senior Recruiter", "ann@acme.example"), "GB")
    contact = cards.card_contact(found, Relation.RECRUITER)
    now = datetime(2026, 12, 18, 17, tzinfo=UTC)
    saved = cards.save_card(store, app.id, contact, default_playbook(), now)
    assert saved.id is not None and saved.application_id == app.id
    names = [c.name for c in store.data.applications[app.id].contacts]
    assert names == ["Priya Shah", "Ann Lee"]


def test_a_card_without_a_name_cannot_become_a_contact():
    with pytest.raises(InvalidInput, match="no name found"):
        cards.card_contact(extract(lines("ann@acme.example"), None), Relation.HR)
