"""Long imports on SQLite commit in batches: each run is recorded, and each contact it
adds carries the run, so that a run killed half-way is undone at the next start.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

Issue #21 (item 6): a 200,000-row import held SQLite's write lock for over 30 s in one
transaction and a `tisser log` run meanwhile failed with "database is locked".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_import_runs_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.add_column("contacts", sa.Column("import_run", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("import_run")
    op.drop_table("import_runs")
