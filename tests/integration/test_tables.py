"""The DB-API layer and `tables.py` agree: on which columns hold which kind of value, on what
is stored for each value, and on what each stored value reads back as."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, Engine, Table, select

from followup.adapters.sql import dialects, mail_accounts, rows
from followup.adapters.sql.engine import make_engine
from followup.adapters.sql.job_claims import SqlJobClaims
from followup.adapters.sql.store import SqlStore, open_store
from followup.adapters.sql.tables import (
    UTCDateTime,
    applications,
    contacts,
    decisions,
    interviews,
    metadata,
    profiles,
    promises,
    steps,
    touches,
    users,
)
from followup.domain.model import Application, Promise, StepStatus
from followup.domain.outbox import Confirmation, OutboxEntry, OutboxState
from followup.domain.promised import Promised
from followup.domain.undo import Undo
from tests.integration import aggregates
from tests.integration.aggregates import NEW_YORK, PROFILE

CHANGED = datetime(2025, 1, 16, 8, 15, 2, 999, tzinfo=UTC)  # the store's clock: steps changed
KINDS = {
    UTCDateTime: dialects.MOMENTS,
    Date: dialects.DAYS,
    JSON: dialects.DOCUMENTS,
    Boolean: dialects.FLAGS,
}
ALIASES = {"last_interview"}  # a moment named in a query, not in a table
CHILDREN: list[tuple[Table, Callable[[Any], dict[str, Any]], Callable[[Application], Any]]] = [
    (interviews, rows.interview_row, lambda a: a.interviews),
    (contacts, rows.contact_row, lambda a: a.contacts),
    (promises, rows.promise_row, lambda a: a.promises),
    (touches, rows.touch_row, lambda a: a.touches),
    (decisions, rows.decision_row, lambda a: a.decisions),
    (steps, lambda s: {**rows.step_row(s), "changed_at": CHANGED}, lambda a: a.steps),
]
GIVEN = aggregates.application(
    steps=(
        aggregates.step(),
        aggregates.step(
            "send-promised",
            status=StepStatus.DONE,
            done_at=datetime(2025, 1, 15, 10, 30, 5, 250, tzinfo=NEW_YORK),
        ),
    ),
)


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    """The test's database for `alice`, whose clock says every change is made at CHANGED."""
    opened = open_store(database_url, "alice", clock=lambda: CHANGED)
    yield opened
    opened.close()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


def test_each_column_is_loaded_as_its_type_says() -> None:
    for table in metadata.tables.values():
        for column in table.columns:
            for kind, names in KINDS.items():
                where = f"{table.name}.{column.name} ({column.type!r})"
                assert isinstance(column.type, kind) == (column.name in names), where
    named = {column.name for table in metadata.tables.values() for column in table.columns}
    assert set().union(*KINDS.values()) - named == ALIASES


def outbox_entry(application: Application) -> OutboxEntry:
    """A message that went, with every moment and field filled."""
    assert application.id is not None
    return OutboxEntry(
        application_id=application.id,
        step_id=application.steps[0].id,
        message_id="<0123abcd@example.ie>",
        message="From: Siân <sian@example.ie>\r\nSubject: =?utf-8?q?Danke?=\r\n\r\nHi\r\n",
        approved_at=datetime(2025, 1, 15, 10, 30, 5, 250, tzinfo=NEW_YORK),
        state=OutboxState.SENT,
        smtp_started_at=datetime(2025, 1, 15, 15, 30, 6, tzinfo=UTC),
        sent_at=datetime(2025, 1, 15, 15, 30, 7, 999999, tzinfo=UTC),
        confirmed_by=Confirmation.SERVER,
        error="refused by the server: x@example.com",
    )


def test_the_tables_read_what_the_repository_wrote(store: SqlStore, engine: Engine) -> None:
    with store.transaction() as repo:
        repo.save_profile(PROFILE)
        stored = repo.add_application(GIVEN)
        assert stored.id is not None and stored.contacts[0].id is not None
        second = replace(aggregates.interview(day=21), met=(stored.contacts[0].id,))
        repo.add_interview(stored.id, second, [Promise("a code sample", "Zoë Brontë")])
        sample = repo.get_application(stored.id).promises[-1].id
        assert sample is not None
        attached = Promised(sample, "sample.py", "text/x-python", 3)
        repo.keep_promised(attached, b"\x00\xffa", datetime(2025, 1, 14, 9, 0, 0, 7, tzinfo=UTC))
        repo.add_outbox(outbox_entry(stored))
        repo.save_feed_token("0" * 64, datetime(2025, 1, 14, 9, 0, 0, 5, tzinfo=UTC))
        state = repo.snapshot([stored.id])
        made = datetime(2025, 1, 14, 9, 0, 0, 7, tzinfo=UTC)
        undo = Undo("t0ken", "Marked done", stored.id, (stored.id,), made, state, state)
        repo.keep_undo(undo, forget_before=made)
        gone = repo.add_application(GIVEN)  # its steps kept for the calendar (deleted_steps)
        repo.delete_application(gone.id or 0)
        _server_rows(repo.connection)
    claims, day = SqlJobClaims(store), date(2025, 1, 14)
    claims.claim("digest", day, "<d1@example.ie>", datetime(2025, 1, 14, 7, 30, 0, 3, tzinfo=UTC))
    claims.settle("digest", day, "sending", "sent", datetime(2025, 1, 14, 7, 30, 1, tzinfo=UTC))
    account = {"smtp_host": "smtp.example.ie", "smtp_port": 465, "imap_sent_folder": "Sent"}
    mail_accounts.save(store, account, {"smtp": "pw"}, "k" * 32, CHANGED)
    for table in metadata.sorted_tables:
        order = ", ".join(column.name for column in table.primary_key)
        with store.transaction() as repo:
            ours = repo.connection.rows(f"SELECT * FROM {table.name} ORDER BY {order}")
        with engine.connect() as connection:
            query = select(table).order_by(*table.primary_key)
            theirs = [dict(row._mapping) for row in connection.execute(query)]
        assert ours, table.name
        assert ours == theirs, table.name


