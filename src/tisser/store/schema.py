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
SCHEMA_REVISION = "0021"

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
    # Address-book fields (migration 0012, issue #17): dates as ISO text, with or without
    # the year (tisser.core.birthdays); the rest as JSON (tisser.core.card_data).
    _text("birthday"),
    _text("anniversary"),
    _text("nickname"),
    _text("details"),
    # Derived, computed in Python (tisser.core.names): see the module docstring.
    _text("sort_key"),
    _text("sector_fold"),
    _text("city_fold"),
    _text("search_text"),
    # The batched import that added the contact (migration 0019, issue #21), else NULL.
    sa.Column("import_run", sa.Integer, nullable=True),
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

# The journal summed up per contact (migration 0011), kept exact on every write by
# :mod:`tisser.store.summary`: the diagnosis, the plan, reach and the Contacts page read these
# few rows instead of grouping a million participant rows. ``contact_stats`` holds the totals
# (a row only for a contact with interactions), ``contact_months`` the same counts per UTC
# month ("YYYY-MM") and per UTC year ("YYYY", ``contact_years``) for the windows that move
# with today ("the last twelve months": whole years, whole months, half a month at most), and
# ``journal_months`` the interactions per UTC month for the diagnosis's timeline.
contact_stats = sa.Table(
    "contact_stats",
    metadata,
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("interactions", sa.Integer, nullable=False),
    sa.Column("first_at", UTCDateTime, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False),
    sa.Column("last_channel", sa.String(32), nullable=False),
    sa.Column("gave", sa.Integer, nullable=False),
    sa.Column("received", sa.Integer, nullable=False),
    sa.Index(None, "owner_id", "last_at"),
)

