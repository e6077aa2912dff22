"""An incoming mail's touch keeps the mail's References, so a follow-up that continues the
conversation carries the whole chain (RFC 5322 3.6.4), not only the mail it answers.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN: nullable, no table copy (touches read before it have none).
    op.add_column("touches", sa.Column("message_references", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("touches") as batch:
        batch.drop_column("message_references")
