"""Capture: the messages of correspondents waiting in the review queue (capture_pending).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

Issue #16: adding a correspondent as a contact, or attaching their address to one, turns the
messages already read from them into interactions at once (metadata only: when, which way,
the conversation they belong to).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "capture_pending",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("conversation", sa.String(255), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("outgoing", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["capture_sources.id"],
            name=op.f("fk_capture_pending_source_id_capture_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "key", "address", name=op.f("pk_capture_pending")),
    )
    op.create_index(
        op.f("ix_capture_pending_owner_id_address"), "capture_pending", ["owner_id", "address"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_capture_pending_owner_id_address"), table_name="capture_pending")
    op.drop_table("capture_pending")
