"""`Store.revision`: one more after each transaction that writes, seen by every store on the
same database (another process's), and unchanged by reading or by a write rolled back."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from followup import services
from followup.adapters.sql.store import SqlStore
from followup.domain.model import Profile


def test_writes_move_the_revision_and_reads_do_not(
    store_for: Callable[[str], SqlStore], store: SqlStore
) -> None:
    elsewhere = store_for(store.user)  # the same user through other connections
    before = store.revision()
    services.people.update_profile(store, {"name": "Ada Lovelace", "timezone": "Europe/London"})
    after_write = store.revision()
    assert after_write > before
    assert elsewhere.revision() == after_write
    services.people.profile(store)
    with store.transaction() as repo:  # a transaction that happens only to read
        repo.get_profile()
    assert store.revision() == after_write
    with pytest.raises(RuntimeError), store.transaction() as repo:
        repo.save_profile(Profile(name="Rolled Back", timezone="UTC"))
        raise RuntimeError("undo")
    assert store.revision() == after_write
    services.people.update_profile(elsewhere, {"name": "Ada King"})
    assert store.revision() > after_write


def test_another_users_writes_do_not_move_mine(
    store_for: Callable[[str], SqlStore], store: SqlStore
) -> None:
    services.people.update_profile(store, {"name": "Ada Lovelace", "timezone": "Europe/London"})
    mine = store.revision()
    services.people.update_profile(store_for("someone-else"), {"name": "Bo", "timezone": "UTC"})
    assert store.revision() == mine
