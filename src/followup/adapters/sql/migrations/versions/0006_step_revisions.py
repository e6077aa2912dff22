"""Each step's revision and the time of its last change: the SEQUENCE and DTSTAMP of its
calendar event (adapters/ics.py), which the repository moves on each time the row changes.

Before this, an event's SEQUENCE was the export time in seconds since 2020. So that calendars
which imported such an export still take the next one as newer, the steps already stored start
at the seconds since 2020 of the moment they are migrated (a change adds one), and their last
change at that moment (when they were done or skipped, if they were).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 22:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # what the exports' SEQUENCE counted from


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (no table copy: on SQLite, copying `steps` would cascade).
    op.add_column("steps", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("steps", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    now = datetime.now(UTC).replace(microsecond=0)
    seconds = min(int((now - _SEQUENCE_EPOCH).total_seconds()), 2**31 - 2**20)
    # SQLite keeps moments as the UTC text UTCDateTime writes; PostgreSQL as timestamptz.
    sqlite = op.get_bind().dialect.name == "sqlite"
    moment = now.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else now
    op.execute(
        sa.text(
            "UPDATE steps SET revision = :revision, changed_at = COALESCE(done_at, :now)"
        ).bindparams(revision=seconds, now=moment)
    )


def downgrade() -> None:
    op.drop_column("steps", "changed_at")
    op.drop_column("steps", "revision")
