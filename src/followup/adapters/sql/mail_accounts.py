"""Server mode: each user's own mail servers (`mail_accounts`), the passwords encrypted with
`adapters/secrets.py` and never read back but to connect.

An account holds the same fields as the mail settings of the local mode (smtp_host ...
imap_sent_folder, checked by the same types); a field left empty takes the setting's default.
`settings_of` gives them as the App reads its mail settings, passwords decrypted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followup.adapters import secrets
from followup.adapters.sql.store import SqlStore
from followup.config.settings import BY_NAME
from followup.domain.errors import InvalidInput
from followup.domain.values import one_line

FIELDS = (
    "smtp_host", "smtp_port", "smtp_user", "smtp_security",
    "imap_host", "imap_port", "imap_user", "imap_security", "imap_sent_folder",
)  # fmt: skip
KINDS = ("smtp", "imap")
PASSWORD_LENGTH = 1000
_OWNER = "user_id = (SELECT id FROM users WHERE name = :name)"


@dataclass(frozen=True, slots=True)
class MailAccount:
    """A user's mail servers as stored: the fields given (None: the default) and, for each
    kind, whether a password is kept (the password itself stays in the database)."""

    values: Mapping[str, Any]
    has_password: Mapping[str, bool]

    def value(self, name: str) -> Any:
        given = self.values.get(name)
        return BY_NAME[name].default if given is None else given


def checked(given: Mapping[str, str]) -> dict[str, Any]:
    """The form's fields typed by their settings (empty: None, the default); InvalidInput
    names the first wrong one."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        text = one_line(str(given.get(name) or ""), name, 300).strip()
        if not text:
            values[name] = None
            continue
        setting = BY_NAME[name]
        try:
            values[name] = setting.type(text)
        except (TypeError, ValueError):
            raise InvalidInput(f"{name}: {text!r} is not a valid value. {setting.help}") from None
    return values


def load(store: SqlStore) -> MailAccount | None:
    """The user's mail account; None when they have not saved one."""
    found = _row(store)
    if found is None:
        return None
    return MailAccount(
        {name: found[name] for name in FIELDS},
        {kind: bool(found[f"{kind}_secret"]) for kind in KINDS},
    )


def save(
    store: SqlStore,
    values: Mapping[str, Any],
    passwords: Mapping[str, str],
    secret_key: str | None,
    now: datetime,
) -> None:
    """Keep the account's fields (`checked`) and each password typed, encrypted; an empty
    password keeps the one kept before. One transaction: all of it or nothing."""
    sealed = {}
    for kind in KINDS:
        typed = passwords.get(kind) or ""
        one_line(typed, "a password", PASSWORD_LENGTH)
        if typed:
            sealed[f"{kind}_secret"] = secrets.seal(secret_key, typed)
    row = {**{name: values.get(name) for name in FIELDS}, **sealed, "changed_at": now}
    columns = ", ".join(row)
    updates = ", ".join(f"{name} = excluded.{name}" for name in row)
    params = ", ".join(f":{name}" for name in row)
    with store.transaction() as repo:
        owner = repo.connection.scalar(
            "SELECT id FROM users WHERE name = :name", {"name": store.user}
        )
        if owner is None:
            raise InvalidInput("save your profile first: the mail account is kept with it")
        repo.connection.execute(
            f"INSERT INTO mail_accounts (user_id, {columns}) VALUES (:owner, {params}) "
            f"ON CONFLICT (user_id) DO UPDATE SET {updates}",
            {**row, "owner": owner},
        )


def settings_of(store: SqlStore, secret_key: str | None) -> dict[str, Any]:
    """The user's mail settings as the App reads them (every field, its default where not
    given, and `smtp_password`, `imap_password` decrypted); the fields all None without an
    account, so that nothing is sent or read."""
    found = _row(store)
    if found is None:
        return {name: None for name in (*FIELDS, "smtp_password", "imap_password")}
    account = MailAccount({name: found[name] for name in FIELDS}, {})
    settings = {name: account.value(name) for name in FIELDS}
    for kind in KINDS:
        token = found[f"{kind}_secret"]
        settings[f"{kind}_password"] = secrets.unseal(secret_key, token) if token else None
    return settings


def _row(store: SqlStore) -> dict[str, Any] | None:
    with store.reading() as repo:
        found = repo.connection.rows(
            f"SELECT * FROM mail_accounts WHERE {_OWNER}", {"name": store.user}
        )
    return found[0] if found else None
