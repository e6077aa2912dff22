"""Workers on several machines: `job_claims`, the day a worker claimed a user's job (the
morning digest) before doing it; `mail_accounts`, each user's own SMTP and IMAP servers in
server mode, their passwords encrypted (adapters/secrets.py).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 04:00:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from followup.adapters.sql.tables import UTCDateTime

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The user the transaction names, else every row's own (0015_row_security.py).
OWNER = (
    "user_id = coalesce(nullif(current_setting('followup.user_id', true), '')::integer, user_id)"
)


def upgrade() -> None:
    op.create_table(
        "job_claims",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.Column("settled_at", UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_job_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "job", "day", name=op.f("pk_job_claims")),
    )
    op.create_table(
        "mail_accounts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("smtp_host", sa.Text(), nullable=True),
        sa.Column("smtp_port", sa.Integer(), nullable=True),
        sa.Column("smtp_security", sa.String(length=16), nullable=True),
        sa.Column("smtp_user", sa.Text(), nullable=True),
        sa.Column("smtp_secret", sa.Text(), nullable=True),
        sa.Column("imap_host", sa.Text(), nullable=True),
        sa.Column("imap_port", sa.Integer(), nullable=True),
        sa.Column("imap_security", sa.String(length=16), nullable=True),
        sa.Column("imap_user", sa.Text(), nullable=True),
        sa.Column("imap_secret", sa.Text(), nullable=True),
        sa.Column("imap_sent_folder", sa.Text(), nullable=True),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mail_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mail_accounts")),
    )
    if op.get_bind().dialect.name == "postgresql":  # the second wall, as 0015 puts it up
        for table in ("job_claims", "mail_accounts"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY followup_owner ON {table} USING ({OWNER}) WITH CHECK ({OWNER})"
            )


def downgrade() -> None:
    op.drop_table("mail_accounts")
    op.drop_table("job_claims")