def test_sqlalchemy_stores_what_the_repository_stores(store: SqlStore, engine: Engine) -> None:
    with store.transaction() as repo:
        repo.save_profile(PROFILE)
        repo.add_application(GIVEN)
    # The same values, written by SQLAlchemy through the tables for another user.
    with engine.begin() as connection:
        values = {"name": "sqlalchemy", "created_at": datetime.now(UTC)}
        user_id = connection.execute(users.insert().values(values)).inserted_primary_key[0]
        connection.execute(profiles.insert().values(user_id=user_id, **rows.profile_row(PROFILE)))
        row = {**rows.application_row(GIVEN), "user_id": user_id}
        their_id = connection.execute(applications.insert().values(row)).inserted_primary_key[0]
        for table, to_row, parts in CHILDREN:
            many = [{**to_row(part), "user_id": user_id} for part in parts(GIVEN)]
            connection.execute(table.insert().values(application_id=their_id), many)
    for table in [profiles, applications, *(child for child, _, _ in CHILDREN)]:
        mine, theirs = (stored(store, table, owner) for owner in ("alice", "sqlalchemy"))
        assert mine and mine == theirs, table.name


def stored(store: SqlStore, table: Table, user: str) -> list[dict[str, Any]]:
    """The driver's values for the user's rows, loaded by nothing, without ids."""
    ids = {"id", "user_id", "application_id"}
    with store.transaction() as repo:
        owner = repo.connection.scalar("SELECT id FROM users WHERE name = :name", {"name": user})
        cursor = repo.connection.raw.cursor()
        order = "user_id" if table is profiles else "id"
        cursor.execute(f"SELECT * FROM {table.name} WHERE user_id = {owner} ORDER BY {order}")
        names = [column[0] for column in cursor.description]
        found = [dict(zip(names, record, strict=True)) for record in cursor.fetchall()]
    return [{k: v for k, v in row.items() if k not in ids} for row in found]


def test_the_write_order_has_every_table_of_rows_with_ids_after_those_it_refers_to() -> None:
    """`repository.WRITE_ORDER` is the order in which `Store.bulk` writes the rows it kept:
    a table with ids of its own and a user's rows must be in it (else its rows would be written
    after every other), after each table it refers to (else the database refuses them)."""
    from followup.adapters.sql.repository import WRITE_ORDER

    owned = [t.name for t in metadata.sorted_tables if "id" in t.c and "user_id" in t.c]
    assert sorted(WRITE_ORDER) == sorted(owned)
    for name in WRITE_ORDER:
        for key in metadata.tables[name].foreign_keys:
            parent = key.column.table.name
            if parent in WRITE_ORDER:
                assert WRITE_ORDER.index(parent) < WRITE_ORDER.index(name), (name, parent)


def _server_rows(connection: Any) -> None:
    """A row in each of server mode's tables, every moment and flag filled."""
    at = datetime(2025, 1, 14, 9, 0, 0, 11, tzinfo=NEW_YORK)
    account = {"name": "coach", "created_at": at, "email": "Coach@Example.org"}
    account |= {"email_key": "coach@example.org", "password_hash": "$argon2id$x", "role": "coach"}
    account |= {"cohort": "Spring", "disabled_at": at}
    connection.execute(dialects.insert("users", tuple(account)), account)
    coach = connection.scalar("SELECT id FROM users WHERE name = 'coach'")
    seeker = connection.scalar("SELECT min(id) FROM users")
    secret = {"token_hash": "1" * 64, "created_at": at}
    ends = {"expires_at": at}
    rows: dict[str, dict[str, Any]] = {
        "sessions": {"account_id": coach, **secret, **ends, "seen_at": at, "ended_at": at}
        | {"user_agent": "Firefox", "address": "192.0.2.1"},
        "api_tokens": {"account_id": coach, **secret, "name": "script", "scope": "read"}
        | {"used_at": at, "revoked_at": at},
        "invitations": {**secret, **ends, "email": "a@example.org", "role": "seeker"}
        | {"cohort": "Spring", "invited_by": coach, "accepted_at": at},
        "password_resets": {"account_id": coach, **secret, **ends, "used_at": at},
        "sign_in_failures": {"key": "account:coach@example.org", "at": at},
        "coaching": {"coach_id": coach, "seeker_id": seeker, "asked_by": "coach"}
        | {"state": "ended", "share_drafts": True, "created_at": at}
        | {"accepted_at": at, "ended_at": at},
        "access_log": {"coach_id": coach, "seeker_id": seeker, "at": at, "what": "Today"},
        "coach_notes": {"seeker_id": seeker, "author_id": coach, "body": "Well done"}
        | {"shared": False, "created_at": at},
        "nudges": {"seeker_id": seeker, "coach_id": coach, "body": "How are you?"}
        | {"created_at": at, "emailed_at": at, "read_at": at, "answered_at": at},
    }
    for table, row in rows.items():
        connection.execute(dialects.insert(table, tuple(row)), row)
