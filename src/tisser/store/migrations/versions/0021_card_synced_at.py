"""When each card's contact last matched the card: an incremental CardDAV sync reads only
the contacts changed since (carddav_cards.synced_at).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08

Issue #17: the sync compared every contact updated since the last sync's start with its
card, so the sync after a first one re-read all the contacts that first sync had created.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "carddav_cards", sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("carddav_cards") as batch:
        batch.drop_column("synced_at")
