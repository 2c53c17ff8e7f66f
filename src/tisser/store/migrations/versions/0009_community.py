"""Communities: accounts, communities, organisers, members, rounds, opt-ins, groups, feedback.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23

Issue #9. Community rows are shared by many users, so they carry ``community_id`` rather
than ``owner_id``; :mod:`tisser.store.community` checks the acting user's role on every read.
Published groups are the matching history (no separate table to keep in step).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), server_default="", nullable=False),
        sa.Column("name_fold", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("name_fold", name=op.f("uq_communities_name_fold")),
    )
    op.create_table(
        "accounts",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("email_fold", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email_fold", name=op.f("uq_accounts_email_fold")),
    )
    op.create_table(
        "community_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("email_fold", sa.Text(), nullable=False),
        sa.Column("first_name", sa.Text(), server_default="", nullable=False),
        sa.Column("last_name", sa.Text(), server_default="", nullable=False),
        sa.Column("company", sa.Text(), server_default="", nullable=False),
        sa.Column("sector", sa.Text(), server_default="", nullable=False),
        sa.Column("function", sa.Text(), server_default="", nullable=False),
        sa.Column("seniority", sa.Text(), server_default="", nullable=False),
        sa.Column("city", sa.Text(), server_default="", nullable=False),
        sa.Column("travel_km", sa.Float(), server_default="10", nullable=False),
        sa.Column("sports", sa.JSON(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("seeks", sa.JSON(), nullable=False),
        sa.Column("offers", sa.JSON(), nullable=False),
        sa.Column("format", sa.String(length=8), server_default="any", nullable=False),
        sa.Column("relational_profile", sa.String(length=32), nullable=True),
        sa.Column("shared", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_community_members_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_community_members_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_members")),
        sa.UniqueConstraint(
            "community_id", "email_fold", name=op.f("uq_community_members_community_id_email_fold")
        ),
    )
    op.create_index(
        op.f("ix_community_members_user_id"), "community_members", ["user_id"], unique=False
    )
    op.create_table(
        "community_organisers",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_community_organisers_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_community_organisers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", "user_id", name=op.f("pk_community_organisers")),
    )
    op.create_table(
        "community_rounds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(length=32), nullable=False),
        sa.Column("size_min", sa.SmallInteger(), nullable=False),
        sa.Column("size_max", sa.SmallInteger(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'matched', 'published')", name=op.f("ck_community_rounds_status")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_community_rounds_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_rounds")),
    )
    op.create_index(
        op.f("ix_community_rounds_community_id_date_from"),
        "community_rounds",
        ["community_id", "date_from"],
        unique=False,
    )
    op.create_table(
        "community_groups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=False),
        sa.Column("place", sa.Text(), server_default="", nullable=False),
        sa.Column("meets_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["community_rounds.id"],
            name=op.f("fk_community_groups_round_id_community_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_groups")),
    )
    op.create_index(
        op.f("ix_community_groups_round_id"), "community_groups", ["round_id"], unique=False
    )
    op.create_table(
        "community_optins",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["community_members.id"],
            name=op.f("fk_community_optins_member_id_community_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["community_rounds.id"],
            name=op.f("fk_community_optins_round_id_community_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "member_id", name=op.f("pk_community_optins")),
    )
    op.create_table(
        "community_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("useful", sa.SmallInteger(), nullable=True),
        sa.Column("again", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "useful BETWEEN 1 AND 5", name=op.f("ck_community_feedback_useful_range")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["community_groups.id"],
            name=op.f("fk_community_feedback_group_id_community_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["community_members.id"],
            name=op.f("fk_community_feedback_member_id_community_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_feedback")),
        sa.UniqueConstraint(
            "group_id", "member_id", name=op.f("uq_community_feedback_group_id_member_id")
        ),
    )
    op.create_index(
        op.f("ix_community_feedback_round_id"), "community_feedback", ["round_id"], unique=False
    )
    op.create_table(
        "community_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["community_groups.id"],
            name=op.f("fk_community_group_members_group_id_community_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["community_members.id"],
            name=op.f("fk_community_group_members_member_id_community_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_community_group_members")),
    )
    op.create_index(
        op.f("ix_community_group_members_member_id"),
        "community_group_members",
        ["member_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_community_group_members_round_id"),
        "community_group_members",
        ["round_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_community_group_members_round_id"), table_name="community_group_members")
    op.drop_index(
        op.f("ix_community_group_members_member_id"), table_name="community_group_members"
    )
    op.drop_table("community_group_members")
    op.drop_index(op.f("ix_community_feedback_round_id"), table_name="community_feedback")
    op.drop_table("community_feedback")
    op.drop_table("community_optins")
    op.drop_index(op.f("ix_community_groups_round_id"), table_name="community_groups")
    op.drop_table("community_groups")
    op.drop_index(op.f("ix_community_rounds_community_id_date_from"), table_name="community_rounds")
    op.drop_table("community_rounds")
    op.drop_table("community_organisers")
    op.drop_index(op.f("ix_community_members_user_id"), table_name="community_members")
    op.drop_table("community_members")
    op.drop_table("accounts")
    op.drop_table("communities")
