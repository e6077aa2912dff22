"""Server mode's accounts and sign-in sessions in the database (domain/accounts.py).

`SqlAccounts(store)` opens transactions on the store's connections; each yields `AccountRows`,
the statements over the `users` account columns, `sessions`, `api_tokens`, `invitations`,
`password_resets` and `sign_in_failures`. Tokens arrive hashed (`accounts.token_hash`):
nothing here ever sees or keeps a working secret.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from followup.adapters.sql.database import Connection
from followup.adapters.sql.dialects import insert
from followup.adapters.sql.store import SqlStore
from followup.domain.accounts import Account, Role, Scope, email_key
from followup.domain.errors import Conflict

_ACCOUNT = "id, name, email, role, cohort"
# A session is touched (seen_at, expires_at moved on) at most this often: not a write a request.
TOUCH_EVERY = timedelta(minutes=5)


# Failed sign-ins older than this are deleted (the throttles' windows are shorter).
FAILURES_KEPT = timedelta(days=1)


def account(row: dict[str, Any]) -> Account:
    return Account(row["id"], row["name"], row["email"], Role(row["role"]), row["cohort"])


@dataclass(frozen=True, slots=True)
class Session:
    """One of an account's live sign-ins, as its sessions page lists it."""

    id: int
    token_hash: str
    created_at: datetime
    seen_at: datetime
    user_agent: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A personal API token as listed (never the token itself)."""

    id: int
    name: str
    scope: Scope
    created_at: datetime
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    email: str
    role: Role
    cohort: str | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


@dataclass(frozen=True, slots=True)
class Member:
    """An account as the admin's list shows it: disabled ones too."""

    account: Account
    created_at: datetime
    disabled_at: datetime | None
    has_password: bool


