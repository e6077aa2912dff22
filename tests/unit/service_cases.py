"""What the unit tests of the use cases start from: a moment, the default playbook, and an
application recorded through `services.applications` in a fake store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.model import Application, Contact, Interview
from tests.unit.fakes import FakeStore

NOW = datetime(2026, 12, 18, 16, tzinfo=UTC)
PLAYBOOK = default_playbook()


def recorded(store: FakeStore, **changes: Any) -> Application:
    start = NOW - timedelta(hours=3)
    app = Application(
        company="Acme",
        role="Data Analyst",
        interviews=(Interview(start=start, end=start + timedelta(hours=1), timezone="UTC"),),
        contacts=(Contact(name="Priya Shah", email="priya@acme.example"),),
    )
    return services.applications.record_interview(store, replace(app, **changes), PLAYBOOK, NOW)
