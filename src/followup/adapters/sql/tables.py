"""The schema as SQLAlchemy Core tables: one `users` row per person, everything else under it.

Every table but `users` carries `user_id`, so one schema serves one local user (SQLite) and a
server with many (PostgreSQL). Children of an application go with it (ON DELETE CASCADE).
Enums are stored as their string values; moments as UTC (see `UTCDateTime`).

These tables define the schema, for the migrations and the tests; commands read and write
through `database` and `dialects`, which store the same values (test_tables checks both agree).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; naive datetimes are refused; loads as aware UTC.

    PostgreSQL gets `timestamptz`; SQLite gets its sortable text form of the UTC time.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store a naive datetime ({value.isoformat()})")
        utc = value.astimezone(UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value  # naive from SQLite (UTC by construction), aware from PostgreSQL
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _owned(name: str, *columns: Column[Any] | Index) -> Table:
    """A table of one user's rows, keyed by an id that SQLite never hands out twice."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        *columns,
        sqlite_autoincrement=True,
    )


def _application(nullable: bool = False) -> Column[int]:
    return Column(
        "application_id",
        ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=nullable,
    )


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    # One more after each transaction that writes the user's data (SqlStore.revision).
    Column("revision", Integer, nullable=False, server_default="0"),
    # Server mode's account (domain/accounts.py); all NULL for the local mode's user. The
    # email is kept as typed but compared folded (`email_key`, unique); the password as its
    # argon2id hash, NULL until an invitation is accepted.
    Column("email", String(320)),
    Column("email_key", String(320)),
    Column("password_hash", Text),
    Column("role", String(16)),
    Column("cohort", String(100)),
    Column("disabled_at", UTCDateTime),
    Index(None, "email_key", unique=True),
    sqlite_autoincrement=True,
)


def _account(name: str = "account_id", nullable: bool = False) -> Column[int]:
    """A column naming an account (a `users` row). Not `user_id`: these rows are the server's,
    not the user's data, and are never exported."""
    return Column(name, ForeignKey("users.id", ondelete="CASCADE"), nullable=nullable)


def _server(name: str, *columns: Column[Any] | Index) -> Table:
    """A table of server mode's (accounts, sessions, consent), keyed by an id never reused."""
    return Table(
        name, metadata, Column("id", Integer, primary_key=True), *columns, sqlite_autoincrement=True
    )


profiles = Table(
    "profiles",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("phone", String(64)),
    Column("address", Text),
    Column("skills", JSON, nullable=False),
    Column("region", String(16)),
    Column("timezone", String(64), nullable=False),
    Column("signature", Text),
    Column("tone", String(16), nullable=False),
)

