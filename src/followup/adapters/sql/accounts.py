"""Server mode's accounts and sign-in sessions in the database (domain/accounts.py).

`SqlAccounts(store)` opens transactions on the store's connections; each yields `AccountRows`,
the statements over the `users` account columns and `sessions`. Tokens arrive hashed
(`accounts.token_hash`): nothing here ever sees or keeps a working secret.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from followup.adapters.sql.database import Connection
from followup.adapters.sql.dialects import insert
from followup.adapters.sql.store import SqlStore
from followup.domain.accounts import Account, Role, email_key
from followup.domain.errors import Conflict

_ACCOUNT = "id, name, email, role, cohort"
# A session is touched (seen_at, expires_at moved on) at most this often: not a write a request.
TOUCH_EVERY = timedelta(minutes=5)


def account(row: dict[str, Any]) -> Account:
    return Account(row["id"], row["name"], row["email"], Role(row["role"]), row["cohort"])


class SqlAccounts:
    """The accounts of the database `store` is on, one transaction at a time."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store

    @contextmanager
    def transaction(self) -> Iterator[AccountRows]:
        with self._store.transaction() as repo:
            yield AccountRows(repo.connection)

    @contextmanager
    def reading(self) -> Iterator[AccountRows]:
        with self._store.reading() as repo:
            yield AccountRows(repo.connection)


class AccountRows:
    """The statements over accounts and sessions, on one connection in a transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- accounts ----------------------------------------------------------------------------

    def create(
        self,
        email: str,
        role: Role,
        now: datetime,
        password_hash: str | None = None,
        cohort: str | None = None,
    ) -> Account:
        """A new account (its data's name made up: `account-<random>`); Conflict when the
        email has one already."""
        key = email_key(email)
        if self.connection.scalar("SELECT 1 FROM users WHERE email_key = :k", {"k": key}):
            raise Conflict(f"{email} has an account already")
        values = {
            "name": f"account-{secrets.token_hex(8)}",
            "created_at": now,
            "email": email.strip(),
            "email_key": key,
            "password_hash": password_hash,
            "role": role.value,
            "cohort": cohort,
        }
        self.connection.execute(insert("users", tuple(values)), values)
        found = self.by_email(email)
        assert found is not None
        return found[0]

    def by_email(self, email: str) -> tuple[Account, str | None] | None:
        """The enabled account signing in with `email`, and its password hash."""
        query = (
            f"SELECT {_ACCOUNT}, password_hash FROM users "
            "WHERE email_key = :k AND disabled_at IS NULL"
        )
        found = self.connection.rows(query, {"k": email_key(email)})
        return (account(found[0]), found[0]["password_hash"]) if found else None

    def by_id(self, account_id: int) -> Account | None:
        """The enabled account with this id."""
        query = f"SELECT {_ACCOUNT} FROM users WHERE id = :id AND role IS NOT NULL"
        found = self.connection.rows(query + " AND disabled_at IS NULL", {"id": account_id})
        return account(found[0]) if found else None

    def set_password(self, account_id: int, password_hash: str) -> None:
        query = "UPDATE users SET password_hash = :h WHERE id = :id"
        self.connection.execute(query, {"h": password_hash, "id": account_id})

    # -- sessions ----------------------------------------------------------------------------

    def open_session(
        self,
        account_id: int,
        token_hash: str,
        now: datetime,
        lasts: timedelta,
        user_agent: str | None = None,
        address: str | None = None,
    ) -> None:
        values = {
            "account_id": account_id,
            "token_hash": token_hash,
            "created_at": now,
            "seen_at": now,
            "expires_at": now + lasts,
            "user_agent": (user_agent or "")[:200] or None,
            "address": (address or "")[:64] or None,
        }
        self.connection.execute(insert("sessions", tuple(values)), values)

    def session_account(self, token_hash: str, now: datetime, lasts: timedelta) -> Account | None:
        """The account a live session (not ended, not expired, its account enabled) belongs
        to; its expiry moved on to `now + lasts` when it was last seen over TOUCH_EVERY ago."""
        query = (
            "SELECT s.id AS session_id, s.seen_at, u.id, u.name, u.email, u.role, u.cohort "
            "FROM sessions s JOIN users u ON u.id = s.account_id "
            "WHERE s.token_hash = :h AND s.ended_at IS NULL AND s.expires_at > :now "
            "AND u.disabled_at IS NULL AND u.role IS NOT NULL"
        )
        found = self.connection.rows(query, {"h": token_hash, "now": now})
        if not found:
            return None
        row = found[0]
        if now - row["seen_at"] >= TOUCH_EVERY:
            touch = "UPDATE sessions SET seen_at = :now, expires_at = :until WHERE id = :id"
            self.connection.execute(
                touch, {"now": now, "until": now + lasts, "id": row["session_id"]}
            )
        return account(row)

    def end_session(self, token_hash: str, now: datetime) -> None:
        query = "UPDATE sessions SET ended_at = :now WHERE token_hash = :h AND ended_at IS NULL"
        self.connection.execute(query, {"now": now, "h": token_hash})
