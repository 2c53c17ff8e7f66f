"""The results of federation rounds (federation_results), matched on Spark.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07

Issue #22: one row per member of a round of a federation of clubs; the job writes a
staging table, then copies it here in one transaction, so a killed job publishes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "federation_results",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run", sa.Text(), nullable=False),
        sa.Column("block", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("email_fold", sa.Text(), nullable=False),
        sa.Column("club", sa.Text(), nullable=False),
        sa.Column("group_id", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("matched_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_results")),
    )
    op.create_index(op.f("ix_federation_results_run"), "federation_results", ["run"])
    op.create_index(op.f("ix_federation_results_email_fold"), "federation_results", ["email_fold"])


def downgrade() -> None:
    op.drop_table("federation_results")
