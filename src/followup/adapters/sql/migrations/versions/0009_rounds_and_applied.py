"""Rounds and the day applied: who was met at which interview (`interview_people`), the
interview each promise was made at (`promises.interview_id`), and the day each application
was applied for (`applications.applied_at`).

Nothing stored before is changed: a person no interview names counts as met at the latest
interview, and a promise with no interview as made there, as before; recording another round
ties them to the interview they were planned for (services.applications.add_round).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (no table copy: on SQLite, copying `applications` would
    # cascade to its children).
    op.add_column("applications", sa.Column("applied_at", sa.Date(), nullable=True))
    # No table refers to `promises`: on SQLite, copying it (to add a foreign key) is safe.
    with op.batch_alter_table("promises") as batch:
        batch.add_column(sa.Column("interview_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_promises_interview_id_interviews",
            "interviews",
            ["interview_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "interview_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_interview_people_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_people_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interview_people_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_people")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_interview_people_interview_id_contact_id",
        "interview_people",
        ["interview_id", "contact_id"],
        unique=True,
    )
    op.create_index("ix_interview_people_contact_id", "interview_people", ["contact_id"])


def downgrade() -> None:
    op.drop_index("ix_interview_people_contact_id", table_name="interview_people")
    op.drop_index("ix_interview_people_interview_id_contact_id", table_name="interview_people")
    op.drop_table("interview_people")
    with op.batch_alter_table("promises") as batch:
        batch.drop_constraint("fk_promises_interview_id_interviews", type_="foreignkey")
        batch.drop_column("interview_id")
    op.drop_column("applications", "applied_at")  # SQLite 3.35+: no table copy either
