"""Row-level security on PostgreSQL, a second wall behind the queries' own `user_id = :owner`:
every table of a user's rows shows and takes only the rows of the user a transaction names
(`SET LOCAL followup.user_id`, which an account's store sets: store.py), and every row to a
transaction that names no one (the CLI, migrations, accounts, workers). FORCE: the tables'
owner, which followup connects as, is held to it too (a superuser never is). Nothing on
SQLite, which serves one user.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 04:30:00.000000

Remember: set HEAD_REVISION in followup/adapters/sql/migrate.py to this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "followup_owner"
# The user the transaction names, else every row's own user_id (every row shows).
OWNER = (
    "user_id = coalesce(nullif(current_setting('followup.user_id', true), '')::integer, user_id)"
)


def _owned() -> list[str]:
    """The tables with a user's rows: those with a `user_id` column."""
    found = sa.inspect(op.get_bind())
    return sorted(
        name
        for name in found.get_table_names()
        if any(c["name"] == "user_id" for c in found.get_columns(name))
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _owned():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {POLICY} ON {table} USING ({OWNER}) WITH CHECK ({OWNER})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _owned():
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
