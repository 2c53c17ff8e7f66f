"""Events, clubs and associations: the catalogue, who goes, attendances, follow-ups.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

Issue #7. ``events`` holds events and memberships alike (``kind`` tells them apart);
``event_contacts`` the user's contacts who go, want to be met or were met there;
``event_attendances`` the occurrences attended; ``event_followups`` the actions owed to
people met, each with a due date (48 h after by default) the weekly plan can read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("title_fold", sa.Text(), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=32), server_default="other", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rrule", sa.Text(), server_default="", nullable=False),
        sa.Column("duration_minutes", sa.Integer(), server_default="120", nullable=False),
        sa.Column("travel_minutes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("place", sa.Text(), server_default="", nullable=False),
        sa.Column("city", sa.Text(), server_default="", nullable=False),
        sa.Column("organizer", sa.Text(), server_default="", nullable=False),
        sa.Column("url", sa.Text(), server_default="", nullable=False),
        sa.Column("entry_fee", sa.Float(), server_default="0", nullable=False),
        sa.Column("yearly_fee", sa.Float(), server_default="0", nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("functions", sa.JSON(), nullable=False),
        sa.Column("profiles", sa.JSON(), nullable=False),
        sa.Column("expected_size", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=32), nullable=True),
        sa.Column("can_bring", sa.JSON(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=True),
        sa.Column("attend_count", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("uid", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["events.id"],
            name=op.f("fk_events_membership_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_events_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_membership_id"), "events", ["membership_id"], unique=False)
    op.create_index(
        op.f("ix_events_owner_id_title_fold"), "events", ["owner_id", "title_fold"], unique=False
    )
    op.create_index(op.f("ix_events_owner_id_uid"), "events", ["owner_id", "uid"], unique=False)
    op.create_table(
        "event_attendances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_attendances_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendances")),
        sa.UniqueConstraint("event_id", "day", name=op.f("uq_event_attendances_event_id_day")),
    )
    op.create_index(
        op.f("ix_event_attendances_owner_id_day"),
        "event_attendances",
        ["owner_id", "day"],
        unique=False,
    )
    op.create_table(
        "event_contacts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "role IN ('goes', 'want', 'met', 'seen')", name=op.f("ck_event_contacts_role")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_event_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_contacts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_contacts")),
        sa.UniqueConstraint(
            "event_id",
            "contact_id",
            "role",
            "day",
            name=op.f("uq_event_contacts_event_id_contact_id_role_day"),
        ),
    )
    op.create_index(
        op.f("ix_event_contacts_owner_id_contact_id"),
        "event_contacts",
        ["owner_id", "contact_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_event_contacts_owner_id_role_event_id"),
        "event_contacts",
        ["owner_id", "role", "event_id"],
        unique=False,
    )
    op.create_table(
        "event_followups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), server_default="", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_event_followups_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_followups_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_event_followups_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_followups")),
    )
    op.create_index(
        op.f("ix_event_followups_contact_id"), "event_followups", ["contact_id"], unique=False
    )
    op.create_index(
        op.f("ix_event_followups_event_id"), "event_followups", ["event_id"], unique=False
    )
    op.create_index(
        op.f("ix_event_followups_owner_id_due_on"),
        "event_followups",
        ["owner_id", "due_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("event_followups")
    op.drop_table("event_contacts")
    op.drop_table("event_attendances")
    op.drop_table("events")
