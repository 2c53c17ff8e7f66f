"""The tables of tisser, as SQLAlchemy Core metadata.

This module is the *target* of the Alembic migrations in :mod:`tisser.store.migrations`: a
test upgrades an empty database to head and checks, with Alembic's autogenerate comparison,
that the database and this metadata agree on both SQLite and PostgreSQL. Change the schema
here *and* add a migration.

Every record row carries ``owner_id``. Derived columns (``sort_key``, ``search_text``,
``*_fold``) are computed in Python by :mod:`tisser.store.rows` with
:func:`tisser.core.names.fold`, so both dialects sort and search alike.

The full-text index is not in this metadata: on SQLite it is the FTS5 virtual table
``contacts_fts`` (rowid = contact id, with an owner token), on PostgreSQL the stored generated
column ``contacts.search_vector`` = ``to_tsvector('simple', search_text)`` and its GIN index
``ix_contacts_search``; the migrations create them (see :mod:`tisser.store.search`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

# The revision of the newest migration; open_store skips Alembic when the database is at it.
# tests/test_store_migrations.py checks it equals the script directory's head.
SCHEMA_REVISION = "0009"

FTS_TABLE = "contacts_fts"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC, returned tz-aware in UTC on every dialect.

    SQLite has no time zones: the value is stored as a naive UTC timestamp string, which
    sorts and compares correctly. A naive datetime is refused (ambiguous moment).
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: tisser stores timezone-aware moments only")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def _text(name: str, **kw: Any) -> sa.Column[str]:
    return sa.Column(name, sa.Text, nullable=False, server_default="", **kw)


def _owner() -> sa.Column[int]:
    return sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
    )


users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _text("name"),
    _text("email"),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _text("given_name"),
    _text("family_name"),
    _text("headline"),
    _text("organization"),
    _text("sector"),
    _text("function"),
    _text("seniority"),
    _text("city"),
    _text("country"),
    sa.Column("relational_profile", sa.String(32), nullable=True),
    sa.Column("energy", sa.String(32), nullable=True),
    sa.Column("weekly_budget_minutes", sa.Integer, nullable=False, server_default="60"),
    sa.Column("values", sa.JSON, nullable=False),
    sa.Column("skills", sa.JSON, nullable=False),
    _text("pitch"),
    sa.Column("language", sa.String(16), nullable=False, server_default="fr"),
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    _text("given_name"),
    _text("particle"),
    _text("family_name"),
    _text("organization"),
    _text("position"),
    _text("sector"),
    _text("function"),
    _text("seniority"),
    _text("gender"),
    _text("city"),
    _text("country"),
    _text("linkedin"),
    _text("x_handle"),
    _text("website"),
    sa.Column("met_on", sa.Date, nullable=True),
    _text("met_how"),
    sa.Column("met_channel", sa.String(32), nullable=True),
    sa.Column(
        "met_through_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("relational_profile", sa.String(32), nullable=True),
    sa.Column("energy", sa.String(32), nullable=True),
    sa.Column("circle", sa.SmallInteger, nullable=False, server_default="4"),
    sa.Column("closeness", sa.SmallInteger, nullable=True),
    _text("notes"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # Derived, computed in Python (tisser.core.names): see the module docstring.
    _text("sort_key"),
    _text("sector_fold"),
    _text("city_fold"),
    _text("search_text"),
    sa.CheckConstraint("circle BETWEEN 1 AND 5", name="circle_range"),
    sa.Index(None, "owner_id", "sort_key"),
    sa.Index(None, "owner_id", "circle"),
    sa.Index(None, "owner_id", "relational_profile"),
    sa.Index(None, "met_through_id"),
)

contact_emails = sa.Table(
    "contact_emails",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("email_fold", sa.Text, nullable=False),
    sa.Index(None, "contact_id"),
    sa.Index(None, "owner_id", "email_fold"),
)

contact_phones = sa.Table(
    "contact_phones",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("phone", sa.Text, nullable=False),
    sa.Index(None, "contact_id"),
)

contact_tags = sa.Table(
    "contact_tags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("folded", sa.Text, nullable=False),
    sa.CheckConstraint("kind IN ('tag', 'category')", name="kind"),
    sa.UniqueConstraint("contact_id", "kind", "folded"),
    sa.Index(None, "owner_id", "kind", "folded"),
)

# Keys find_contacts_by_name matches exactly: folded display name, "given family" without
# the particle, "family given" with and without it.
contact_name_keys = sa.Table(
    "contact_name_keys",
    metadata,
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Index(None, "owner_id", "key"),
)

interactions = sa.Table(
    "interactions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("direction", sa.String(16), nullable=False, server_default="none"),
    _text("gave"),
    _text("received"),
    _text("about"),
    _text("outcome"),
    sa.Index(None, "owner_id", "occurred_at"),
)

# One row per participant. ``occurred_at`` and ``owner_id`` are copied from the interaction
# so last_interactions and the "not seen since" filter read one covering index.
interaction_contacts = sa.Table(
    "interaction_contacts",
    metadata,
    sa.Column(
        "interaction_id",
        sa.Integer,
        sa.ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False, server_default="0"),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Index(None, "contact_id", "occurred_at"),
    sa.Index(None, "owner_id", "contact_id", "occurred_at"),
)

links = sa.Table(
    "links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("a_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("b_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("strength", sa.Float, nullable=True),
    sa.Column("source", sa.String(64), nullable=False, server_default="manual"),
    sa.CheckConstraint("a_id < b_id", name="ordered"),
    sa.UniqueConstraint("owner_id", "a_id", "b_id"),
    sa.Index(None, "b_id"),
)

# --- communities (issue #9) ------------------------------------------------------------------
# A community is shared by many users: its rows carry ``community_id``, not ``owner_id``, and
# every read goes through :mod:`tisser.store.community`, which checks the acting user's role.

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("email_fold", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("email_fold"),
)

communities = sa.Table(
    "communities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _text("name"),
    sa.Column("name_fold", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("name_fold"),
)

community_organisers = sa.Table(
    "community_organisers",
    metadata,
    sa.Column(
        "community_id",
        sa.Integer,
        sa.ForeignKey("communities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
)

community_members = sa.Table(
    "community_members",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "community_id",
        sa.Integer,
        sa.ForeignKey("communities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # The member's own tisser user, when they have an account (and maybe their own network).
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("email_fold", sa.Text, nullable=False),
    _text("first_name"),
    _text("last_name"),
    _text("company"),
    _text("sector"),
    _text("function"),
    _text("seniority"),
    _text("city"),
    sa.Column("travel_km", sa.Float, nullable=False, server_default="10"),
    sa.Column("sports", sa.JSON, nullable=False),
    sa.Column("slots", sa.JSON, nullable=False),
    sa.Column("languages", sa.JSON, nullable=False),
    sa.Column("seeks", sa.JSON, nullable=False),
    sa.Column("offers", sa.JSON, nullable=False),
    sa.Column("format", sa.String(8), nullable=False, server_default="any"),
    sa.Column("relational_profile", sa.String(32), nullable=True),
    # The profile fields other members may see (the rest is private to the member and the
    # organisers).
    sa.Column("shared", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("community_id", "email_fold"),
    sa.Index(None, "user_id"),
)

community_rounds = sa.Table(
    "community_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "community_id",
        sa.Integer,
        sa.ForeignKey("communities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("activity", sa.String(32), nullable=False),
    sa.Column("size_min", sa.SmallInteger, nullable=False),
    sa.Column("size_max", sa.SmallInteger, nullable=False),
    sa.Column("date_from", sa.Date, nullable=False),
    sa.Column("date_to", sa.Date, nullable=False),
    sa.Column("places", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("published_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("status IN ('open', 'matched', 'published')", name="status"),
    sa.Index(None, "community_id", "date_from"),
)

community_optins = sa.Table(
    "community_optins",
    metadata,
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("community_rounds.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "member_id",
        sa.Integer,
        sa.ForeignKey("community_members.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

community_groups = sa.Table(
    "community_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "round_id",
        sa.Integer,
        sa.ForeignKey("community_rounds.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("slot", sa.String(16), nullable=False),
    _text("place"),
    sa.Column("meets_at", UTCDateTime, nullable=True),
    # The explanation as phrases (template, params), rendered in the reader's language.
    sa.Column("why", sa.JSON, nullable=False),
    sa.Index(None, "round_id"),
)

# One row per member of a group; published groups are the community's history.
community_group_members = sa.Table(
    "community_group_members",
    metadata,
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("community_groups.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "member_id",
        sa.Integer,
        sa.ForeignKey("community_members.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("round_id", sa.Integer, nullable=False),
    sa.Index(None, "round_id"),
    sa.Index(None, "member_id"),
)

community_feedback = sa.Table(
    "community_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("community_groups.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "member_id",
        sa.Integer,
        sa.ForeignKey("community_members.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("round_id", sa.Integer, nullable=False),
    sa.Column("met", sa.Boolean, nullable=False),
    sa.Column("useful", sa.SmallInteger, nullable=True),
    sa.Column("again", sa.Boolean, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("useful BETWEEN 1 AND 5", name="useful_range"),
    sa.UniqueConstraint("group_id", "member_id"),
    sa.Index(None, "round_id"),
)
