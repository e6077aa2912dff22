"""Undos: an action's application state just before and just after it, kept minutes so that
the action can be undone (domain/undo.py, adapters/sql/undo.py); and the steps of deleted
applications, kept 30 days for the calendar to cancel them (`deleted_steps`).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 02:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from followup.adapters.sql.tables import UTCDateTime

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "undos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.Column("state_before", sa.JSON(), nullable=False),
        sa.Column("state_after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_undos_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_undos_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_undos")),
        sa.UniqueConstraint("token", name=op.f("uq_undos_token")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_undos_user_id_made_at", "undos", ["user_id", "made_at"])
    op.create_table(
        "deleted_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.JSON(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deleted_steps_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deleted_steps")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_deleted_steps_user_id_deleted_at", "deleted_steps", ["user_id", "deleted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_deleted_steps_user_id_deleted_at", table_name="deleted_steps")
    op.drop_table("deleted_steps")
    op.drop_index("ix_undos_user_id_made_at", table_name="undos")
    op.drop_table("undos")