contact_months = sa.Table(
    "contact_months",
    metadata,
    sa.Column("owner_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("interactions", sa.Integer, nullable=False),
    sa.Column("gave", sa.Integer, nullable=False),
    sa.Column("received", sa.Integer, nullable=False),
    sa.Index(None, "contact_id"),
    # SQLite: the rows live in the primary key's b-tree, so a window of months is one range
    sqlite_with_rowid=False,
)

contact_years = sa.Table(
    "contact_years",
    metadata,
    sa.Column("owner_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("year", sa.String(4), primary_key=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("interactions", sa.Integer, nullable=False),
    sa.Column("gave", sa.Integer, nullable=False),
    sa.Column("received", sa.Integer, nullable=False),
    sa.Index(None, "contact_id"),
    sqlite_with_rowid=False,
)

journal_months = sa.Table(
    "journal_months",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("interactions", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
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

# --- events, clubs and associations (issue #7) -------------------------------------------
# One table for events and memberships (``kind`` tells them apart); audience lists as JSON.
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    _text("title"),
    _text("title_fold"),
    sa.Column("kind", sa.String(32), nullable=False, server_default="other"),
    sa.Column("starts_at", UTCDateTime, nullable=True),
    _text("rrule"),
    sa.Column("duration_minutes", sa.Integer, nullable=False, server_default="120"),
    sa.Column("travel_minutes", sa.Integer, nullable=False, server_default="0"),
    _text("place"),
    _text("city"),
    _text("organizer"),
    _text("url"),
    sa.Column("entry_fee", sa.Float, nullable=False, server_default="0"),
    sa.Column("yearly_fee", sa.Float, nullable=False, server_default="0"),
    sa.Column("sectors", sa.JSON, nullable=False),
    sa.Column("functions", sa.JSON, nullable=False),
    sa.Column("profiles", sa.JSON, nullable=False),
    sa.Column("expected_size", sa.Integer, nullable=True),
    sa.Column("format", sa.String(32), nullable=True),
    sa.Column("can_bring", sa.JSON, nullable=False),
    sa.Column(
        "membership_id",
        sa.Integer,
        sa.ForeignKey("events.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("attend_count", sa.Integer, nullable=True),
    _text("notes"),
    _text("uid"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index(None, "owner_id", "title_fold"),
    sa.Index(None, "owner_id", "uid"),
    sa.Index(None, "membership_id"),
)

# The user's contacts at an event: ``goes`` (they attend), ``want`` (to meet there, with
# why in ``note``), ``met`` (a new contact met there) and ``seen`` (a known one seen there),
# the last two once per occurrence (``day``).
event_contacts = sa.Table(
    "event_contacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=True),
    _text("note"),
    sa.CheckConstraint("role IN ('goes', 'want', 'met', 'seen')", name="role"),
    sa.UniqueConstraint("event_id", "contact_id", "role", "day"),
    sa.Index(None, "owner_id", "contact_id"),
    sa.Index(None, "owner_id", "role", "event_id"),
)

# The occurrences the user went to.
event_attendances = sa.Table(
    "event_attendances",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.UniqueConstraint("event_id", "day"),
    sa.Index(None, "owner_id", "day"),
)

# Follow-up actions owed to people met at an event, due 48 h after by default; the weekly
# plan reads the open ones by due date.
event_followups = sa.Table(
    "event_followups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column(
        "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    _text("action"),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "owner_id", "due_on"),
    sa.Index(None, "event_id"),
    sa.Index(None, "contact_id"),
)


# Help exchanged per contact (the plan's reciprocity) reads only the recent interactions that
# carry some help, from this covering index, without touching the table (migration 0004).
sa.Index(None, interactions.c.owner_id, interactions.c.direction, interactions.c.occurred_at)

# --- the plan (#5): self-profile worksheet, objectives and their steps, weekly actions -------

worksheets = sa.Table(
    "worksheets",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("data", sa.JSON, nullable=False),
)

objectives = sa.Table(
    "objectives",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    _text("title"),
    _text("why"),
    sa.Column("target", sa.Integer, nullable=True),
    _text("unit"),
    sa.Column("progress", sa.Integer, nullable=False, server_default="0"),
    sa.Column("start", sa.Date, nullable=True),
    sa.Column("deadline", sa.Date, nullable=True),
    sa.Column("state", sa.String(16), nullable=False, server_default="active"),
    sa.Column("profiles", sa.JSON, nullable=False),
    sa.Column("sectors", sa.JSON, nullable=False),
    sa.Column("events", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index(None, "owner_id", "state"),
)

# The contacts serving an objective: a table, not a JSON list, so erasing a contact
# (RGPD) removes them here by cascade.
objective_contacts = sa.Table(
    "objective_contacts",
    metadata,
    sa.Column(
        "objective_id",
        sa.Integer,
        sa.ForeignKey("objectives.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Index(None, "contact_id"),
)

objective_steps = sa.Table(
    "objective_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "objective_id",
        sa.Integer,
        sa.ForeignKey("objectives.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    _text("title"),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False, server_default="30"),
    sa.Column("done_on", sa.Date, nullable=True),
    sa.Index(None, "objective_id", "due"),
)

plan_actions = sa.Table(
    "plan_actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("week", sa.Date, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("priority", sa.Float, nullable=False, server_default="0"),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True
    ),
    sa.Column(
        "other_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True
    ),
    sa.Column(
        "objective_id",
        sa.Integer,
        sa.ForeignKey("objectives.id", ondelete="CASCADE"),
        nullable=True,
    ),
    sa.Column(
        "step_id",
        sa.Integer,
        sa.ForeignKey("objective_steps.id", ondelete="CASCADE"),
        nullable=True,
    ),
    sa.Column("channel", sa.String(32), nullable=True),
    _text("title"),
    sa.Column("forced", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reasons", sa.JSON, nullable=False),
    # the diagnosis's words for an action it advised (#18): code, sentence and reason
    sa.Column("wording", sa.JSON, nullable=True),
    sa.Column("state", sa.String(16), nullable=False, server_default="planned"),
    sa.Column("outcome", sa.String(16), nullable=True),
    _text("note"),
    sa.Column("done_on", sa.Date, nullable=True),
    sa.Column("snoozed_until", sa.Date, nullable=True),
    sa.Column(
        "interaction_id",
        sa.Integer,
        sa.ForeignKey("interactions.id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Index(None, "owner_id", "week"),
    sa.Index(None, "contact_id"),
    sa.Index(None, "other_id"),
)

# "Snooze" and "not now": what is postponed (a person, a step, an event) and until when.
snoozes = sa.Table(
    "snoozes",
    metadata,
    sa.Column(
        "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("until", sa.Date, nullable=False),
)

# Meetings set and events to attend, dated: the planner prepares the first and proposes the
# second (the events capability will add rows of kind "event").
appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=True
    ),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, server_default="meeting"),
    _text("title"),
    sa.Column("minutes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("crowd", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index(None, "owner_id", "day"),
    sa.Index(None, "contact_id"),
)


# What a contact offers ("can advise on export to Japan") or needs ("looking for a CTO"):
# reach matches offers, introductions pair one's need with another's offer. ``text_fold``
# is the folded text (tisser.core.names.fold), so both dialects search it alike.
contact_offers = sa.Table(
    "contact_offers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(8), nullable=False),
    _text("text"),
    _text("text_fold"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("kind IN ('offer', 'need')", name="kind"),
    sa.Index(None, "owner_id", "kind"),
    sa.Index(None, "contact_id"),
)

# Introductions the user makes between two contacts, with double opt-in (seed 000 §10:
# propose, never impose): proposed -> asked_a -> asked_b -> agreed -> introduced -> done,
# or declined. Each step that involves someone is also an interaction (direction: gave).
introductions = sa.Table(
    "introductions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("a_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("b_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="proposed"),
    _text("reason"),
    _text("outcome"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("a_id <> b_id", name="distinct_ends"),
    sa.Index(None, "owner_id", "status"),
    sa.Index(None, "a_id"),
    sa.Index(None, "b_id"),
)


# --- imports and duplicates (migration 0003) ------------------------------------------------

# Which contact each record of an outside source became: (owner, source, key) -> contact.
# A second import of the same file updates these contacts instead of adding new ones.
contact_sources = sa.Table(
    "contact_sources",
    metadata,
    sa.Column("owner_id", sa.Integer, nullable=False, primary_key=True),
    sa.Column("source", sa.String(32), nullable=False, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, primary_key=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Index(None, "contact_id"),
)

contact_photos = sa.Table(
    "contact_photos",
    metadata,
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("media_type", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Index(None, "owner_id"),
)

# Pairs the user said are two different people: never proposed again.
duplicate_decisions = sa.Table(
    "duplicate_decisions",
    metadata,
    sa.Column("owner_id", sa.Integer, nullable=False, primary_key=True),
    sa.Column(
        "a_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "b_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("decided_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("a_id < b_id", name="ordered"),
    sa.Index(None, "b_id"),
)

# Every merge, with what undoing it needs (the merged contact, its interactions, links,
# sources...). Erasing a contact erases the merges that mention it (RGPD).
merges = sa.Table(
    "merges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("kept_id", sa.Integer, nullable=False),
    sa.Column("merged_id", sa.Integer, nullable=False),
    sa.Column("merged_at", UTCDateTime, nullable=False),
    sa.Column("undone_at", UTCDateTime, nullable=True),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Index(None, "owner_id", "merged_at"),
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

# --- the community server (issue #9, web) ---------------------------------------------------
# Sessions, password resets and failed sign-ins store a SHA-256 of their secret, never the
# secret itself: a copy of the database does not let anyone sign in.

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Index(None, "user_id"),
)

# The plan's calendar feed (/plan/calendar/<token>.ics): the token's SHA-256 only, as for
# sessions; one per user, replaced when the user asks for a new link.
calendar_feeds = sa.Table(
    "calendar_feeds",
    metadata,
    sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

password_resets = sa.Table(
    "password_resets",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("used_at", UTCDateTime, nullable=True),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False),  # SHA-256 of "e-mail|address"
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index(None, "key", "at"),
)

community_invites = sa.Table(
    "community_invites",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column(
        "community_id",
        sa.Integer,
        sa.ForeignKey("communities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Groups an organiser locked during review: a re-run keeps them as they are.
community_locks = sa.Table(
    "community_locks",
    metadata,
    sa.Column(
        "group_id",
        sa.Integer,
        sa.ForeignKey("community_groups.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

# --- CardDAV sync (migration 0012, issue #17) ---------------------------------------------
# An address book on the user's server; the password is never here (keyring, environment
# or prompt). ``sync_token`` (RFC 6578) or, without it, the ETags of carddav_cards say what
# changed since the last sync.
carddav_books = sa.Table(
    "carddav_books",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    _text("url"),
    _text("username"),
    _text("name"),
    _text("sync_token"),
    sa.Column("last_sync", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("owner_id", "url"),
)
# One card of a book: where it is, its ETag, and the card as last synced (the common
# ancestor of a three-way merge). contact_id is NULL once the contact was erased in tisser:
# the card waits for the user's word before it is deleted on the server.
carddav_cards = sa.Table(
    "carddav_cards",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "book_id", sa.Integer, sa.ForeignKey("carddav_books.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    _text("href"),
    _text("etag"),
    _text("uid"),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    ),
    _text("base"),
    # The contact's updated_at when it last matched the card (migration 0021): a contact not
    # updated since needs no look at the next sync. NULL: unknown, compared by content.
    sa.Column("synced_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("book_id", "href"),
    sa.Index(None, "book_id", "uid"),
    sa.Index(None, "contact_id"),
)
# The same field changed on both sides since the last sync: both values, for review.
carddav_conflicts = sa.Table(
    "carddav_conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "book_id", sa.Integer, sa.ForeignKey("carddav_books.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    ),
    _text("field"),
    _text("local"),
    _text("remote"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("contact_id", "field"),
)


# --- capture (issue #16, migration 0013) ------------------------------------------------
# A *source* is a place interactions are captured from (a mailbox file, an IMAP account, a
# calendar, a chat export); ``state`` is its cursor (byte offset, UIDVALIDITY + last UID per
# folder...), saved in the same transaction as what it captured, so a cut sync resumes.
# Secrets are never here: an IMAP or CalDAV password lives in the environment or the keyring.
def _source_ref(primary: bool) -> sa.Column[int]:
    """The source a captured row came from: deleting the source deletes the row."""
    fk = sa.ForeignKey("capture_sources.id", ondelete="CASCADE")
    if primary:
        return sa.Column("source_id", sa.Integer, fk, primary_key=True)
    return sa.Column("source_id", sa.Integer, fk, nullable=False)


capture_sources = sa.Table(
    "capture_sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    _text("location"),
    sa.Column("settings", sa.JSON, nullable=False),
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_sync_at", UTCDateTime, nullable=True),
    sa.Column("last_report", sa.JSON, nullable=True),
    sa.UniqueConstraint("owner_id", "name"),
)

# What a captured interaction adds to its journal row: the source and its stable key (an
# e-mail thread's root Message-ID, a chat's peer and day, an event's UID + RECURRENCE-ID), who
# wrote first, the messages each way, when the other answered. Never a body; the subject only
# when the source's settings ask for it. Deleting the interaction deletes this row.
captures = sa.Table(
    "captures",
    metadata,
    sa.Column(
        "interaction_id",
        sa.Integer,
        sa.ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("owner_id", sa.Integer, nullable=False),
    _source_ref(primary=False),
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("initiator", sa.String(8), nullable=False),  # "me" or "them"
    sa.Column("sent", sa.Integer, nullable=False),
    sa.Column("received", sa.Integer, nullable=False),
    sa.Column("first_at", UTCDateTime, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False),
    sa.Column("replied_at", UTCDateTime, nullable=True),
    sa.Column("subject", sa.Text, nullable=True),
    sa.UniqueConstraint("source_id", "key"),
)

# The messages a source has already counted (a digest of their Message-ID or position):
# a re-run, Gmail's "All Mail" beside "Sent", or a resumed sync adds nothing twice.
capture_seen = sa.Table(
    "capture_seen",
    metadata,
    _source_ref(primary=True),
    sa.Column("key", sa.String(40), primary_key=True),
)

# Correspondents who are not contacts, per source (the review queue sums them by address):
# messages each way, so "at least three two-way exchanges" is a lookup.
capture_correspondents = sa.Table(
    "capture_correspondents",
    metadata,
    _source_ref(primary=True),
    sa.Column("address", sa.String(320), primary_key=True),
    sa.Column("owner_id", sa.Integer, nullable=False),
    _text("display"),
    sa.Column("sent", sa.Integer, nullable=False),
    sa.Column("received", sa.Integer, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False),
    sa.Index(None, "owner_id", "address"),
)

# The messages of correspondents who are not contacts yet, as metadata (never a subject or a
# body): when the user adds one as a contact or attaches their address from the review queue,
# these become interactions at once (``counted``: the message is in an interaction already,
# with other contacts, so only the new contact joins it). ``conversation`` is the key the
# message groups under (``captures.key``).
capture_pending = sa.Table(
    "capture_pending",
    metadata,
    _source_ref(primary=True),
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("address", sa.String(320), primary_key=True),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("conversation", sa.String(255), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("outgoing", sa.Boolean, nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("counted", sa.Boolean, nullable=False),
    sa.Index(None, "owner_id", "address"),
)

# Addresses the user chose to ignore forever from the review queue.
capture_ignored = sa.Table(
    "capture_ignored",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("address", sa.String(320), primary_key=True),
)

# Addresses the user attached to a contact from the review queue when the contact cannot hold
# them (a name as a chat shows it, a second LinkedIn profile): later syncs resolve them first.
capture_aliases = sa.Table(
    "capture_aliases",
    metadata,
    sa.Column(
        "owner_id",
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("address", sa.String(320), primary_key=True),
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    ),
)


# --- the federation of clubs (issue #22) ----------------------------------------------------
# One row per member of a federation round (``run``), matched (``group_id``) or waiting ("").
# Written by the Spark job in one transaction from a staging table; read back as history.
federation_results = sa.Table(
    "federation_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run", sa.Text, nullable=False),
    sa.Column("block", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("email_fold", sa.Text, nullable=False),
    sa.Column("club", sa.Text, nullable=False),
    sa.Column("group_id", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("slot", sa.String(16), nullable=False),
    sa.Column("matched_at", UTCDateTime, nullable=False),
    sa.Index(None, "run"),
    sa.Index(None, "email_fold"),
)


# --- batched imports (issue #21) --------------------------------------------------------------
# A long import on SQLite commits its new contacts in batches (a quick write passes between
# them); its run stays unfinished until the last transaction, and a run whose process died
# is undone at the next start (tisser.store.imports.ImportRuns).
import_runs = sa.Table(
    "import_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _owner(),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
)
