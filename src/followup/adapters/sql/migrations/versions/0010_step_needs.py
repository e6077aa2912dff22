"""A step says what its channel still needs to reach the recipient (an email, a phone number,
a postal address) and how to add it; empty when it can reach them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN: steps planned before it say nothing until replanned.
    op.add_column("steps", sa.Column("needs", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("steps") as batch:
        batch.drop_column("needs")
