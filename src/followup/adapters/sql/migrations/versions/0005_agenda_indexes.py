"""Each user's revision (one more after each transaction that writes: what is computed
from the data can be kept until it changes); indexes for Today and the replies: open steps
by due (the most overdue first), replies not acted on by user and time, a reply's thread by
Message-ID, and the steps done on an application after a reply.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 03:40:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN (no table copy: on SQLite, copying `users` would cascade).
    op.add_column("users", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    op.drop_index("ix_steps_user_id_status_earliest", table_name="steps")
    op.create_index(
        "ix_steps_user_id_status_earliest_due", "steps", ["user_id", "status", "earliest", "due"]
    )
    op.create_index("ix_steps_user_id_status_due", "steps", ["user_id", "status", "due"])
    op.drop_index("ix_steps_application_id", table_name="steps")
    op.create_index(
        "ix_steps_application_id_status_done_at", "steps", ["application_id", "status", "done_at"]
    )
    op.create_index("ix_touches_user_id_direction_at", "touches", ["user_id", "direction", "at"])
    op.create_index("ix_touches_user_id_message_id", "touches", ["user_id", "message_id"])


def downgrade() -> None:
    op.drop_column("users", "revision")
    op.drop_index("ix_touches_user_id_message_id", table_name="touches")
    op.drop_index("ix_touches_user_id_direction_at", table_name="touches")
    op.drop_index("ix_steps_application_id_status_done_at", table_name="steps")
    op.create_index("ix_steps_application_id", "steps", ["application_id"])
    op.drop_index("ix_steps_user_id_status_due", table_name="steps")
    op.drop_index("ix_steps_user_id_status_earliest_due", table_name="steps")
    op.create_index("ix_steps_user_id_status_earliest", "steps", ["user_id", "status", "earliest"])
