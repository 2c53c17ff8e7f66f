"""Address-book fields on contacts: birthday, anniversary, nickname and the details column
(addresses, typed phones and e-mails, URLs, handles, related people, vCard lines kept);
the CardDAV sync's books, cards and conflicts.

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

    ts = sa.DateTime(timezone=True)

    def text(name: str) -> sa.Column[str]:
        return sa.Column(name, sa.Text(), server_default="", nullable=False)

    op.create_table(
        "carddav_books",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        text("url"),
        text("username"),
        text("name"),
        text("sync_token"),
        sa.Column("last_sync", ts, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("owner_id", "url"),
    )
    op.create_table(
        "carddav_cards",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "book_id",
            sa.Integer(),
            sa.ForeignKey("carddav_books.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        text("href"),
        text("etag"),
        text("uid"),
        sa.Column(
            "contact_id",
            sa.Integer(),
            sa.ForeignKey("contacts.id", ondelete="SET NULL"),
            nullable=True,
        ),
        text("base"),
        sa.UniqueConstraint("book_id", "href"),
    )
    op.create_index(op.f("ix_carddav_cards_book_id_uid"), "carddav_cards", ["book_id", "uid"])
    op.create_index(op.f("ix_carddav_cards_contact_id"), "carddav_cards", ["contact_id"])
    op.create_table(
        "carddav_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "book_id",
            sa.Integer(),
            sa.ForeignKey("carddav_books.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column(
            "contact_id",
            sa.Integer(),
            sa.ForeignKey("contacts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        text("field"),
        text("local"),
        text("remote"),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("contact_id", "field"),
    )


def downgrade() -> None:
    for table in ("carddav_conflicts", "carddav_cards", "carddav_books"):
        op.drop_table(table)
    with op.batch_alter_table("contacts") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
