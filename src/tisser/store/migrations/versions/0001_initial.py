"""Initial schema: users, profiles, contacts and their lists, interactions, links, search.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

The full-text index differs by dialect. SQLite: the FTS5 table ``contacts_fts`` (rowid =
contact id) over the Python-folded ``search_text`` split in two columns (``name``, ``body``),
with ``unicode61 remove_diacritics 2`` as a second line of defence. PostgreSQL: a GIN index
over ``to_tsvector('simple', search_text)``, plus the ``unaccent`` extension when the role
may create it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), server_default="", nullable=False),
        sa.Column("email", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.Text(), server_default="", nullable=False),
        sa.Column("particle", sa.Text(), server_default="", nullable=False),
        sa.Column("family_name", sa.Text(), server_default="", nullable=False),
        sa.Column("organization", sa.Text(), server_default="", nullable=False),
        sa.Column("position", sa.Text(), server_default="", nullable=False),
        sa.Column("sector", sa.Text(), server_default="", nullable=False),
        sa.Column("function", sa.Text(), server_default="", nullable=False),
        sa.Column("seniority", sa.Text(), server_default="", nullable=False),
        sa.Column("gender", sa.Text(), server_default="", nullable=False),
        sa.Column("city", sa.Text(), server_default="", nullable=False),
        sa.Column("country", sa.Text(), server_default="", nullable=False),
        sa.Column("linkedin", sa.Text(), server_default="", nullable=False),
        sa.Column("x_handle", sa.Text(), server_default="", nullable=False),
        sa.Column("website", sa.Text(), server_default="", nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("met_how", sa.Text(), server_default="", nullable=False),
        sa.Column("met_channel", sa.String(length=32), nullable=True),
        sa.Column("met_through_id", sa.Integer(), nullable=True),
        sa.Column("relational_profile", sa.String(length=32), nullable=True),
        sa.Column("energy", sa.String(length=32), nullable=True),
        sa.Column("circle", sa.SmallInteger(), server_default="4", nullable=False),
        sa.Column("closeness", sa.SmallInteger(), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sort_key", sa.Text(), server_default="", nullable=False),
        sa.Column("sector_fold", sa.Text(), server_default="", nullable=False),
        sa.Column("city_fold", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint("circle BETWEEN 1 AND 5", name=op.f("ck_contacts_circle_range")),
        sa.ForeignKeyConstraint(
            ["met_through_id"],
            ["contacts.id"],
            name=op.f("fk_contacts_met_through_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_contacts_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    op.create_index(
        op.f("ix_contacts_met_through_id"), "contacts", ["met_through_id"], unique=False
    )
    op.create_index(
        op.f("ix_contacts_owner_id_circle"), "contacts", ["owner_id", "circle"], unique=False
    )
    op.create_index(
        op.f("ix_contacts_owner_id_relational_profile"),
        "contacts",
        ["owner_id", "relational_profile"],
        unique=False,
    )
    op.create_index(
        op.f("ix_contacts_owner_id_sort_key"), "contacts", ["owner_id", "sort_key"], unique=False
    )
    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), server_default="none", nullable=False),
        sa.Column("gave", sa.Text(), server_default="", nullable=False),
        sa.Column("received", sa.Text(), server_default="", nullable=False),
        sa.Column("about", sa.Text(), server_default="", nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_interactions_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    op.create_index(
        op.f("ix_interactions_owner_id_occurred_at"),
        "interactions",
        ["owner_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "profiles",
        sa.Column("owner_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("given_name", sa.Text(), server_default="", nullable=False),
        sa.Column("family_name", sa.Text(), server_default="", nullable=False),
        sa.Column("headline", sa.Text(), server_default="", nullable=False),
        sa.Column("organization", sa.Text(), server_default="", nullable=False),
        sa.Column("sector", sa.Text(), server_default="", nullable=False),
        sa.Column("function", sa.Text(), server_default="", nullable=False),
        sa.Column("seniority", sa.Text(), server_default="", nullable=False),
        sa.Column("city", sa.Text(), server_default="", nullable=False),
        sa.Column("country", sa.Text(), server_default="", nullable=False),
        sa.Column("relational_profile", sa.String(length=32), nullable=True),
        sa.Column("energy", sa.String(length=32), nullable=True),
        sa.Column("weekly_budget_minutes", sa.Integer(), server_default="60", nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("pitch", sa.Text(), server_default="", nullable=False),
        sa.Column("language", sa.String(length=16), server_default="fr", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_profiles_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_profiles")),
    )
    op.create_table(
        "contact_emails",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("email_fold", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_emails_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_emails")),
    )
    op.create_index(
        op.f("ix_contact_emails_contact_id"), "contact_emails", ["contact_id"], unique=False
    )
    op.create_index(
        op.f("ix_contact_emails_owner_id_email_fold"),
        "contact_emails",
        ["owner_id", "email_fold"],
        unique=False,
    )
    op.create_table(
        "contact_name_keys",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_name_keys_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "key", name=op.f("pk_contact_name_keys")),
    )
    op.create_index(
        op.f("ix_contact_name_keys_owner_id_key"),
        "contact_name_keys",
        ["owner_id", "key"],
        unique=False,
    )
    op.create_table(
        "contact_phones",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_phones_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_phones")),
    )
    op.create_index(
        op.f("ix_contact_phones_contact_id"), "contact_phones", ["contact_id"], unique=False
    )
    op.create_table(
        "contact_tags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('tag', 'category')", name=op.f("ck_contact_tags_kind")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_tags_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_tags")),
        sa.UniqueConstraint(
            "contact_id", "kind", "folded", name=op.f("uq_contact_tags_contact_id_kind_folded")
        ),
    )
    op.create_index(
        op.f("ix_contact_tags_owner_id_kind_folded"),
        "contact_tags",
        ["owner_id", "kind", "folded"],
        unique=False,
    )
    op.create_table(
        "interaction_contacts",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interaction_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_contacts_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "contact_id", name=op.f("pk_interaction_contacts")
        ),
    )
    op.create_index(
        op.f("ix_interaction_contacts_contact_id_occurred_at"),
        "interaction_contacts",
        ["contact_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_interaction_contacts_owner_id_contact_id_occurred_at"),
        "interaction_contacts",
        ["owner_id", "contact_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("strength", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=64), server_default="manual", nullable=False),
        sa.CheckConstraint("a_id < b_id", name=op.f("ck_links_ordered")),
        sa.ForeignKeyConstraint(
            ["a_id"], ["contacts.id"], name=op.f("fk_links_a_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["b_id"], ["contacts.id"], name=op.f("fk_links_b_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_links_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("owner_id", "a_id", "b_id", name=op.f("uq_links_owner_id_a_id_b_id")),
    )
    op.create_index(op.f("ix_links_b_id"), "links", ["b_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE contacts_fts USING fts5("
            "name, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_contacts_search ON contacts "
            "USING gin (to_tsvector('simple', search_text))"
        )
        # unaccent is optional (the Python folding already strips accents): a role that may
        # not create extensions still gets a working database.
        op.execute(
            """
            DO $$
            BEGIN
                CREATE EXTENSION IF NOT EXISTS unaccent;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'unaccent unavailable: %', SQLERRM;
            END
            $$
            """
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS contacts_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contacts_search")
    for table in (
        "links",
        "interaction_contacts",
        "interactions",
        "contact_name_keys",
        "contact_tags",
        "contact_phones",
        "contact_emails",
        "contacts",
        "profiles",
        "users",
    ):
        op.drop_table(table)
