"""What the diagnosis reads from the journal: per-contact summaries, never every row.

The diagnosis of 30,000 contacts and a million interactions must take under two seconds, so
it does not load interactions: two GROUP BY queries give, per contact, the number of
interactions, the first and the latest, how many in a recent window, and how many times
help went each way (a mutual exchange counts both ways). The first reads only the covering
index ``interaction_contacts(owner_id, contact_id, occurred_at)``; the second joins only the
interactions where some help was exchanged.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.model import Channel, Circle, Contact, HelpDirection, RelationalProfile
from tisser.store.base import StoreBase
from tisser.store.rows import aware
from tisser.store.schema import interaction_contacts, interactions

# The columns the diagnosis reads; notes, addresses and tags stay in the database.
LEAN_COLS = (
    "id", "given_name", "particle", "family_name", "organization", "position", "sector",
    "function", "seniority", "gender", "city", "country", "met_on", "met_through_id",
    "relational_profile", "circle", "closeness",
)  # fmt: skip

GAVE = (HelpDirection.GAVE.value, HelpDirection.MUTUAL.value)
RECEIVED = (HelpDirection.RECEIVED.value, HelpDirection.MUTUAL.value)
HELP_DIRECTIONS = tuple(d.value for d in HelpDirection if d != HelpDirection.NONE)


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
        ``contact_ids``, only those contacts (index seeks: the plan asks for its candidates).
        """
        ic = interaction_contacts
        recent = (
            sa.func.sum(sa.case((ic.c.occurred_at >= aware(recent_since, "since"), 1), else_=0))
            if recent_since is not None
            else sa.literal(0)
        )
        stmt = (
            sa.select(
                ic.c.contact_id,
                sa.func.count(),
                # Read raw and parsed below: the type's processor costs more on 30,000 rows.
                sa.type_coerce(sa.func.min(ic.c.occurred_at), sa.String),
                sa.type_coerce(sa.func.max(ic.c.occurred_at), sa.String),
                recent,
            )
            .where(ic.c.owner_id == owner_id)
            .group_by(ic.c.contact_id)
        )
        if contact_ids is not None:
            stmt = stmt.where(ic.c.contact_id.in_(sorted(contact_ids)))
        help_stmt = self._help_counts(owner_id, recent_since, contact_ids)
        out: dict[int, ContactAggregate] = {}
        with self._conn() as conn:
            for cid, n, first, last, rec in conn.execute(stmt).all():
                out[int(cid)] = ContactAggregate(
                    int(cid), int(n), utc_moment(first), utc_moment(last), int(rec or 0)
                )
            for cid, gave, received, rgave, rreceived in conn.execute(help_stmt).all():
                agg = out.setdefault(int(cid), ContactAggregate(int(cid)))
                agg.gave, agg.received = int(gave or 0), int(received or 0)
                agg.recent_gave, agg.recent_received = int(rgave or 0), int(rreceived or 0)
        return out

    def _help_counts(
        self,
        owner_id: int,
        since: datetime | None = None,
        contact_ids: Collection[int] | None = None,
    ) -> sa.Executable:
        """contact id, times help was given, received (ever, then since ``since``): only
        interactions with some help.

        On SQLite the interactions are scanned in table order and each one's participants
        found by primary key (``CROSS JOIN`` fixes that order, ``+owner_id`` keeps the planner
        off the (owner_id, occurred_at) index, whose random row reads cost ten times more on a
        big journal). PostgreSQL plans the join itself.
        """
        i, ic = interactions, interaction_contacts
        is_recent = ic.c.occurred_at >= aware(since, "since") if since is not None else sa.false()
        gave = i.c.direction.in_(GAVE)
        received = i.c.direction.in_(RECEIVED)
        columns = (
            sa.func.sum(sa.case((gave, 1), else_=0)),
            sa.func.sum(sa.case((received, 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(gave, is_recent), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(received, is_recent), 1), else_=0)),
        )
        if self.dialect == "sqlite":
            recent = "ic.occurred_at >= :since" if since is not None else "0"
            # A few contacts (the plan's candidates): their rows of the covering index
            # first, then each interaction by primary key.
            scan = (
                " FROM interactions AS i CROSS JOIN interaction_contacts AS ic"
                " ON ic.interaction_id = i.id WHERE +i.owner_id = :owner"
                if contact_ids is None
                else " FROM interaction_contacts AS ic CROSS JOIN interactions AS i"
                " ON i.id = ic.interaction_id"
                " WHERE ic.owner_id = :owner AND ic.contact_id IN :ids"
            )
            stmt = sa.text(
                "SELECT ic.contact_id,"
                " sum(CASE WHEN i.direction IN ('gave', 'mutual') THEN 1 ELSE 0 END),"
                " sum(CASE WHEN i.direction IN ('received', 'mutual') THEN 1 ELSE 0 END),"
                f" sum(CASE WHEN i.direction IN ('gave', 'mutual') AND {recent}"
                " THEN 1 ELSE 0 END),"
                f" sum(CASE WHEN i.direction IN ('received', 'mutual') AND {recent}"
                " THEN 1 ELSE 0 END)"
                f"{scan} AND i.direction != 'none'"
                " GROUP BY ic.contact_id"
            )
            params: list[sa.BindParameter[Any]] = [sa.bindparam("owner", owner_id)]
            if contact_ids is not None:
                params.append(sa.bindparam("ids", sorted(contact_ids), expanding=True))
            if since is not None:
                params.append(
                    sa.bindparam("since", aware(since, "since"), type_=ic.c.occurred_at.type)
                )
            return stmt.bindparams(*params)
        query = (
            sa.select(ic.c.contact_id, *columns)
            .select_from(i.join(ic, ic.c.interaction_id == i.c.id))
            .where(i.c.owner_id == owner_id, i.c.direction != HelpDirection.NONE.value)
            .group_by(ic.c.contact_id)
        )
        if contact_ids is not None:
            query = query.where(ic.c.owner_id == owner_id, ic.c.contact_id.in_(sorted(contact_ids)))
        return query

    def last_channels(self, owner_id: int = 1, since: datetime | None = None) -> dict[int, Channel]:
        """contact id -> channel of their latest interaction (of those since ``since``)."""
        ic, it = interaction_contacts, interactions
        stmt = (
            sa.select(ic.c.contact_id, it.c.channel)
            .join(it, it.c.id == ic.c.interaction_id)
            .where(ic.c.owner_id == owner_id)
            .order_by(ic.c.occurred_at, it.c.id)
        )
        if since is not None:
            stmt = stmt.where(ic.c.occurred_at >= aware(since, "since"))
        with self._conn() as conn:
            return {int(cid): Channel(ch) for cid, ch in conn.execute(stmt)}

    def interaction_total(self, owner_id: int = 1) -> int:
        """Number of interactions logged (a group interaction counts once)."""
        stmt = sa.select(sa.func.count()).select_from(interactions)
        with self._conn() as conn:
            return int(conn.execute(stmt.where(interactions.c.owner_id == owner_id)).scalar_one())

    def monthly_interactions(
        self, owner_id: int = 1, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        """("YYYY-MM", interactions) per month (UTC months), oldest first."""
        i = interactions
        month: sa.ColumnElement[str]
        if self.dialect == "postgresql":
            month = sa.func.to_char(sa.func.timezone("UTC", i.c.occurred_at), "YYYY-MM")
        else:
            month = sa.func.substr(i.c.occurred_at, 1, 7)
        stmt = sa.select(month.label("month"), sa.func.count()).where(i.c.owner_id == owner_id)
        if since is not None:
            stmt = stmt.where(i.c.occurred_at >= aware(since, "since"))
        stmt = stmt.group_by(sa.literal_column("month")).order_by(sa.literal_column("month"))
        with self._conn() as conn:
            return [(str(m), int(n)) for m, n in conn.execute(stmt)]

    def link_pairs(self, owner_id: int = 1) -> list[tuple[int, int]]:
        """Every link as an (a, b) pair of contact ids, without building Link records."""
        with self._conn() as conn:
            return _raw(conn, "SELECT a_id, b_id FROM links WHERE owner_id = ?", owner_id)

    def lean_contacts(self, owner_id: int = 1) -> list[Contact]:
        """Every contact (archived too) with the fields a diagnosis reads, in id order.

        Leaves out e-mails, phones, tags and notes: loading them costs most of the time of
        :meth:`list_contacts` on a big network and the measures do not use them.
        """
        sql = f"SELECT {', '.join(LEAN_COLS)} FROM contacts WHERE owner_id = ? ORDER BY id"
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


def utc_moment(value: str | datetime | None) -> datetime | None:
    """A moment read raw (see :func:`utc_of`), or None."""
    return None if value is None else utc_of(value)


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
