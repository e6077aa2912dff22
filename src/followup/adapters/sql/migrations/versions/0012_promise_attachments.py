"""What a promise is kept with: a file (bytes, name, MIME type) or a link, one per promise.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 01:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "promise_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("promise_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("mime_type", sa.String(length=255), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["promise_id"],
            ["promises.id"],
            name=op.f("fk_promise_attachments_promise_id_promises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_promise_attachments_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise_attachments")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_promise_attachments_promise_id"),
        "promise_attachments",
        ["promise_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("promise_attachments")
