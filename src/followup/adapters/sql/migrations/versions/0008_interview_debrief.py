"""An interview keeps what its debrief recorded: the topics discussed (a JSON list of texts) and
when the user last debriefed it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (no table copy: on SQLite, copying would cascade).
    op.add_column(
        "interviews",
        sa.Column("topics", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column("interviews", sa.Column("debriefed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("debriefed_at")
        batch.drop_column("topics")
