"""Wires adapters into the services: `build(settings) -> App`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from followup import clock
from followup.ports import Store
from followup.settings import Settings


@dataclass
class App:
    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @cached_property
    def store(self) -> Store:
        if self._store is not None:
            return self._store
        from followup.adapters.sql.store import open_store

        return open_store(self.settings.database_url, self.settings["user"])

    def now(self) -> datetime:
        return clock.now(self.settings["now"])


def build(settings: Settings, store: Store | None = None) -> App:
    return App(settings=settings, _store=store)
