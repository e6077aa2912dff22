"""A store whose PostgreSQL connections the server ends (a restart, an administrator) goes on:
the first statement of a transaction on a lost connection is run again on a new one; a
connection lost in the middle of a transaction fails it, whole. The server's other sessions
are left alone: only the store's backends (by their application_name) are ended."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from followup.adapters.sql.store import SqlStore, open_store
from followup.domain.errors import StorageError
from followup.domain.model import Channel, Direction, Touch
from tests.integration import aggregates
from tests.integration.conftest import end_sessions

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 12, 18, 16, 30, tzinfo=UTC)


@pytest.fixture
def named(postgres_url: str) -> Iterator[tuple[SqlStore, str]]:
    """A store on its own schema whose sessions carry a name of their own."""
    name = f"followup-test-{uuid.uuid4().hex[:12]}"
    store = open_store(f"{postgres_url}&application_name={name}", "alice")
    yield store, name
    store.close()


def test_a_store_goes_on_when_the_server_ends_its_connections(
    named: tuple[SqlStore, str],
) -> None:
    store, name = named
    with store.transaction() as repo, store.reading() as other:  # two connections kept
        repo.save_profile(aggregates.PROFILE)
        assert other.get_profile() is None  # not committed yet
    assert end_sessions(name) == 2
    with store.reading() as repo:  # its first statement meets a lost connection
        assert repo.get_profile() == aggregates.PROFILE
    with store.transaction() as repo:
        stored = repo.add_application(aggregates.application())
    assert store.revision() == 2
    assert end_sessions(name) >= 1
    with store.transaction() as repo:
        assert stored.id is not None
        repo.add_touch(stored.id, Touch(Channel.EMAIL, Direction.IN, NOW))
    assert store.revision() == 3


def test_a_connection_lost_in_the_middle_of_a_transaction_fails_it_whole(
    named: tuple[SqlStore, str],
) -> None:
    store, name = named
    with pytest.raises(StorageError), store.transaction() as repo:
        stored = repo.add_application(aggregates.application())
        assert stored.id is not None
        end_sessions(name)
        repo.add_touch(stored.id, Touch(Channel.EMAIL, Direction.IN, NOW))
    with store.reading() as repo:
        assert repo.list_applications() == []
