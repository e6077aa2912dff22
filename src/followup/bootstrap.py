"""Wires adapters into the services: `build(settings) -> App`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup.config import clock
from followup.config.settings import Settings

if TYPE_CHECKING:  # the ports are only annotations here: importing them costs each command
    from followup.adapters.imap import ImapMailbox
    from followup.adapters.sql.accounts import SqlAccounts
    from followup.adapters.sql.coaching import SqlCoaching
    from followup.adapters.sql.store import SqlStore
    from followup.domain.playbook import Playbook
    from followup.ports import Backups, JobClaims, Mailer, Proofreader, SentFolder, Store


def default_playbook() -> Playbook:
    """The playbook shipped in the package."""
    from followup.config import playbooks

    return playbooks.shipped()


@dataclass
class App:
    """The adapters of one process, each made when first used."""

    settings: Settings
    _store: Store | None = field(default=None, repr=False)
    # Whether the config directory's own templates are this App's user's: not an account's in
    # server mode (the directory is the server's, one for everyone; `for_user`).
    own_templates: bool = True

    @cached_property
    def store(self) -> Store:
        if self._store is not None:
            return self._store
        from followup.adapters.sql.store import open_store

        store: Store = open_store(self.settings.database_url, self.settings["user"], self.now)
        return store

    @property
    def sql_store(self) -> SqlStore:
        """The store as the SQL database it is: what holds several users (server mode's
        accounts, coaching, mail accounts, job claims). TypeError for another store (a fake)."""
        from followup.adapters.sql.store import SqlStore

        store = self.store
        if not isinstance(store, SqlStore):
            raise TypeError("this needs the SQL store (several users, accounts, claims)")
        return store

    @property
    def accounts(self) -> SqlAccounts:
        """Server mode's accounts and sessions, on the store's database."""
        from followup.adapters.sql.accounts import SqlAccounts

        return SqlAccounts(self.sql_store)

    @property
    def coaching(self) -> SqlCoaching:
        """Server mode's coaching (consent, access log, notes, nudges, the caseload)."""
        from followup.adapters.sql.coaching import SqlCoaching

        return SqlCoaching(self.sql_store)

    @property
    def backups(self) -> Backups:
        """Copies of the whole database (SQLite only; the store need not be opened)."""
        from followup.adapters.sql.copy import SqliteBackups

        return SqliteBackups(self.settings.database_url)

    @cached_property
    def playbook(self) -> Playbook:
        """The default playbook with the user's `playbook.toml` (config directory) on top, kept
        compiled in the data folder's `cache/` until either file changes (`config/playbooks.py`)."""
        from followup.config import playbooks

        settings = self.settings
        return playbooks.load(settings.config_dir / "playbook.toml", settings.data_dir)

    @property
    def templates(self) -> list[Path]:
        """Where the user's own templates are looked for first (none for an account in
        server mode: the shipped templates)."""
        return [self.settings.config_dir / "templates"] if self.own_templates else []

    @property
    def proofreader(self) -> Proofreader:
        from followup.adapters import spelling

        return spelling

    def for_user(self, user: str) -> App:
        """This process's App as `user` sees it (server mode: the signed-in account's data):
        the same settings, playbook and database connections, a store scoped to `user`."""
        store = self.sql_store.for_user(user)
        other = App(settings=self.settings, _store=store, own_templates=False)
        other.__dict__["playbook"] = self.playbook
        return other

    def now(self) -> datetime:
        return clock.now(self.settings["now"])

    @cached_property
    def mail_settings(self) -> Mapping[str, Any]:
        """The mail servers' settings (smtp_*, imap_*): the settings' own; in server mode the
        user's own mail account's (`adapters/sql/mail_accounts.py`), passwords decrypted."""
        if not self.settings["server"]:
            return _mail_of(self.settings)
        from followup.adapters.sql import mail_accounts

        return mail_accounts.settings_of(self.sql_store, self.settings["secret_key"])

    def mail_changed(self) -> None:
        """Read the mail settings again when next used (the user saved their mail account)."""
        for name in ("mail_settings", "mailer", "mailbox"):
            self.__dict__.pop(name, None)

    @cached_property
    def mailer(self) -> Mailer | None:
        """The SMTP server that sends the user's approved mail; None when `smtp_host` is unset
        (in server mode: the user's mail account has none)."""
        return _smtp(self.mail_settings, not self.settings["server"])

    @cached_property
    def system_mailer(self) -> Mailer | None:
        """The SMTP server of followup's own mail (the morning digest): the settings' (in
        server mode the server's, from its environment); None when `smtp_host` is unset."""
        return _smtp(_mail_of(self.settings), True)

    @cached_property
    def mailbox(self) -> ImapMailbox | None:
        """The user's mailbox over IMAP; None when `imap_host` is unset."""
        s = self.mail_settings
        if not s["imap_host"]:
            return None
        from followup.adapters.imap import ImapMailbox
        from followup.adapters.passwords import password

        user = s["imap_user"] or s["smtp_user"] or ""
        secret = s["imap_password"]
        if not self.settings["server"]:  # the keyring is the local mode's
            secret = password("imap", secret, s["imap_host"], user)
        return ImapMailbox(s["imap_host"], s["imap_port"], s["imap_security"], user, secret)

    @property
    def claims(self) -> JobClaims:
        """The days the worker's once-a-day jobs were claimed (`adapters/sql/job_claims.py`)."""
        from followup.adapters.sql.job_claims import SqlJobClaims

        return SqlJobClaims(self.sql_store)

    @property
    def sent_folder(self) -> SentFolder | None:
        """The Sent folder a send in doubt is looked for in; None without IMAP."""
        from followup.adapters.imap import SentFolder as ImapSentFolder

        mailbox = self.mailbox
        folder = self.mail_settings["imap_sent_folder"]
        return ImapSentFolder(mailbox, folder) if mailbox else None


MAIL_SETTINGS = (
    *("smtp_host", "smtp_port", "smtp_user", "smtp_security", "smtp_password"),
    *("imap_host", "imap_port", "imap_user", "imap_security", "imap_password"),
    "imap_sent_folder",
)


def _mail_of(settings: Settings) -> dict[str, Any]:
    return {name: settings[name] for name in MAIL_SETTINGS}


def _smtp(s: Mapping[str, Any], keyring: bool) -> Mailer | None:
    """The SMTP server the mail settings `s` name; its password from `s`, else (`keyring`)
    from the system keyring."""
    if not s["smtp_host"]:
        return None
    from followup.adapters.passwords import password
    from followup.adapters.smtp import SmtpMailer

    host, user = s["smtp_host"], s["smtp_user"]
    secret = password("smtp", s["smtp_password"], host, user) if keyring else s["smtp_password"]
    return SmtpMailer(host, s["smtp_port"], s["smtp_security"], user, secret)


def build(settings: Settings, store: Store | None = None) -> App:
    return App(settings=settings, _store=store)
