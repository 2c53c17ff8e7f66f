"""Address-book fields on contacts: birthday, anniversary, nickname and the details column
(addresses, typed phones and e-mails, URLs, handles, related people, vCard lines kept).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Issue #17: an import followed by an export gives back every property of the card.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMNS = ("birthday", "anniversary", "nickname", "details")


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite has it with a default): a batch would rebuild the table
    # and drop the triggers that keep the search index.
    for name in COLUMNS:
        op.add_column("contacts", sa.Column(name, sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