class SqlAccounts:
    """The accounts of the database `store` is on, one transaction at a time."""

    def __init__(self, store: SqlStore) -> None:
        # Accounts are everyone's: never behind one user's row-level security.
        self._store = store.for_user(store.user, walled=False) if store.walled else store

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

    def feed_owner(self, feed_hash: str | None) -> str | None:
        """The name of the enabled account whose current calendar feed token has this hash
        (services/calendar.py `feed_hash`): a calendar program cannot sign in, so its link
        is looked up across every account. None for a link of no one's."""
        if feed_hash is None:
            return None
        query = (
            "SELECT u.name FROM feed_tokens f JOIN users u ON u.id = f.user_id "
            "WHERE f.token_hash = :h AND u.disabled_at IS NULL AND u.role IS NOT NULL"
        )
        found: str | None = self.connection.scalar(query, {"h": feed_hash})
        return found

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

    def end_session_of(self, account_id: int, session_id: int, now: datetime) -> bool:
        """End one of the account's sessions; whether it was live."""
        query = (
            "UPDATE sessions SET ended_at = :now WHERE id = :id AND account_id = :a "
            "AND ended_at IS NULL RETURNING id"
        )
        return bool(self.connection.rows(query, {"now": now, "id": session_id, "a": account_id}))

    def end_sessions(self, account_id: int, now: datetime, keep: str | None = None) -> None:
        """End every session of the account's (but the one whose token hash is `keep`)."""
        query = "UPDATE sessions SET ended_at = :now WHERE account_id = :a AND ended_at IS NULL"
        params: dict[str, Any] = {"now": now, "a": account_id}
        if keep:
            query += " AND token_hash <> :keep"
            params["keep"] = keep
        self.connection.execute(query, params)

    def sessions(self, account_id: int, now: datetime) -> list[Session]:
        """The account's live sessions, the last seen first."""
        query = (
            "SELECT id, token_hash, created_at, seen_at, user_agent, address FROM sessions "
            "WHERE account_id = :a AND ended_at IS NULL AND expires_at > :now "
            "ORDER BY seen_at DESC, id DESC"
        )
        return [Session(**r) for r in self.connection.rows(query, {"a": account_id, "now": now})]

    # -- failed sign-ins ---------------------------------------------------------------------

    def failures(self, key: str, since: datetime) -> list[datetime]:
        query = "SELECT at FROM sign_in_failures WHERE key = :k AND at > :since"
        return list(self.connection.scalars(query, {"k": key, "since": since}))

    def record_failure(self, keys: tuple[str, ...], now: datetime) -> None:
        """A failed sign-in under each key; failures over FAILURES_KEPT old deleted."""
        self.connection.execute(
            "DELETE FROM sign_in_failures WHERE at < :before", {"before": now - FAILURES_KEPT}
        )
        many = [{"key": key, "at": now} for key in keys]
        self.connection.execute_many(insert("sign_in_failures", ("key", "at")), many)

    def forget_failures(self, key: str) -> None:
        self.connection.execute("DELETE FROM sign_in_failures WHERE key = :k", {"k": key})

    # -- password resets ---------------------------------------------------------------------

    def add_reset(self, account_id: int, token_hash: str, now: datetime, lasts: timedelta) -> None:
        values = {
            "account_id": account_id,
            "token_hash": token_hash,
            "created_at": now,
            "expires_at": now + lasts,
        }
        self.connection.execute(insert("password_resets", tuple(values)), values)

    def reset_works(self, token_hash: str, now: datetime) -> bool:
        """Whether a reset link is there, unused and not expired."""
        query = (
            "SELECT 1 FROM password_resets WHERE token_hash = :h AND used_at IS NULL "
            "AND expires_at > :now"
        )
        return bool(self.connection.scalar(query, {"h": token_hash, "now": now}))

    def use_reset(self, token_hash: str, now: datetime) -> Account | None:
        """Spend a reset link: its enabled account; None when there is no such link, or it
        was used already, or has expired."""
        spend = (
            "UPDATE password_resets SET used_at = :now WHERE token_hash = :h "
            "AND used_at IS NULL AND expires_at > :now RETURNING account_id"
        )
        spent = self.connection.scalars(spend, {"now": now, "h": token_hash})
        return self.by_id(spent[0]) if spent else None

    # -- invitations -------------------------------------------------------------------------

    def add_invitation(
        self,
        token_hash: str,
        email: str,
        role: Role,
        cohort: str | None,
        invited_by: int | None,
        now: datetime,
        lasts: timedelta,
    ) -> None:
        values = {
            "token_hash": token_hash,
            "email": email.strip(),
            "role": role.value,
            "cohort": cohort,
            "invited_by": invited_by,
            "created_at": now,
            "expires_at": now + lasts,
        }
        self.connection.execute(insert("invitations", tuple(values)), values)

    def invitation(self, token_hash: str) -> Invitation | None:
        query = (
            "SELECT id, email, role, cohort, created_at, expires_at, accepted_at "
            "FROM invitations WHERE token_hash = :h"
        )
        found = self.connection.rows(query, {"h": token_hash})
        return _invitation(found[0]) if found else None

    def accept_invitation(self, invitation_id: int, now: datetime) -> bool:
        """Mark it accepted; False when it was already (another request won)."""
        query = (
            "UPDATE invitations SET accepted_at = :now WHERE id = :id AND accepted_at IS NULL "
            "RETURNING id"
        )
        return bool(self.connection.rows(query, {"now": now, "id": invitation_id}))

    def open_invitations(self, now: datetime) -> list[Invitation]:
        """Invitations not accepted and not expired, the newest first."""
        query = (
            "SELECT id, email, role, cohort, created_at, expires_at, accepted_at "
            "FROM invitations WHERE accepted_at IS NULL AND expires_at > :now "
            "ORDER BY created_at DESC, id DESC"
        )
        return [_invitation(r) for r in self.connection.rows(query, {"now": now})]

    # -- API tokens --------------------------------------------------------------------------

    def add_token(
        self, account_id: int, name: str, token_hash: str, scope: Scope, now: datetime
    ) -> None:
        values = {
            "account_id": account_id,
            "name": name,
            "token_hash": token_hash,
            "scope": scope.value,
            "created_at": now,
        }
        self.connection.execute(insert("api_tokens", tuple(values)), values)

    def tokens(self, account_id: int) -> list[ApiToken]:
        """The account's tokens not revoked, the newest first."""
        query = (
            "SELECT id, name, scope, created_at, used_at FROM api_tokens "
            "WHERE account_id = :a AND revoked_at IS NULL ORDER BY created_at DESC, id DESC"
        )
        found = self.connection.rows(query, {"a": account_id})
        return [
            ApiToken(r["id"], r["name"], Scope(r["scope"]), r["created_at"], r["used_at"])
            for r in found
        ]

    def revoke_token(self, account_id: int, token_id: int, now: datetime) -> bool:
        query = (
            "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND account_id = :a "
            "AND revoked_at IS NULL RETURNING id"
        )
        return bool(self.connection.rows(query, {"now": now, "id": token_id, "a": account_id}))

    def token_account(self, token_hash: str, now: datetime) -> tuple[Account, Scope] | None:
        """The enabled account a token not revoked belongs to, and its scope; `used_at` moved
        on when it was last set over TOUCH_EVERY ago."""
        query = (
            "SELECT t.id AS token_id, t.scope, t.used_at, u.id, u.name, u.email, u.role, "
            "u.cohort FROM api_tokens t JOIN users u ON u.id = t.account_id "
            "WHERE t.token_hash = :h AND t.revoked_at IS NULL "
            "AND u.disabled_at IS NULL AND u.role IS NOT NULL"
        )
        found = self.connection.rows(query, {"h": token_hash})
        if not found:
            return None
        row = found[0]
        if row["used_at"] is None or now - row["used_at"] >= TOUCH_EVERY:
            touch = "UPDATE api_tokens SET used_at = :now WHERE id = :id"
            self.connection.execute(touch, {"now": now, "id": row["token_id"]})
        return account(row), Scope(row["scope"])

    # -- the admin's ---------------------------------------------------------------------------

    def members(self) -> list[Member]:
        """Every account (disabled ones too), by email."""
        query = (
            f"SELECT {_ACCOUNT}, created_at, disabled_at, password_hash FROM users "
            "WHERE role IS NOT NULL ORDER BY email_key"
        )
        return [
            Member(account(r), r["created_at"], r["disabled_at"], r["password_hash"] is not None)
            for r in self.connection.rows(query)
        ]

    def disable(self, email: str, now: datetime) -> Account | None:
        """Disable the enabled account of `email`: its sessions ended, its tokens revoked."""
        found = self.by_email(email)
        if found is None:
            return None
        who = found[0]
        self.connection.execute(
            "UPDATE users SET disabled_at = :now WHERE id = :id", {"now": now, "id": who.id}
        )
        self.end_sessions(who.id, now)
        self.connection.execute(
            "UPDATE api_tokens SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL",
            {"now": now, "a": who.id},
        )
        return who

    def exists(self, email: str) -> bool:
        """Whether any account (disabled too) has this email."""
        query = "SELECT 1 FROM users WHERE email_key = :k"
        return bool(self.connection.scalar(query, {"k": email_key(email)}))


def _invitation(row: dict[str, Any]) -> Invitation:
    return Invitation(**(row | {"role": Role(row["role"])}))
