"""Reach and give first: offers and needs on contacts, introductions with double opt-in.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-23

``contact_offers`` holds what a contact offers or needs (``kind``), with its folded text for
search; ``introductions`` holds the introductions the user makes between two contacts and
the step each has reached (see :mod:`tisser.core.introductions`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_offers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("text_fold", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('offer', 'need')", name=op.f("ck_contact_offers_kind")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_offers_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_contact_offers_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_offers")),
    )
    op.create_index(op.f("ix_contact_offers_owner_id_kind"), "contact_offers", ["owner_id", "kind"])
    op.create_index(op.f("ix_contact_offers_contact_id"), "contact_offers", ["contact_id"])
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="proposed", nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("a_id <> b_id", name=op.f("ck_introductions_distinct_ends")),
        sa.ForeignKeyConstraint(
            ["a_id"],
            ["contacts.id"],
            name=op.f("fk_introductions_a_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["b_id"],
            ["contacts.id"],
            name=op.f("fk_introductions_b_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_introductions_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
    )
    op.create_index(
        op.f("ix_introductions_owner_id_status"), "introductions", ["owner_id", "status"]
    )
    op.create_index(op.f("ix_introductions_a_id"), "introductions", ["a_id"])
    op.create_index(op.f("ix_introductions_b_id"), "introductions", ["b_id"])


def downgrade() -> None:
    op.drop_table("introductions")
    op.drop_table("contact_offers")
