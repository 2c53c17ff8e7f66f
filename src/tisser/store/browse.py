"""Browsing the directory a page at a time: filters, cadence status, sort, count.

The web application's contacts table shows 50 rows out of tens of thousands, sorted by any
column and filtered by cadence status. Loading every contact to classify it in Python (what
the CLI's ``list`` does for a few hundred) would cost a full scan per keystroke, so the
status is turned into SQL here: :func:`tisser.core.cadence.status_of` compares the days
since the last contact ``d`` with fractions of the circle's cadence ``c``, and each
comparison ``d <= n`` becomes "the last interaction happened at or after local midnight
``n`` days before today" (or, with no interaction, "we met on or after that day"). The
classification stays the core's: a test checks that every status filter keeps exactly the
contacts :func:`~tisser.core.cadence.status_of` puts in it.

The latest interaction of a contact is read from its summary row (``contact_stats``, by
primary key), and only when a status filter or the "last contact" sort asks for it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import tzinfo as TzInfo
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import BinaryExpression

from tisser.core import names
from tisser.core.cadence import CadenceSettings, Status
from tisser.core.model import Circle, Contact, Interaction
from tisser.store.base import StoreBase
from tisser.store.contacts import load_contacts
from tisser.store.directory import ContactFilter, _where
from tisser.store.journal import load_interactions
from tisser.store.rows import CONTACT_COLS, chunks
from tisser.store.schema import (
    contact_stats,
    contact_tags,
    contacts,
    interaction_contacts,
    interactions,
)

SORTS = ("name", "organization", "city", "circle", "last_contact")


@dataclass
class Browse:
    """One page of the directory: what to keep, how to sort, which page.

    ``ids`` restricts the rows to those contacts (the hits of a text search); with
    ``sort="rank"`` the page keeps their order. ``today`` and ``zone`` date the cadence.
    """

    filter: ContactFilter = field(default_factory=ContactFilter)
    statuses: Sequence[Status] = ()
    ids: Sequence[int] | None = None
    sort: str = "name"
    descending: bool = False
    limit: int = 50
    offset: int = 0
    today: date | None = None
    zone: TzInfo | None = None
    rhythm: CadenceSettings = field(default_factory=CadenceSettings)


@dataclass
class BrowsePage:
    contacts: list[Contact]
    total: int


def _last_seen() -> sa.ScalarSelect[Any]:
    """The latest interaction of the row's contact: its summary row, read by primary key
    (:mod:`tisser.store.summary` keeps ``contact_stats.last_at`` exact on every write)."""
    return (
        sa.select(contact_stats.c.last_at)
        .where(contact_stats.c.contact_id == contacts.c.id)
        .scalar_subquery()
    )


class _Clock:
    """``d <= n`` as SQL, for the days ``d`` since a contact's last interaction.

    ``last``, ``met_on`` and ``circle`` are columns of the materialised "seen" table
    (:meth:`BrowseMixin._seen`), so the latest interaction is looked up once per contact
    however many comparisons use it.
    """

    def __init__(
        self, today: date, zone: TzInfo | None, seen: Any, rhythm: CadenceSettings
    ) -> None:
        self.today = today
        self.zone = zone
        self.rhythm = rhythm
        self.last: sa.ColumnElement[Any] = seen.c.last
        self.met_on: sa.ColumnElement[Any] = seen.c.met_on
        self.circle: sa.ColumnElement[Any] = seen.c.circle

    def _midnight(self, day: date) -> datetime:
        moment = datetime.combine(day, time(0, 0))
        return moment.replace(tzinfo=self.zone) if self.zone else moment.astimezone()

    def within(self, days: float) -> sa.ColumnElement[bool]:
        """At most ``days`` days since the last interaction (or since we met, without any)."""
        n = math.floor(days)
        day = self.today - timedelta(days=n)
        return sa.or_(
            sa.and_(self.last.is_not(None), self.last >= self._midnight(day)),
            sa.and_(self.last.is_(None), self.met_on.is_not(None), self.met_on >= day),
        )

    def known(self) -> sa.ColumnElement[bool]:
        return sa.or_(self.last.is_not(None), self.met_on.is_not(None))


def _status_condition(clock: _Clock, status: Status) -> sa.ColumnElement[bool]:
    """The contacts :func:`tisser.core.cadence.status_of` classifies as ``status``."""
    if status == Status.ARCHIVED:
        return clock.circle == int(Circle.DORMANT)
    if status == Status.UNKNOWN:
        return sa.and_(clock.circle != int(Circle.DORMANT), sa.not_(clock.known()))
    per_circle = []
    rhythm = clock.rhythm
    for circle, cadence in rhythm.cadence_days.items():
        if cadence is None:
            continue
        on_track = clock.within(rhythm.due_fraction * cadence)
        in_cadence = clock.within(cadence)
        late = sa.and_(clock.known(), sa.not_(in_cadence))
        conditions = {
            Status.ON_TRACK: on_track,
            Status.DUE: sa.and_(in_cadence, sa.not_(on_track)),
            Status.DORMANT: sa.and_(late, sa.not_(clock.within(rhythm.dormant_after_days))),
            Status.COOLING: sa.and_(
                late,
                clock.within(rhythm.dormant_after_days),
                sa.not_(clock.within(rhythm.cooling_multiple * cadence)),
            ),
            Status.OVERDUE: sa.and_(
                late,
                clock.within(rhythm.dormant_after_days),
                clock.within(rhythm.cooling_multiple * cadence),
            ),
        }
        per_circle.append(sa.and_(clock.circle == int(circle), conditions[status]))
    return sa.or_(*per_circle)


def _seen(
    where: list[sa.ColumnElement[bool]], *extra: sa.ColumnElement[Any], dialect: str = ""
) -> Any:
    """The kept contacts with their latest interaction, materialised (computed once).

    Every kept row is read, so on SQLite the table is scanned in storage order rather than
    through the owner's index (``owner_id + 0`` keeps the planner off it): half the time
    at 30,000 contacts, where the index order makes each row a random read.
    """
    if dialect == "sqlite":
        where = [_unindexed(w) for w in where]
    return (
        sa.select(
            contacts.c.id,
            contacts.c.circle,
            contacts.c.met_on,
            contacts.c.sort_key,
            contacts.c.organization,
            contacts.c.city_fold,
            *extra,
            _last_seen().label("last"),
        )
        .where(*where)
        .cte("seen")
        .prefix_with("MATERIALIZED")
    )


def _unindexed(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """``contacts.owner_id = :o`` as ``contacts.owner_id + 0 = :o``; other conditions kept."""
    if isinstance(condition, BinaryExpression) and condition.left is contacts.c.owner_id:
        return (contacts.c.owner_id + 0) == condition.right
    return condition


def _status_case(clock: _Clock) -> sa.ColumnElement[str]:
    """The status code of each row, as :func:`~tisser.core.cadence.status_of` gives it.

    The conditions of the statuses other than "unknown" exclude each other and cover every
    contact whose last contact is known (plus circle 5), so "unknown" is the rest.
    """
    whens = [(_status_condition(clock, s), s.value) for s in Status if s != Status.UNKNOWN]
    return sa.case(*whens, else_=Status.UNKNOWN.value)


class BrowseMixin(StoreBase):
    """A page of contacts, filtered, classified and sorted in the database."""

    def browse_contacts(self, b: Browse, owner_id: int = 1) -> BrowsePage:
        """The page ``b`` asks for, and how many contacts match in all.

        Two steps: the ids of the page (sorting and counting narrow rows: the sort keys,
        not the whole contacts), then those contacts with their lists.
        """
        flt = b.filter
        if b.statuses and Status.ARCHIVED in b.statuses and flt.circles is None:
            flt = dataclasses.replace(flt, include_archived=True)
        where = _where(flt, owner_id)
        if b.ids is not None:
            if not b.ids:
                return BrowsePage([], 0)
            where.append(contacts.c.id.in_(list(b.ids)))
            if self.dialect == "sqlite":
                # a few hundred ids are looked up by primary key: with the owner's index
                # usable, SQLite would scan all of the owner's rows (30,000) to find them
                where = [_unindexed(w) for w in where]
        with self._conn() as conn:
            if b.sort == "rank" and b.ids is not None and not b.statuses:
                kept = set(conn.scalars(sa.select(contacts.c.id).where(*where)))
                ranked = [i for i in b.ids if i in kept]
                page_ids, total = ranked[b.offset : b.offset + b.limit], len(ranked)
            elif b.sort == "last_contact" and not b.statuses:
                page_ids, total = self._last_contact_page(conn, b, where, owner_id)
            elif b.statuses or b.sort == "last_contact":
                page_ids, total = self._seen_page(conn, b, where)
            else:
                total = int(
                    conn.execute(
                        sa.select(sa.func.count()).select_from(contacts).where(*where)
                    ).scalar_one()
                )
                stmt = (
                    sa.select(contacts.c.id)
                    .where(*where)
                    .order_by(*self._sort(contacts.c, b.sort, b.descending))
                    .limit(b.limit)
                    .offset(b.offset)
                )
                page_ids = list(conn.scalars(stmt))
            if not page_ids:
                return BrowsePage([], total)
            found = {
                c.id: c
                for c in load_contacts(
                    conn, sa.select(*CONTACT_COLS).where(contacts.c.id.in_(page_ids)), owner_id
                )
                if c.owner_id == owner_id
            }
        return BrowsePage([found[i] for i in page_ids if i in found], total)

    def _seen_page(
        self, conn: sa.Connection, b: Browse, where: list[sa.ColumnElement[bool]]
    ) -> tuple[list[int], int]:
        """Ids of the page and the total when the status or the last contact matters.

        The latest interaction of each kept contact is computed once, in a materialised
        table, then filtered by status, sorted and counted (a window count) in one query.
        """
        seen = _seen(where, dialect=self.dialect)
        stmt = sa.select(seen.c.id, sa.func.count().over().label("total"))
        if b.statuses:
            clock = _Clock(b.today or date.today(), b.zone, seen, b.rhythm)
            stmt = stmt.where(sa.or_(*(_status_condition(clock, s) for s in b.statuses)))
        if b.sort == "rank" and b.ids is not None:
            rows = conn.execute(stmt).all()
            kept = {r[0] for r in rows}
            ranked = [i for i in b.ids if i in kept]
            return ranked[b.offset : b.offset + b.limit], len(ranked)
        stmt = stmt.order_by(*self._sort(seen.c, b.sort, b.descending)).limit(b.limit)
        rows = conn.execute(stmt.offset(b.offset)).all()
        if rows:
            return [r[0] for r in rows], int(rows[0][1])
        counted = conn.execute(stmt.with_only_columns(sa.func.count()).order_by(None).limit(None))
        return [], int(counted.scalar_one())

    def _last_contact_page(
        self, conn: sa.Connection, b: Browse, where: list[sa.ColumnElement[bool]], owner_id: int
    ) -> tuple[list[int], int]:
        """Ids of the page sorted by the last contact, and the total, without a status.

        The contacts with interactions come first, read in the order of the summary's
        ``(owner_id, last_at)`` index (the page stops the scan), then those without any, in
        directory order: the order of :meth:`_sort`, whose nulls come last either way.
        """
        cs = contact_stats
        total = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(contacts).where(*where)
            ).scalar_one()
        )
        name: sa.ColumnElement[Any] = contacts.c.sort_key
        if self.dialect == "postgresql":
            name = name.collate("C")
        last = cs.c.last_at.desc() if b.descending else cs.c.last_at.asc()
        seen = (
            sa.select(contacts.c.id)
            .select_from(cs.join(contacts, contacts.c.id == cs.c.contact_id))
            .where(cs.c.owner_id == owner_id, *where)
        )
        page = list(
            conn.scalars(seen.order_by(last, name, contacts.c.id).limit(b.limit).offset(b.offset))
        )
        if len(page) == b.limit:
            return page, total
        # past the contacts with interactions: how many there are, then the others
        if page:
            with_last = b.offset + len(page)
        else:
            counted = sa.select(sa.func.count()).select_from(seen.subquery())
            with_last = int(conn.execute(counted).scalar_one())
        unseen = (
            sa.select(contacts.c.id)
            .where(*where, ~sa.exists().where(cs.c.contact_id == contacts.c.id))
            .order_by(name, contacts.c.id)
            .limit(b.limit - len(page))
            .offset(max(0, b.offset - with_last))
        )
        return page + list(conn.scalars(unseen)), total

    def _sort(self, cols: Any, sort: str, descending: bool) -> list[sa.ColumnElement[Any]]:
        name: sa.ColumnElement[Any] = cols.sort_key
        if self.dialect == "postgresql":
            name = name.collate("C")
        column: sa.ColumnElement[Any] | None = {
            "organization": cols.organization,
            "city": cols.city_fold,
            "circle": cols.circle,
            "last_contact": getattr(cols, "last", None),
        }.get(sort)
        first = column if column is not None else name
        order = first.desc() if descending else first.asc()
        # ties (same city, same circle) stay in directory order whichever way the column goes
        return [order.nulls_last(), name, cols.id]

    def cadence_overview(
        self,
        late: Sequence[Status],
        today: date,
        zone: TzInfo | None,
        owner_id: int = 1,
        rhythm: CadenceSettings | None = None,
    ) -> tuple[dict[str, int], list[tuple[Contact, datetime | None]]]:
        """How many contacts have each status, and the contacts whose status is in ``late``.

        The counts cover every contact (archived included); the late contacts come light
        (names, organisation, circle, closeness, date met; no lists) with the moment of
        their latest interaction: what "whom to get back in touch with" ranks, without
        reading the whole directory. One statement: the latest interactions are looked up
        once, then grouped by status and filtered.
        """
        seen = _seen(
            _where(ContactFilter(include_archived=True), owner_id),
            contacts.c.given_name,
            contacts.c.particle,
            contacts.c.family_name,
            contacts.c.closeness,
            dialect=self.dialect,
        )
        st = sa.select(
            seen,
            _status_case(_Clock(today, zone, seen, rhythm or CadenceSettings())).label("status"),
        ).cte("st")
        people = (
            st.c.id,
            st.c.given_name,
            st.c.particle,
            st.c.family_name,
            st.c.organization,
            st.c.circle,
            st.c.closeness,
            st.c.met_on,
            st.c.last,
        )
        counts = sa.select(
            st.c.status, sa.func.count().label("n"), *(sa.null().label(c.name) for c in people)
        ).group_by(st.c.status)
        rows = sa.select(st.c.status, sa.cast(sa.null(), sa.Integer).label("n"), *people).where(
            st.c.status.in_([s.value for s in late])
        )
        found: dict[str, int] = {}
        candidates: list[tuple[Contact, datetime | None]] = []
        with self._conn() as conn:
            # the rows first: the union takes its column types (UTC moments) from them
            for r in conn.execute(sa.union_all(rows, counts)):
                if r.n is not None:
                    found[str(r.status)] = int(r.n)
                    continue
                contact = Contact(
                    id=r.id,
                    owner_id=owner_id,
                    given_name=r.given_name,
                    particle=r.particle,
                    family_name=r.family_name,
                    organization=r.organization,
                    circle=Circle(r.circle),
                    closeness=r.closeness,
                    met_on=r.met_on,
                )
                candidates.append((contact, r.last))
        return found, candidates

    def circle_counts(self, owner_id: int = 1) -> dict[int, int]:
        """Circle -> number of the owner's contacts (archived included)."""
        stmt = (
            sa.select(contacts.c.circle, sa.func.count())
            .where(contacts.c.owner_id == owner_id)
            .group_by(contacts.c.circle)
        )
        with self._conn() as conn:
            return {int(c): int(n) for c, n in conn.execute(stmt)}

    def last_interactions_of(self, ids: Sequence[int], owner_id: int = 1) -> dict[int, datetime]:
        """contact id -> moment of the latest interaction, for these contacts only."""
        cs = contact_stats
        owner: sa.ColumnElement[Any] = cs.c.owner_id
        if self.dialect == "sqlite":
            # by primary key: with the (owner_id, last_at) index usable, SQLite would scan
            # every summary row of the owner to find a page's 50
            owner = owner + 0
        out: dict[int, datetime] = {}
        with self._conn() as conn:
            for chunk in chunks(list(ids)):
                stmt = sa.select(cs.c.contact_id, cs.c.last_at).where(
                    owner == owner_id, cs.c.contact_id.in_(list(chunk))
                )
                out.update({int(r[0]): r[1] for r in conn.execute(stmt)})
        return out

    def tag_values(self, owner_id: int = 1, kind: str = "tag") -> list[str]:
        """The owner's distinct tags (or categories), as first written, in folded order."""
        stmt = (
            sa.select(contact_tags.c.folded, sa.func.min(contact_tags.c.value))
            .where(contact_tags.c.owner_id == owner_id, contact_tags.c.kind == kind)
            .group_by(contact_tags.c.folded)
            .order_by(contact_tags.c.folded)
        )
        with self._conn() as conn:
            return [r[1] for r in conn.execute(stmt)]

    def journal_page(
        self, owner_id: int = 1, limit: int = 50, offset: int = 0
    ) -> list[Interaction]:
        """A page of the owner's interactions, newest first (each with all its contacts)."""
        stmt = (
            sa.select(interactions)
            .where(interactions.c.owner_id == owner_id)
            .order_by(interactions.c.occurred_at.desc(), interactions.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._conn() as conn:
            return load_interactions(conn, stmt, owner_id)

    def journal_filtered(
        self,
        owner_id: int = 1,
        *,
        channel: str | None = None,
        text: str = "",
        with_ids: Sequence[int] = (),
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[Interaction]]:
        """A page of the journal filtered like the Contacts table (#20), and how many match.

        ``channel`` keeps one channel; ``text`` keeps the interactions whose subject, help or
        outcome contains it (case aside), or that include one of ``with_ids`` (the contacts
        whose names match the same words, found by the contacts' search).
        """
        where = [interactions.c.owner_id == owner_id]
        if channel:
            where.append(interactions.c.channel == channel)
        if text or with_ids:
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like = f"%{escaped}%" if text else None
            either: list[Any] = []
            if like:
                either += [
                    sa.func.lower(interactions.c[col]).like(like, escape="\\")
                    for col in ("about", "gave", "received", "outcome")
                ]
            if with_ids:
                ic = interaction_contacts
                either.append(
                    interactions.c.id.in_(
                        sa.select(ic.c.interaction_id).where(
                            ic.c.owner_id == owner_id, ic.c.contact_id.in_(list(with_ids))
                        )
                    )
                )
            where.append(sa.or_(*either))
        count = sa.select(sa.func.count()).select_from(interactions).where(*where)
        stmt = (
            sa.select(interactions)
            .where(*where)
            .order_by(interactions.c.occurred_at.desc(), interactions.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._conn() as conn:
            total = int(conn.execute(count).scalar_one())
            return total, load_interactions(conn, stmt, owner_id)

    def contact_names_of(self, ids: Iterable[int], owner_id: int = 1) -> list[tuple[int, str]]:
        """``(id, display name)`` of these contacts of the owner (others left out)."""
        wanted = sorted(set(ids))
        out: list[tuple[int, str]] = []
        with self._conn() as conn:
            for chunk in chunks(wanted):
                stmt = sa.select(
                    contacts.c.id,
                    contacts.c.owner_id,
                    contacts.c.given_name,
                    contacts.c.particle,
                    contacts.c.family_name,
                ).where(contacts.c.id.in_(list(chunk)))
                out += [
                    (r[0], names.join_name(r[2], r[3], r[4]))
                    for r in conn.execute(stmt)
                    if r[1] == owner_id
                ]
        return out
