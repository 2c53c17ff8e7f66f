"""Imports and duplicates: source keys, photos, "keep apart" decisions, undoable merges.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

``contact_sources`` remembers which contact each record of an outside file became, so a
second import updates instead of duplicating; ``contact_photos`` keeps the pictures address
books carry; ``duplicate_decisions`` the pairs the user kept apart; ``merges`` every merge
with a snapshot that lets it be undone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _contact_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["contacts.id"],
        name=op.f(f"fk_{table}_{column}_contacts"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "contact_sources",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        _contact_fk("contact_id", "contact_sources"),
        sa.PrimaryKeyConstraint("owner_id", "source", "key", name=op.f("pk_contact_sources")),
    )
    op.create_index(
        op.f("ix_contact_sources_contact_id"), "contact_sources", ["contact_id"], unique=False
    )
    op.create_table(
        "contact_photos",
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        _contact_fk("contact_id", "contact_photos"),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contact_photos")),
    )
    op.create_index(
        op.f("ix_contact_photos_owner_id"), "contact_photos", ["owner_id"], unique=False
    )
    op.create_table(
        "duplicate_decisions",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("a_id < b_id", name=op.f("ck_duplicate_decisions_ordered")),
        _contact_fk("a_id", "duplicate_decisions"),
        _contact_fk("b_id", "duplicate_decisions"),
        sa.PrimaryKeyConstraint("owner_id", "a_id", "b_id", name=op.f("pk_duplicate_decisions")),
    )
    op.create_index(
        op.f("ix_duplicate_decisions_b_id"), "duplicate_decisions", ["b_id"], unique=False
    )
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_merges_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_index(
        op.f("ix_merges_owner_id_merged_at"), "merges", ["owner_id", "merged_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_merges_owner_id_merged_at"), table_name="merges")
    op.drop_table("merges")
    op.drop_index(op.f("ix_duplicate_decisions_b_id"), table_name="duplicate_decisions")
    op.drop_table("duplicate_decisions")
    op.drop_index(op.f("ix_contact_photos_owner_id"), table_name="contact_photos")
    op.drop_table("contact_photos")
    op.drop_index(op.f("ix_contact_sources_contact_id"), table_name="contact_sources")
    op.drop_table("contact_sources")
