"""Whom the worker serves in server mode: every job seeker of the database, by user name:
the accounts whose role is `seeker`, not disabled, that have a profile."""

from __future__ import annotations

from followup.adapters.sql.store import SqlStore

_SERVED = """SELECT u.name FROM users u JOIN profiles p ON p.user_id = u.id
WHERE u.role = 'seeker' AND u.disabled_at IS NULL ORDER BY u.name"""


def people_served(store: SqlStore) -> list[str]:
    """The names of the users whose jobs the worker runs, in order."""
    with store.reading() as repo:
        return [str(name) for name in repo.connection.scalars(_SERVED)]