applications = _owned(
    "applications",
    Column("company", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("settings", JSON, nullable=False),
    Column("applied_at", Date),  # the day it was applied for, when known
    Index(None, "user_id", "id"),
    Index(None, "user_id", "stage"),
)

interviews = _owned(
    "interviews",
    _application(),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("region", String(16)),
    Column("format", String(16), nullable=False),
    Column("round", Integer, nullable=False),
    Column("notes", Text),
    Column("decision_by", Date),
    Column("next_round", Date),
    Column("contact_on", Date),
    Column("topics", JSON, nullable=False, server_default=text("'[]'")),  # what was discussed
    Column("debriefed_at", UTCDateTime),  # when the user last debriefed it
    Index(None, "application_id", "start"),
)

contacts = _owned(
    "contacts",
    _application(nullable=True),
    Column("relation", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("title", Text),
    Column("organisation", Text),
    Column("email", Text),
    Column("phone", String(64)),
    Column("address", Text),
    Column("timezone", String(64)),
    Column("region", String(16)),
    Column("notes", Text),
    Column("details", JSON, nullable=False, server_default=text("'[]'")),  # domain Detail
    Index(None, "application_id"),
    Index(None, "user_id", "id"),
)

promises = _owned(
    "promises",
    _application(),
    Column("what", Text, nullable=False),
    Column("to", Text, nullable=False),
    Column("done", Boolean, nullable=False),
    # The interview it was made at; None: the latest (promises recorded before rounds were).
    Column("interview_id", ForeignKey("interviews.id", ondelete="SET NULL")),
    Index(None, "application_id"),
)

# What a promise is kept with (domain/promised.py): a file (its bytes, name and MIME type) or a
# link, one per promise; replaced by a later attach, gone with the promise.
promise_attachments = _owned(
    "promise_attachments",
    Column("promise_id", ForeignKey("promises.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", Text),
    Column("mime_type", String(255)),
    Column("size", Integer),
    Column("content", LargeBinary),
    Column("link", Text),
    Column("attached_at", UTCDateTime, nullable=False),
    Index(None, "promise_id", unique=True),
)

# Who was met at which interview (domain Interview.met): a person met again at a later round
# has a row for each. A person with none counts as met at the application's latest interview.
interview_people = _owned(
    "interview_people",
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Index(None, "interview_id", "contact_id", unique=True),
    Index(None, "contact_id"),
)

touches = _owned(
    "touches",
    _application(),
    Column("channel", String(16), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("outcome", Text),
    Column("note", Text),
    Column("message_id", Text),
    Column("contact_id", ForeignKey("contacts.id", ondelete="SET NULL")),
    Column("message_references", Text),  # an incoming mail's References, space-separated
    Index(None, "application_id", "at"),
    Index(None, "contact_id"),
    Index(None, "user_id", "direction", "at"),  # the replies not acted on, newest first
    Index(None, "user_id", "message_id"),  # a reply's thread, by the Message-ID it answers
)

decisions = _owned(
    "decisions",
    _application(),
    Column("kind", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text),
    Index(None, "application_id", "at"),
)

steps = _owned(
    "steps",
    _application(),
    Column("kind", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("earliest", UTCDateTime, nullable=False),
    Column("due", UTCDateTime, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("draft", Text),
    Column("outcome", Text),
    Column("key", Text, nullable=False),
    Column("done_at", UTCDateTime),
    # One more each time the row changes, and when: the calendar's SEQUENCE and DTSTAMP.
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("changed_at", UTCDateTime),  # None only in rows an older export brought
    Column("needs", Text),  # what to add so that the channel reaches the recipient
    Index(None, "user_id", "status", "earliest", "due"),
    Index(None, "user_id", "status", "due"),  # the most overdue first
    Index(None, "application_id", "status", "done_at"),
    # Insights' reply rates, from the index alone (adapters/sql/insights.py).
    Index(None, "user_id", "status", "kind", "channel", "done_at", "application_id"),
)

# Approved messages on their way out (domain/outbox.py): the message as sent, and the moments
# of approval, of the SMTP conversation's start and of its acceptance. A step replanned away
# leaves its messages (SET NULL); an application deleted takes them along.
outbox = _owned(
    "outbox",
    _application(),
    Column("step_id", ForeignKey("steps.id", ondelete="SET NULL")),
    Column("message_id", Text, nullable=False, unique=True),
    Column("message", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("approved_at", UTCDateTime, nullable=False),
    Column("smtp_started_at", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("confirmed_by", String(16)),
    Column("error", Text),
    Index(None, "user_id", "state"),
    # One message per step at a time, whatever two processes approve at once.
    Index(
        "uq_outbox_step_id_open",
        "step_id",
        unique=True,
        sqlite_where=text("state <> 'cancelled'"),
        postgresql_where=text("state <> 'cancelled'"),
    ),
)

# The calendar feed link (`feeds.py`): one per user, kept only as the SHA-256 hash of its secret
# token, so the database never holds a working link. Replacing it overwrites; revoking deletes.
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Actions that can be undone for a while (domain/undo.py): the state of the application and of
# the others at its company just before and just after (adapters/sql/undo.py). Kept minutes,
# not exported (not the user's data, and never loaded from a file).
undos = _owned(
    "undos",
    _application(),
    Column("token", String(64), nullable=False, unique=True),
    Column("what", Text, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Column("state_before", JSON, nullable=False),
    Column("state_after", JSON, nullable=False),
    Index(None, "user_id", "made_at"),
)

# The steps of a deleted application, kept 30 days (ics.CLOSED_KEPT) so that the calendar gives
# them as cancelled events: the step's row as JSON values (adapters/sql/undo.py), not exported.
deleted_steps = _owned(
    "deleted_steps",
    Column("step", JSON, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=False),
    Index(None, "user_id", "deleted_at"),
)


# -- server mode (domain/accounts.py, adapters/sql/accounts.py) --------------------------------
# Secrets (session cookies, API tokens, invitation and reset links) are kept only as the
# SHA-256 hash of the random token: the database never holds one that works.

sessions = _server(
    "sessions",
    _account(),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("user_agent", String(200)),
    Column("address", String(64)),
    Column("ended_at", UTCDateTime),
    Index(None, "account_id"),
)

api_tokens = _server(
    "api_tokens",
    _account(),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scope", String(8), nullable=False),  # read or write
    Column("created_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    Index(None, "account_id"),
)

# An invitation by email to make an account (an admin invites coaches and job seekers).
invitations = _server(
    "invitations",
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("email", String(320), nullable=False),
    Column("role", String(16), nullable=False),
    Column("cohort", String(100)),
    _account("invited_by", nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("accepted_at", UTCDateTime),
)

password_resets = _server(
    "password_resets",
    _account(),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

# Failed sign-ins, by account (`account:<email key>`) and by address (`address:<ip>`): the
# throttle counts them over a window (domain/accounts.py).
sign_in_failures = _server(
    "sign_in_failures",
    Column("key", String(400), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index(None, "key", "at"),
)

# A coach's access to a job seeker's data, which is the job seeker's to give and take back:
# asked (by either), active once the job seeker accepts (or asked), ended when revoked.
coaching = _server(
    "coaching",
    _account("coach_id"),
    _account("seeker_id"),
    Column("asked_by", String(8), nullable=False),  # coach or seeker
    Column("state", String(8), nullable=False),  # asked, active, declined, ended
    Column("share_drafts", Boolean, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("accepted_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Index(None, "coach_id", "state"),
    Index(None, "seeker_id", "state"),
)

# Every view a coach had of a job seeker's data, for the job seeker to read.
access_log = _server(
    "access_log",
    _account("seeker_id"),
    _account("coach_id"),
    Column("at", UTCDateTime, nullable=False),
    Column("what", String(400), nullable=False),
    Index(None, "seeker_id", "at"),
)

coach_notes = _server(
    "coach_notes",
    _account("seeker_id"),
    _account("author_id"),
    Column("body", Text, nullable=False),
    Column("shared", Boolean, nullable=False),  # shown to the job seeker, or staff only
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "seeker_id", "created_at"),
)

# A coach's nudge: an in-app message (and an email) to a job seeker; at most one a week
# unless answered.
nudges = _server(
    "nudges",
    _account("seeker_id"),
    _account("coach_id"),
    Column("body", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("emailed_at", UTCDateTime),
    Column("read_at", UTCDateTime),
    Column("answered_at", UTCDateTime),
    Index(None, "seeker_id", "created_at"),
)

# A user's job claimed for a day by the worker about to do it (the morning digest), written
# before it is done: `sending`, then `sent`; `uncertain` when the worker stopped in between
# (services/jobs.py). Two workers insert the same key: one wins. Not exported.
job_claims = Table(
    "job_claims",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("job", String(32), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("state", String(16), nullable=False),
    Column("message_id", Text, nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("settled_at", UTCDateTime),
    Column("note", Text),
)

# Server mode: the user's own SMTP and IMAP servers (adapters/sql/mail_accounts.py), each
# password a Fernet token (adapters/secrets.py), never shown back. Not exported.
mail_accounts = Table(
    "mail_accounts",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("smtp_host", Text),
    Column("smtp_port", Integer),
    Column("smtp_security", String(16)),
    Column("smtp_user", Text),
    Column("smtp_secret", Text),
    Column("imap_host", Text),
    Column("imap_port", Integer),
    Column("imap_security", String(16)),
    Column("imap_user", Text),
    Column("imap_secret", Text),
    Column("imap_sent_folder", Text),
    Column("changed_at", UTCDateTime, nullable=False),
)
