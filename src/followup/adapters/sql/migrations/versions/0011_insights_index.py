"""An index for Insights: the steps done by kind and channel, with when and on which
application, so that the reply rates are counted from the index alone, without reading the
steps' rows (adapters/sql/insights.py).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 23:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ["user_id", "status", "kind", "channel", "done_at", "application_id"]


def upgrade() -> None:
    op.create_index(
        "ix_steps_user_id_status_kind_channel_done_at_application_id", "steps", _COLUMNS
    )


def downgrade() -> None:
    op.drop_index("ix_steps_user_id_status_kind_channel_done_at_application_id", table_name="steps")
