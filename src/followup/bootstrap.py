"""Wires adapters into the services: `build(settings) -> App`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from followup.config import clock
from followup.config.settings import Settings

if TYPE_CHECKING:  # the ports are only annotations here: importing them costs each command
    from followup.adapters.imap import ImapMailbox
    from followup.adapters.sql.accounts import SqlAccounts
    from followup.adapters.sql.coaching import SqlCoaching
    from followup.domain.playbook import Playbook
    from followup.ports import Backups, Mailer, Proofreader, SentFolder, Store


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
    def accounts(self) -> SqlAccounts:
        """Server mode's accounts and sessions, on the store's database."""
        from followup.adapters.sql.accounts import SqlAccounts
        from followup.adapters.sql.store import SqlStore

        store = self.store
        if not isinstance(store, SqlStore):
            raise TypeError("accounts live in a SQL database")
        return SqlAccounts(store)

    @property
    def coaching(self) -> SqlCoaching:
        """Server mode's coaching (consent, access log, notes, nudges, the caseload)."""
        from followup.adapters.sql.coaching import SqlCoaching
        from followup.adapters.sql.store import SqlStore

        store = self.store
        if not isinstance(store, SqlStore):
            raise TypeError("coaching lives in a SQL database")
        return SqlCoaching(store)

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
        from followup.adapters.sql.store import SqlStore

        store = self.store
        if not isinstance(store, SqlStore):
            raise TypeError("only a SQL store holds several users")
        other = App(settings=self.settings, _store=store.for_user(user), own_templates=False)
        other.__dict__["playbook"] = self.playbook
        return other

    def now(self) -> datetime:
        return clock.now(self.settings["now"])

    @cached_property
    def mailer(self) -> Mailer | None:
        """The SMTP server that sends approved mail; None when `smtp_host` is unset."""
        return self.system_mailer

    @cached_property
    def system_mailer(self) -> Mailer | None:
        """The SMTP server of the settings (`smtp_host`...; None when unset): in server mode
        the service's own, which sends invitations, reset links, nudges and digests."""
        s = self.settings
        if not s["smtp_host"]:
            return None
        from followup.adapters.passwords import password
        from followup.adapters.smtp import SmtpMailer

        host, user = s["smtp_host"], s["smtp_user"]
        secret = password("smtp", s["smtp_password"], host, user)
        return SmtpMailer(host, s["smtp_port"], s["smtp_security"], user, secret)

    @cached_property
    def mailbox(self) -> ImapMailbox | None:
        """The user's mailbox over IMAP; None when `imap_host` is unset."""
        s = self.settings
        if not s["imap_host"]:
            return None
        from followup.adapters.imap import ImapMailbox
        from followup.adapters.passwords import password

        user = s["imap_user"] or s["smtp_user"] or ""
        secret = password("imap", s["imap_password"], s["imap_host"], user)
        return ImapMailbox(s["imap_host"], s["imap_port"], s["imap_security"], user, secret)

    @property
    def sent_folder(self) -> SentFolder | None:
        """The Sent folder a send in doubt is looked for in; None without IMAP."""
        from followup.adapters.imap import SentFolder as ImapSentFolder

        mailbox = self.mailbox
        return ImapSentFolder(mailbox, self.settings["imap_sent_folder"]) if mailbox else None


def build(settings: Settings, store: Store | None = None) -> App:
    return App(settings=settings, _store=store)
