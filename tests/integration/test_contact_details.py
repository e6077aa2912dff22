"""A contact's details (what a vCard holds beyond its fields) are stored and read back whole,
on SQLite and PostgreSQL; contacts added to an application later too; a bad import adds none."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followup.adapters import vcard
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import InvalidInput, NotFound
from followup.domain.model import Detail, DetailKind
from followup.services import exchange
from tests.integration import aggregates

ADDRESS_BOOK = (Path(__file__).parents[1] / "data" / "address_book.vcf").read_text("utf-8")
NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def test_details_come_back_as_they_went_in(store: SqlStore) -> None:
    given = aggregates.application()
    first = given.contacts[0]
    detailed = dataclasses.replace(
        first,
        details=(
            Detail(DetailKind.EMAIL, "zoe@home.example", ("HOME", "pref")),
            Detail(DetailKind.PHOTO, "iVBORw0KGgo=", ("PNG",)),
            Detail(DetailKind.OTHER, "item1.X-ABLABEL:_$!<Other>!$_"),
        ),
    )
    with store.transaction() as repo:
        stored = repo.add_application(
            dataclasses.replace(given, contacts=(detailed, *given.contacts[1:]))
        )
    with store.transaction() as repo:
        back = repo.get_contact(stored.contacts[0].id or 0)
    assert back.details == detailed.details
    with store.transaction() as repo:
        assert repo.update_contact(dataclasses.replace(back, details=())).details == ()
        assert repo.get_contact(back.id or 0).details == ()


def test_an_address_book_is_added_and_exported_whole(store: SqlStore) -> None:
    with store.transaction() as repo:
        app_id = repo.add_application(aggregates.application(settings={})).id
    assert app_id is not None
    cards = vcard.parse(ADDRESS_BOOK)
    added = exchange.import_vcard(store, ADDRESS_BOOK, app_id, default_playbook(), NOW)
    assert [dataclasses.replace(c, id=None, application_id=None) for c in added] == cards
    with store.transaction() as repo:
        stored = repo.get_application(app_id).contacts
    assert list(stored[-4:]) == added
    out = io.StringIO()
    exchange.export_vcard(store, out, app_id)
    assert vcard.parse(out.getvalue())[-4:] == cards


def test_a_refused_import_writes_nothing(store: SqlStore) -> None:
    with store.transaction() as repo:
        app_id = repo.add_application(aggregates.application(settings={})).id
        before = repo.list_contacts()
    assert app_id is not None
    bad = ADDRESS_BOOK + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:nope\r\nEND:VCARD\r\n"
    with pytest.raises(InvalidInput, match="card 5"):
        exchange.import_vcard(store, bad, app_id, default_playbook(), NOW)
    with pytest.raises(NotFound):
        exchange.import_vcard(store, ADDRESS_BOOK, app_id + 99, default_playbook(), NOW)
    with store.transaction() as repo:
        assert repo.list_contacts() == before
