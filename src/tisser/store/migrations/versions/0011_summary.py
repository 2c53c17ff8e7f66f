"""The journal summed up per contact, per month and per year (contact_stats,
contact_months, contact_years, journal_months), filled from the interactions already logged.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Issues #4 and #5: the diagnosis and the plan read these rows instead of grouping every
participant row; :mod:`tisser.store.summary` keeps them exact on every write. The fill below
is the same GROUP BY as :func:`tisser.store.summary.refresh_contacts`, written out in SQL so
this migration does not depend on later versions of the code.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
GAVE = "CASE WHEN i.direction IN ('gave', 'mutual') THEN 1 ELSE 0 END"
RECEIVED = "CASE WHEN i.direction IN ('received', 'mutual') THEN 1 ELSE 0 END"


def _month(column: str, year: bool = False) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"to_char(timezone('UTC', {column}), '{'YYYY' if year else 'YYYY-MM'}')"
    return f"substr({column}, 1, {4 if year else 7})"


def _periods(table: str, key: str, length: int) -> None:
    op.create_table(
        table,
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(key, sa.String(length), nullable=False),
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.Column("gave", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f(f"fk_{table}_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", key, "contact_id", name=op.f(f"pk_{table}")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f(f"ix_{table}_contact_id"), table, ["contact_id"])


def upgrade() -> None:
    op.create_table(
        "contact_stats",
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.Column("first_at", TS, nullable=False),
        sa.Column("last_at", TS, nullable=False),
        sa.Column("last_channel", sa.String(32), nullable=False),
        sa.Column("gave", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_stats_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contact_stats")),
    )
    op.create_index(
        op.f("ix_contact_stats_owner_id_last_at"), "contact_stats", ["owner_id", "last_at"]
    )
    _periods("contact_months", "month", 7)
    _periods("contact_years", "year", 4)
    op.create_table(
        "journal_months",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_journal_months_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "month", name=op.f("pk_journal_months")),
        sqlite_with_rowid=False,
    )
    joined = "FROM interaction_contacts AS ic JOIN interactions AS i ON i.id = ic.interaction_id"
    op.execute(
        "INSERT INTO contact_stats (contact_id, owner_id, interactions, first_at, last_at,"
        " last_channel, gave, received)"
        " SELECT ic.contact_id, ic.owner_id, count(*), min(ic.occurred_at), max(ic.occurred_at),"
        " (SELECT li.channel FROM interaction_contacts AS lc"
        "  JOIN interactions AS li ON li.id = lc.interaction_id"
        "  WHERE lc.owner_id = ic.owner_id AND lc.contact_id = ic.contact_id"
        "  ORDER BY lc.occurred_at DESC, lc.interaction_id DESC LIMIT 1),"
        f" sum({GAVE}), sum({RECEIVED}) {joined} GROUP BY ic.owner_id, ic.contact_id"
    )
    for table, key in (("contact_months", "month"), ("contact_years", "year")):
        period = _month("ic.occurred_at", year=key == "year")
        op.execute(
            f"INSERT INTO {table} (owner_id, {key}, contact_id, interactions, gave, received)"
            f" SELECT ic.owner_id, {period}, ic.contact_id, count(*), sum({GAVE}),"
            f" sum({RECEIVED}) {joined} GROUP BY ic.owner_id, {period}, ic.contact_id"
        )
    month = _month("occurred_at")
    op.execute(
        "INSERT INTO journal_months (owner_id, month, interactions)"
        f" SELECT owner_id, {month}, count(*) FROM interactions GROUP BY owner_id, {month}"
    )


def downgrade() -> None:
    op.drop_table("journal_months")
    for table in ("contact_years", "contact_months"):
        op.drop_index(op.f(f"ix_{table}_contact_id"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_contact_stats_owner_id_last_at"), table_name="contact_stats")
    op.drop_table("contact_stats")
