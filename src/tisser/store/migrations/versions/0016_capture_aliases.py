"""Capture: addresses attached to a contact from the review queue (capture_aliases).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08

Issue #16: a name as a chat shows it ("Marie"), or a homonym's address, attached by the user
to one contact; later syncs resolve it to that contact before anything else.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_aliases",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_capture_aliases_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_capture_aliases_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "address", name=op.f("pk_capture_aliases")),
    )


def downgrade() -> None:
    op.drop_table("capture_aliases")
