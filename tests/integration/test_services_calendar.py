"""The calendar feed's secret link on real databases: only the token's hash is stored, one link
per user, replacing or revoking stops the old one, and one user's link never serves another's."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import NotFound
from followup.services import calendar, demo

NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def test_the_repository_keeps_one_hash_per_user(store_for: Callable[[str], SqlStore]) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    with alice.transaction() as repo:
        assert repo.feed_token_since() is None
        assert repo.delete_feed_token() is False
        repo.save_feed_token(_sha("first"), NOW)
    with alice.transaction() as repo:
        assert repo.feed_token_since() == NOW
        assert repo.feed_token_since(_sha("first")) == NOW
        assert repo.feed_token_since(_sha("other")) is None
        repo.save_feed_token(_sha("second"), NOW + timedelta(hours=1))
    with alice.transaction() as repo:
        assert repo.feed_token_since(_sha("first")) is None
        assert repo.feed_token_since(_sha("second")) == NOW + timedelta(hours=1)
        [count] = repo.connection.scalars("SELECT count(*) FROM feed_tokens")
        assert count == 1
    with bob.transaction() as repo:
        assert repo.feed_token_since() is None
        assert repo.feed_token_since(_sha("second")) is None  # alice's token is not bob's
        repo.save_feed_token(_sha("bob's"), NOW)
    with alice.transaction() as repo:
        assert repo.feed_token_since(_sha("bob's")) is None
        assert repo.delete_feed_token() is True
        assert repo.feed_token_since() is None
    with bob.transaction() as repo:
        assert repo.feed_token_since(_sha("bob's")) == NOW  # revoking alice's left bob's


def test_a_rolled_back_replacement_keeps_the_old_link(store: SqlStore) -> None:
    token = calendar.new_feed_token(store, NOW)
    with pytest.raises(RuntimeError), store.transaction() as repo:
        repo.save_feed_token(_sha("never"), NOW)
        raise RuntimeError("the transaction fails")
    with store.transaction() as repo:
        assert repo.feed_token_since(_sha(token)) == NOW


def test_the_service_serves_the_feed_for_the_current_token_only(
    store_for: Callable[[str], SqlStore],
) -> None:
    alice, bob = store_for("alice"), store_for("bob")
    playbook = default_playbook()
    demo.seed(alice, playbook, NOW)
    with pytest.raises(NotFound):
        calendar.feed_for_token(alice, "anything", NOW)
    token = calendar.new_feed_token(alice, NOW)
    assert len(token) >= 43  # 32 random bytes
    with alice.transaction() as repo:
        stored = repo.connection.scalars("SELECT token_hash FROM feed_tokens")
    assert stored == [_sha(token)]  # the hash, never the token
    document = calendar.feed_for_token(alice, token, NOW)
    assert document == calendar.calendar_feed(alice, NOW)  # what `calendar export` writes
    events = icalendar.Calendar.from_ical(document).walk("VEVENT")
    assert events
    with pytest.raises(NotFound):
        calendar.feed_for_token(bob, token, NOW)  # bob's data is not served with alice's link
    replaced = calendar.new_feed_token(alice, NOW)
    assert replaced != token
    with pytest.raises(NotFound):
        calendar.feed_for_token(alice, token, NOW)
    assert calendar.feed_for_token(alice, replaced, NOW) == document
    assert calendar.revoke_feed_token(alice) is True
    with pytest.raises(NotFound):
        calendar.feed_for_token(alice, replaced, NOW)
    assert calendar.revoke_feed_token(alice) is False
    assert calendar.feed_token_since(alice) is None
