"""A contact's details (what a vCard holds beyond its fields) are stored and read back whole,
on SQLite and PostgreSQL; contacts added to an application later too; an import with no
card to add, or a dry run, adds none."""

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
from followup.domain.model import Contact, Detail, DetailKind
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
        application = repo.add_application(aggregates.application(settings={}))
    app_id, interview = application.id, application.latest_interview
    assert app_id is not None and interview is not None and interview.region is not None
    cards = vcard.parse(ADDRESS_BOOK, region=interview.region).contacts  # the app's country
    done = exchange.import_vcard(store, ADDRESS_BOOK, app_id, default_playbook(), NOW)
    added = [c for _, c in done.added]
    assert [dataclasses.replace(c, id=None, application_id=None) for c in added] == cards
    with store.transaction() as repo:
        stored = repo.get_application(app_id).contacts
    assert list(stored[-4:]) == added
    out = io.StringIO()
    exchange.export_vcard(store, out, app_id)
    back = vcard.parse(out.getvalue()).contacts[-4:]
    assert [_without_uid(c) for c in back] == [_without_uid(c) for c in cards]
    uids = [vcard.stored_uid(c) for c in back]
    assert uids[0] == vcard.stored_uid(cards[0]) and len(set(uids)) == 4 and None not in uids
    again = io.StringIO()
    exchange.export_vcard(store, again, app_id)
    assert again.getvalue() == out.getvalue()  # the same UIDs at the next export


def _without_uid(contact: Contact) -> Contact:
    kept = tuple(d for d in contact.details if not d.value.startswith("UID:"))
    return dataclasses.replace(contact, details=kept)


def test_an_import_with_nothing_to_add_writes_nothing(store: SqlStore) -> None:
    with store.transaction() as repo:
        app_id = repo.add_application(aggregates.application(settings={})).id
        before = repo.list_contacts()
    assert app_id is not None
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:nope\r\nEND:VCARD\r\n"
    with pytest.raises(InvalidInput, match="nothing imported: card 1"):
        exchange.import_vcard(store, bad, app_id, default_playbook(), NOW)
    with pytest.raises(NotFound):
        exchange.import_vcard(store, ADDRESS_BOOK, app_id + 99, default_playbook(), NOW)
    exchange.import_vcard(store, ADDRESS_BOOK, app_id, default_playbook(), NOW, dry_run=True)
    with store.transaction() as repo:
        assert repo.list_contacts() == before
