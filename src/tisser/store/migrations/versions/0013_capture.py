"""Capture: sources and their cursors, what each captured interaction adds, the messages
already counted, correspondents for the review queue, and the addresses ignored forever.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Issue #16: the journal fills itself from mail, calendars and chat exports
(:mod:`tisser.capture`, :mod:`tisser.store.capture`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "capture_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("location", sa.Text(), server_default="", nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_sync_at", TS, nullable=True),
        sa.Column("last_report", sa.JSON(), nullable=True),
        _fk("capture_sources", "owner_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture_sources")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_capture_sources_owner_id_name")),
    )
    op.create_table(
        "captures",
        sa.Column("interaction_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("initiator", sa.String(8), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("first_at", TS, nullable=False),
        sa.Column("last_at", TS, nullable=False),
        sa.Column("replied_at", TS, nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        _fk("captures", "interaction_id", "interactions"),
        _fk("captures", "source_id", "capture_sources"),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_captures")),
        sa.UniqueConstraint("source_id", "key", name=op.f("uq_captures_source_id_key")),
    )
    op.create_table(
        "capture_seen",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        _fk("capture_seen", "source_id", "capture_sources"),
        sa.PrimaryKeyConstraint("source_id", "key", name=op.f("pk_capture_seen")),
    )
    op.create_table(
        "capture_correspondents",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("display", sa.Text(), server_default="", nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("last_at", TS, nullable=False),
        _fk("capture_correspondents", "source_id", "capture_sources"),
        sa.PrimaryKeyConstraint("source_id", "address", name=op.f("pk_capture_correspondents")),
    )
    op.create_index(
        op.f("ix_capture_correspondents_owner_id_address"),
        "capture_correspondents",
        ["owner_id", "address"],
    )
    op.create_table(
        "capture_ignored",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        _fk("capture_ignored", "owner_id", "users"),
        sa.PrimaryKeyConstraint("owner_id", "address", name=op.f("pk_capture_ignored")),
    )


def downgrade() -> None:
    op.drop_table("capture_ignored")
    op.drop_index(
        op.f("ix_capture_correspondents_owner_id_address"), table_name="capture_correspondents"
    )
    op.drop_table("capture_correspondents")
    op.drop_table("capture_seen")
    op.drop_table("captures")
    op.drop_table("capture_sources")
