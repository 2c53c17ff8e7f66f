"""What the diagnosis reads from the journal: per-contact summaries, never every row.

The diagnosis of 30,000 contacts and a million interactions must take under two seconds, so
it does not load interactions: per contact, the number of interactions, the first and the
latest, how many in a recent window, and how many times help went each way (a mutual
exchange counts both ways) come from the summary tables that every write keeps exact
(:mod:`tisser.store.summary`): one row per contact, plus the months of the window.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.model import Channel, Circle, Contact, RelationalProfile
from tisser.store.base import StoreBase
from tisser.store.rows import IN_LIST_MAX, aware, chunks
from tisser.store.schema import contact_stats
from tisser.store.summary import monthly_counts, recent_counts

# The columns the diagnosis reads; notes, addresses and tags stay in the database.
LEAN_COLS = (
    "id", "given_name", "particle", "family_name", "organization", "position", "sector",
    "function", "seniority", "gender", "city", "country", "met_on", "met_through_id",
    "relational_profile", "circle", "closeness",
)  # fmt: skip


@dataclass(slots=True)
class ContactAggregate:
    """One contact's journal in figures; moments in UTC."""

    contact_id: int
    count: int = 0
    first: datetime | None = None
    last: datetime | None = None
    recent: int = 0
    gave: int = 0
    received: int = 0
    recent_gave: int = 0  # help given since ``recent_since`` (0 without it)
    recent_received: int = 0


class AggregatesMixin(StoreBase):
    """Per-contact summaries of the journal, the monthly timeline, the link pairs."""

    def contact_aggregates(
        self,
        owner_id: int = 1,
        recent_since: datetime | None = None,
        contact_ids: Collection[int] | None = None,
    ) -> dict[int, ContactAggregate]:
        """contact id -> its interactions counted, first/last moment, recent count, help.

        With ``recent_since``, ``recent``, ``recent_gave`` and ``recent_received`` count the
        interactions and the help since then (the diagnosis and the plan read both). With
        ``contact_ids``, only those contacts. Read from the summary tables
        (:mod:`tisser.store.summary`): one row per contact, plus the months of the window.
        """
        cs = contact_stats
        sql = (
            "SELECT contact_id, interactions, first_at, last_at, gave, received"
            " FROM contact_stats WHERE owner_id = ?"
        )
        out: dict[int, ContactAggregate] = {}
        with self._conn() as conn:
            if contact_ids is None:
                rows = _raw(conn, sql, owner_id)
            else:
                rows = []
                for chunk in chunks(sorted(contact_ids), IN_LIST_MAX):
                    rows += conn.execute(
                        sa.select(
                            cs.c.contact_id,
                            cs.c.interactions,
                            sa.type_coerce(cs.c.first_at, sa.String),
                            sa.type_coerce(cs.c.last_at, sa.String),
                            cs.c.gave,
                            cs.c.received,
                        ).where(cs.c.owner_id == owner_id, cs.c.contact_id.in_(list(chunk)))
                    ).all()
            # moments read raw and parsed here: the type's processor costs more on 30,000 rows
            for cid, n, first, last, gave, received in rows:
                out[cid] = ContactAggregate(cid, n, utc_of(first), utc_of(last), 0, gave, received)
            if recent_since is not None:
                since = aware(recent_since, "since")
                for cid, (n, gave, received) in recent_counts(
                    conn, owner_id, since, contact_ids
                ).items():
                    agg = out.get(cid)
                    if agg is not None:
                        agg.recent, agg.recent_gave, agg.recent_received = n, gave, received
        return out

    def last_channels(self, owner_id: int = 1, since: datetime | None = None) -> dict[int, Channel]:
        """contact id -> channel of their latest interaction (of those since ``since``)."""
        cs = contact_stats
        stmt = sa.select(cs.c.contact_id, cs.c.last_channel).where(cs.c.owner_id == owner_id)
        if since is not None:
            stmt = stmt.where(cs.c.last_at >= aware(since, "since"))
        channels = {c.value: c for c in Channel}
        with self._conn() as conn:
            return {int(cid): channels[ch] for cid, ch in conn.execute(stmt)}

    def interaction_total(self, owner_id: int = 1) -> int:
        """Number of interactions logged (a group interaction counts once)."""
        with self._conn() as conn:
            return sum(monthly_counts(conn, owner_id, None).values())

    def monthly_interactions(
        self, owner_id: int = 1, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        """("YYYY-MM", interactions) per month (UTC months), oldest first."""
        moment = aware(since, "since") if since is not None else None
        with self._conn() as conn:
            return sorted(monthly_counts(conn, owner_id, moment).items())

    def link_pairs(self, owner_id: int = 1) -> list[tuple[int, int]]:
        """Every link as an (a, b) pair of contact ids, without building Link records."""
        with self._conn() as conn:
            return _raw(conn, "SELECT a_id, b_id FROM links WHERE owner_id = ?", owner_id)

    def lean_contacts(self, owner_id: int = 1) -> list[Contact]:
        """Every contact (archived too) with the fields a diagnosis reads, in id order.

        Leaves out e-mails, phones, tags and notes: loading them costs most of the time of
        :meth:`list_contacts` on a big network and the measures do not use them.
        """
        # SQLite: the table in storage (= id) order, not through the owner's name index
        owner = "owner_id + 0" if self.dialect == "sqlite" else "owner_id"
        sql = f"SELECT {', '.join(LEAN_COLS)} FROM contacts WHERE {owner} = ? ORDER BY id"
        with self._conn() as conn:
            rows = _raw(conn, sql, owner_id)
        profiles = {p.value: p for p in RelationalProfile}
        circles = {int(c): c for c in Circle}
        return [
            Contact(
                id=r[0], owner_id=owner_id, given_name=r[1], particle=r[2], family_name=r[3],
                organization=r[4], position=r[5], sector=r[6], function=r[7], seniority=r[8],
                gender=r[9], city=r[10], country=r[11], met_on=_day(r[12]), met_through_id=r[13],
                relational_profile=profiles.get(r[14]) if r[14] else None,
                circle=circles.get(r[15], Circle.WIDER), closeness=r[16],
            )
            for r in rows
        ]  # fmt: skip


def utc_of(value: str | datetime) -> datetime:
    """A moment read raw: SQLite gives the stored naive-UTC text, PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _day(value: date | str | None) -> date | None:
    """A DATE column read raw: SQLite gives its ISO text, PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _raw(conn: sa.Connection, sql: str, *params: Any) -> list[Any]:
    """Rows of a constant query read with the driver's own cursor.

    SQLAlchemy's row objects cost more than the query itself on 300,000 links; ``?`` marks
    the parameters and becomes ``%s`` for psycopg.
    """
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()
