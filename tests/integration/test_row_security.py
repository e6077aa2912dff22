"""PostgreSQL's row-level security, the second wall (migration 0015): an account's store
(`SqlStore.for_user`) sees and writes its user's rows alone even in a query that forgot
`user_id = :owner`; a store that names no one (the CLI, workers, accounts) sees every row.
Run as a role that owns the tables and is no superuser, as a deployed followup is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup.adapters.sql.database import parse
from followup.bootstrap import App
from followup.domain.accounts import Account
from followup.domain.errors import StorageError
from tests.integration.conftest import POSTGRES_URL, postgres_owner
from tests.server import account, server_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    with postgres_owner() as url:
        made = server_app(tmp_path, url)
        try:
            yield made
        finally:
            made.store.close()


def _seeded(app: App) -> tuple[Account, Account]:
    return account(app, "ann@example.org", seeded=True), account(
        app, "bob@example.org", seeded=True
    )


def test_every_table_of_a_users_rows_has_the_wall(app: App) -> None:
    with app.store.reading() as repo:  # type: ignore[attr-defined]
        tables = repo.connection.rows(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies "
            "FROM pg_class c JOIN information_schema.columns i "
            "ON i.table_name = c.relname AND i.table_schema = current_schema() "
            "WHERE c.relnamespace = current_schema()::regnamespace AND i.column_name = 'user_id'"
        )
    assert len(tables) > 10
    unwalled = [
        t["relname"]
        for t in tables
        if not (t["relrowsecurity"] and t["relforcerowsecurity"] and t["policies"])
    ]
    assert not unwalled, f"add them to the row-security migration: {unwalled}"


def test_a_query_that_forgets_its_user_sees_that_users_rows_alone(app: App) -> None:
    ann, bob = _seeded(app)
    mine = app.for_user(bob.name).store
    with mine.reading() as repo:  # type: ignore[attr-defined]
        seen = repo.connection.rows("SELECT user_id, id FROM applications")
        contacts = repo.connection.scalars("SELECT DISTINCT user_id FROM contacts")
    assert seen and {r["user_id"] for r in seen} == {bob.id}
    assert contacts == [bob.id]
    with app.store.reading() as repo:  # type: ignore[attr-defined]  # naming no one: all
        everyone = repo.connection.scalars("SELECT DISTINCT user_id FROM applications")
    assert sorted(everyone) == sorted([ann.id, bob.id])


def test_a_write_to_another_users_rows_changes_nothing_or_is_refused(app: App) -> None:
    ann, bob = _seeded(app)
    mine = app.for_user(bob.name).store
    with app.store.reading() as repo:  # type: ignore[attr-defined]
        hers = repo.connection.scalar(
            "SELECT min(application_id) FROM touches WHERE user_id = :a", {"a": ann.id}
        )
    with mine.transaction() as repo:  # type: ignore[attr-defined]
        repo.connection.execute(
            "UPDATE applications SET company = 'Bob was here' WHERE id = :id", {"id": hers}
        )
        repo.connection.execute("DELETE FROM touches WHERE application_id = :id", {"id": hers})
    with app.store.reading() as repo:  # type: ignore[attr-defined]
        company = repo.connection.scalar(
            "SELECT company FROM applications WHERE id = :id", {"id": hers}
        )
        touches = repo.connection.scalar(
            "SELECT count(*) FROM touches WHERE application_id = :id", {"id": hers}
        )
    assert company != "Bob was here" and touches > 0
    with pytest.raises(StorageError), mine.transaction() as repo:  # type: ignore[attr-defined]
        repo.connection.execute(
            "UPDATE contacts SET user_id = :ann WHERE user_id = :bob",
            {"ann": ann.id, "bob": bob.id},
        )


def test_the_role_is_no_superuser(app: App) -> None:
    """The wall holds the tables' owner (FORCE) but never a superuser: these tests would
    prove nothing as one."""
    assert POSTGRES_URL
    with app.store.reading() as repo:  # type: ignore[attr-defined]
        assert (
            repo.connection.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            is False
        )
    assert parse(POSTGRES_URL).where
