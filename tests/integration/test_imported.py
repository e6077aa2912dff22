"""`import --json` checks every row as input before it stores any (adapters/sql/imported.py and
dump.load), on SQLite and PostgreSQL: a wrong value is named by table, row and column, and the
database stays empty, so the corrected file imports afterwards."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from followup import services
from followup.adapters.sql import imported
from followup.adapters.sql.dump import owned_tables
from followup.adapters.sql.store import SqlStore
from followup.bootstrap import default_playbook
from followup.domain.errors import InvalidInput
from followup.domain.model import Channel, Direction, Touch
from followup.domain.outbox import OutboxEntry, OutboxState
from followup.services.backup import export_data, import_data
from tests.integration.aggregates import application
from tests.integration.conftest import fresh_url, opened

PLAYBOOK = default_playbook()
NOW = datetime(2025, 1, 14, 16, 0, tzinfo=UTC)


@pytest.fixture
def document(store_for: Callable[[str], SqlStore]) -> dict[str, Any]:
    """An export holding a row of every table but feed_tokens: profile, application (through
    an agency), interview, contacts, promises, touches, steps, a decision, an outbox message."""
    source = store_for("alice")
    services.people.update_profile(source, {"name": "Alice", "timezone": "Europe/London"})
    made = services.applications.record_interview(
        source, application("Acme", settings={}), PLAYBOOK, NOW
    )
    assert made.id is not None
    touch = Touch(Channel.EMAIL, Direction.IN, NOW, message_id="<reply.1@example.com>")
    services.applications.log_touch(source, made.id, touch, PLAYBOOK, NOW)
    with source.transaction() as repo:
        repo.add_outbox(
            OutboxEntry(
                application_id=made.id,
                step_id=None,
                message_id="<thanks.1@example.com>",
                message="Subject: Thanks\r\n\r\nThank you\r\n",
                approved_at=NOW,
                state=OutboxState.SENT,
            )
        )
    return export_data(source, "alice", NOW)


@pytest.fixture
def target(database_url: str, tmp_path: Path) -> Iterator[SqlStore]:
    """An empty database of its own, on the backend of the source."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgres"
    with fresh_url(backend, tmp_path) as url, opened(url, "bob") as store:
        yield store


def _count(store: SqlStore) -> int:
    with store.transaction() as repo:
        return sum(len(rows) for rows in repo.dump().values())


def _last(document: dict[str, Any], table: str, **changes: Any) -> str:
    """Change the last row of `table`; its name as the error gives it."""
    rows = document["tables"][table]
    rows[-1].update(changes)
    return f"{table}[{len(rows) - 1}]"


BAD = [
    # The four, then the rest of what the database or a later read would choke on.
    ("applications", {"stage": "hacked"}, ".stage: unknown stage 'hacked' (choose one of:"),
    ("steps", {"timezone": "../../etc/passwd"}, ".timezone: unknown time zone '../../etc/passwd'"),
    ("interviews", {"start": "0001-01-01T09:00:00Z"}, ".start: the moment 0001-01-01 is out of"),
    ("touches", {"message_id": "<a@b>\r\nBcc: x@evil.example"}, ": a touch's message_id contains"),
    ("interviews", {"decision_by": "0001-01-01"}, ".decision_by: the day 0001-01-01 is out of"),
    ("decisions", {"at": "9999-12-31T23:59:59-12:00"}, ".at: the moment 9999-12-31 is out of"),
    ("steps", {"status": "Planned"}, ".status: unknown step status 'Planned'"),
    ("interviews", {"timezone": "localtime"}, ".timezone: unknown time zone 'localtime'"),
    ("contacts", {"region": "XX"}, ".region: unknown country code 'XX'"),
    ("contacts", {"name": "Ann\nBcc: x@evil.example"}, ": a contact's name contains a control"),
    (
        "contacts",
        {"details": [["photo", "x" * 5_000_001, []]]},
        ".details: a contact's photo is too long",
    ),
    ("contacts", {"details": [["fax", "1", []]]}, ".details: unknown kind of contact detail"),
    ("applications", {"company": "x" * 301}, ": the application's company is too long"),
    ("applications", {"company": "Acme\ud800"}, ".company: the text holds a lone surrogate"),
    ("applications", {"notes": "a\x00b"}, ".notes: the text holds a NUL character"),
    ("applications", {"settings": {"a": {"b": 1}}}, ".settings: an application's settings"),
    ("profiles", {"timezone": "right/UTC"}, ".timezone: unknown time zone 'right/UTC'"),
    ("profiles", {"skills": ["Rust", 7]}, ".skills: the key skills are not a list of texts"),
    ("steps", {"recipients": [{"name": "A\r\nB", "relation": "hr"}]}, ".recipients: a recipient"),
    ("steps", {"kind": "thank-you\x1b[2J"}, ".kind: a step's kind contains a control character"),
    ("steps", {"application_id": 999}, ".application_id: the export holds no applications row"),
    ("touches", {"contact_id": 999}, ".contact_id: the export holds no contacts row with"),
    ("interviews", {"round": 2**70}, ".round has a value of the wrong kind: "),
    ("interviews", {"round": True}, ".round has a value of the wrong kind: True is not a whole"),
    ("interviews", {"round": 1.5}, ".round has a value of the wrong kind"),
    ("outbox", {"message_id": "<a@b>\nX-Injected: yes"}, ".message_id: a Message-ID contains"),
    ("outbox", {"state": "queued"}, ".state: unknown outbox state 'queued'"),
    ("promises", {"done": None}, ".done has a value of the wrong kind: it must have a value"),
    ("interviews", {"topics": ["dbt", 7]}, ".topics: an interview's topics are not a list of"),
    ("interviews", {"topics": ["a\nb"]}, ".topics: an interview's topics contains a control"),
    ("interviews", {"debriefed_at": "0001-01-01T09:00:00Z"}, ".debriefed_at: the moment 0001"),
]


@pytest.mark.parametrize(("table", "changes", "message"), BAD)
def test_a_wrong_row_is_named_and_nothing_is_stored(
    target: SqlStore,
    document: dict[str, Any],
    table: str,
    changes: dict[str, Any],
    message: str,
) -> None:
    bad = copy.deepcopy(document)
    where = _last(bad, table, **changes)
    with pytest.raises(InvalidInput) as refused:
        import_data(target, bad)
    assert str(refused.value).startswith(where + message)
    assert _count(target) == 0
    import_data(target, document)  # still empty: the file as it was imports
    with target.transaction() as repo:
        assert [a.company for a in repo.list_applications()] == ["Acme"]


def test_rows_are_checked_with_each_other(target: SqlStore, document: dict[str, Any]) -> None:
    bad = copy.deepcopy(document)
    steps = bad["tables"]["steps"]
    steps[-1]["id"] = steps[0]["id"]
    with pytest.raises(InvalidInput, match=rf"^steps\[{len(steps) - 1}\]\.id: the id \d+ is given"):
        import_data(target, bad)
    bad = copy.deepcopy(document)
    [recruiter] = [c for c in bad["tables"]["contacts"] if c["relation"] == "recruiter"]
    recruiter["relation"] = "hr"
    with pytest.raises(InvalidInput, match=r"^applications\[0\]: an application through an agency"):
        import_data(target, bad)
    assert _count(target) == 0


def test_every_table_of_a_users_rows_is_checked() -> None:
    assert {table.name for table in owned_tables()} == set(imported.BUILDERS)
