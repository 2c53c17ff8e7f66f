"""The journal summed up per contact and per month, kept exact on every write.

The diagnosis, the plan, reach and the Contacts page need, per contact, how many
interactions, the first and the last moment, the channel of the last one, and how many times
help went each way, ever and "in the last twelve months". Grouping a million participant
rows for that took most of their time, so three tables (:mod:`tisser.store.schema`,
migration 0011) hold the answers:

* ``contact_stats``: the totals, one row per contact with at least one interaction;
* ``contact_months`` and ``contact_years``: the same counts per contact and UTC month
  ("YYYY-MM") or year ("YYYY");
* ``journal_months``: interactions per UTC month (a group interaction counts once).

They are *derived* data, never edited by hand: every Store method that writes interactions
or their participants updates them inside its own transaction. Logging an interaction, one
or a million (bulk loads, the demo, imports), only adds: :func:`add_loaded` adds the new
counts to the rows already there. Any other change (a merge moving participants and its
undo, an erasure) calls :func:`refresh_contacts` and :func:`refresh_months`, which recompute
the rows of the contacts and months touched from the journal itself, with the GROUP BY the
readers used to run: exact whatever the write was, at the cost of reading those few
contacts' rows again. Erasing an owner drops their rows (:func:`forget_owner`).

A window that starts at a moment ``since`` (local midnight a year ago: it moves every day)
is read exactly as whole months plus one partial month. When ``since`` falls in the first
half of its month, the counts of that month are taken whole and the interactions between the
month's start and ``since`` are subtracted; otherwise the month is left out and the
interactions from ``since`` to the month's end are added. Either way at most half a month of
the journal is read, through the ``interactions(owner_id, occurred_at)`` index. The whole
months are read as months up to the end of their year, then whole years: "the last twelve
months" is a few rows per contact, not twelve.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.model import HelpDirection
from tisser.store.rows import IN_LIST_MAX, chunks
from tisser.store.schema import (
    contact_months,
    contact_stats,
    contact_years,
    interaction_contacts,
    interactions,
    journal_months,
)

GAVE = (HelpDirection.GAVE.value, HelpDirection.MUTUAL.value)
RECEIVED = (HelpDirection.RECEIVED.value, HelpDirection.MUTUAL.value)

# Past this many months touched, one pass over the owner's journal beats one range per month.
MONTHS_ONE_BY_ONE = 24


def month_of(moment: datetime) -> str:
    """The UTC month of a moment, as the summary tables key it: "YYYY-MM"."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-{utc.month:02d}"


def month_start(month: str) -> datetime:
    """The first moment (UTC) of a "YYYY-MM" month."""
    return datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=UTC)


def next_month_start(moment: datetime) -> datetime:
    """The first moment (UTC) of the UTC month after the one holding ``moment``."""
    utc = moment.astimezone(UTC)
    if utc.month == 12:
        return datetime(utc.year + 1, 1, 1, tzinfo=UTC)
    return datetime(utc.year, utc.month + 1, 1, tzinfo=UTC)


def month_sql(
    conn: sa.Connection, column: sa.ColumnElement[datetime], year: bool = False
) -> sa.ColumnElement[str]:
    """SQL for the UTC "YYYY-MM" (or "YYYY") of a moment column (SQLite: naive UTC text)."""
    if conn.dialect.name == "postgresql":
        return sa.func.to_char(
            sa.func.timezone(sa.literal_column("'UTC'"), column),
            sa.literal_column("'YYYY'" if year else "'YYYY-MM'"),
        )
    return sa.func.substr(column, 1, 4 if year else 7)


def _help_sums(direction: sa.ColumnElement[str]) -> tuple[sa.ColumnElement[Any], ...]:
    return (
        sa.func.sum(sa.case((direction.in_(GAVE), 1), else_=0)),
        sa.func.sum(sa.case((direction.in_(RECEIVED), 1), else_=0)),
    )


# --- writing: recompute what a write touched --------------------------------------------------


def refresh_contacts(
    conn: sa.Connection, owner_id: int, contact_ids: Iterable[int] | None = None
) -> None:
    """Recompute ``contact_stats`` and ``contact_months`` of these contacts (every contact of
    the owner with None) from the journal. A contact left without interactions, or deleted,
    is left without rows."""
    ids = None if contact_ids is None else sorted(set(contact_ids))
    if ids is not None and not ids:
        return
    groups: Iterable[Collection[int] | None] = [None] if ids is None else chunks(ids, IN_LIST_MAX)
    for group in groups:
        _refresh_group(conn, owner_id, group)


def _refresh_group(conn: sa.Connection, owner_id: int, ids: Collection[int] | None) -> None:
    cs, cm, ic, i = contact_stats, contact_months, interaction_contacts, interactions

    def only(table: sa.Table) -> sa.ColumnElement[bool]:
        where = table.c.owner_id == owner_id
        return where if ids is None else sa.and_(where, table.c.contact_id.in_(list(ids)))

    for table in (cs, cm, contact_years):
        conn.execute(table.delete().where(only(table)))
    joined = ic.join(i, i.c.id == ic.c.interaction_id)
    # the channel of the latest interaction (the highest id among the same moment's)
    lc, li = ic.alias("lc"), i.alias("li")
    last_channel = (
        sa.select(li.c.channel)
        .select_from(lc.join(li, li.c.id == lc.c.interaction_id))
        .where(lc.c.owner_id == ic.c.owner_id, lc.c.contact_id == ic.c.contact_id)
        .order_by(lc.c.occurred_at.desc(), lc.c.interaction_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    totals = (
        sa.select(
            ic.c.contact_id,
            ic.c.owner_id,
            sa.func.count(),
            sa.func.min(ic.c.occurred_at),
            sa.func.max(ic.c.occurred_at),
            last_channel,
            *_help_sums(i.c.direction),
        )
        .select_from(joined)
        .where(only(ic))
        .group_by(ic.c.owner_id, ic.c.contact_id)
    )
    conn.execute(
        cs.insert().from_select(
            ["contact_id", "owner_id", "interactions", "first_at", "last_at", "last_channel",
             "gave", "received"],
            totals,
        )
    )  # fmt: skip
    for table, key in ((cm, "month"), (contact_years, "year")):
        period = month_sql(conn, ic.c.occurred_at, year=key == "year").label("m")
        per_period = (
            sa.select(
                ic.c.owner_id, period, ic.c.contact_id, sa.func.count(), *_help_sums(i.c.direction)
            )
            .select_from(joined)
            .where(only(ic))
            .group_by(ic.c.owner_id, sa.literal_column("m"), ic.c.contact_id)
        )
        conn.execute(
            table.insert().from_select(
                ["owner_id", key, "contact_id", "interactions", "gave", "received"], per_period
            )
        )


def refresh_months(conn: sa.Connection, owner_id: int, months: Iterable[str] | None = None) -> None:
    """Recompute ``journal_months`` for these "YYYY-MM" months (all of the owner's with None)."""
    jm, i = journal_months, interactions
    wanted = None if months is None else sorted(set(months))
    if wanted is not None and not wanted:
        return
    if wanted is not None and len(wanted) > MONTHS_ONE_BY_ONE:
        wanted = None
    month = month_sql(conn, i.c.occurred_at).label("m")
    if wanted is None:
        conn.execute(jm.delete().where(jm.c.owner_id == owner_id))
        ranges: list[sa.ColumnElement[bool]] = [sa.true()]
    else:
        for group in chunks(wanted, IN_LIST_MAX):
            conn.execute(jm.delete().where(jm.c.owner_id == owner_id, jm.c.month.in_(group)))
        ranges = [
            sa.and_(
                i.c.occurred_at >= month_start(m),
                i.c.occurred_at < next_month_start(month_start(m)),
            )
            for m in wanted
        ]
    for where in ranges:
        stmt = (
            sa.select(i.c.owner_id, month, sa.func.count())
            .where(i.c.owner_id == owner_id, where)
            .group_by(i.c.owner_id, sa.literal_column("m"))
        )
        conn.execute(jm.insert().from_select(["owner_id", "month", "interactions"], stmt))


def add_loaded(conn: sa.Connection, loaded: Iterable[Loaded]) -> None:
    """Add interactions just inserted (a bulk load) to the summary, without reading the
    journal again: their counts are summed here and added to the rows already there.

    Exact because a bulk load only adds: totals and buckets add up, the first moment is the
    smaller, the last the larger, and the last channel is the new one on a tie (the new
    interactions' ids are above every id already stored, as the readers break ties).
    """
    stats: dict[int, list[Any]] = {}
    periods: dict[tuple[sa.Table, int, str, int], list[int]] = {}
    journal: dict[tuple[int, str], int] = {}
    for owner_id, moment, direction, channel, contact_ids in loaded:
        utc = moment.astimezone(UTC)
        month = f"{utc.year:04d}-{utc.month:02d}"
        gave, received = int(direction in GAVE), int(direction in RECEIVED)
        journal[owner_id, month] = journal.get((owner_id, month), 0) + 1
        for cid in dict.fromkeys(contact_ids):
            s = stats.get(cid)
            if s is None:
                stats[cid] = [owner_id, 1, utc, utc, channel, gave, received]
            else:
                s[1] += 1
                if utc < s[2]:
                    s[2] = utc
                if utc >= s[3]:  # in id order: the later of equal moments wins
                    s[3], s[4] = utc, channel
                s[5] += gave
                s[6] += received
            for bucket in (
                (contact_months, owner_id, month, cid),
                (contact_years, owner_id, month[:4], cid),
            ):
                p = periods.get(bucket)
                if p is None:
                    periods[bucket] = [1, gave, received]
                else:
                    p[0] += 1
                    p[1] += gave
                    p[2] += received
    if not stats:
        return
    _add_stats(conn, stats)
    for table, key in ((contact_months, "month"), (contact_years, "year")):
        rows = [
            {"owner_id": o, key: m, "contact_id": c, "interactions": n, "gave": g, "received": r}
            for (t, o, m, c), (n, g, r) in periods.items()
            if t is table
        ]
        _add_counts(conn, table, ["owner_id", key, "contact_id"], rows)
    rows = [{"owner_id": o, "month": m, "interactions": n} for (o, m), n in journal.items()]
    _add_counts(conn, journal_months, ["owner_id", "month"], rows)


# (owner id, moment, help direction value, channel value, contact ids) of one interaction
Loaded = tuple[int, datetime, str, str, Sequence[int]]


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def _add_counts(
    conn: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]
) -> None:
    """Insert count rows; a row already there gets the counts added."""
    stmt = _insert(conn, table)
    counted = [c.name for c in table.c if c.name not in keys]
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: table.c[c] + stmt.excluded[c] for c in counted},
    )
    for chunk in chunks(rows):
        conn.execute(stmt, list(chunk))


def _add_stats(conn: sa.Connection, stats: dict[int, list[Any]]) -> None:
    cs = contact_stats
    stmt = _insert(conn, cs)
    new = stmt.excluded
    pg = conn.dialect.name == "postgresql"
    lower, upper = (sa.func.least, sa.func.greatest) if pg else (sa.func.min, sa.func.max)
    stmt = stmt.on_conflict_do_update(
        index_elements=[cs.c.contact_id],
        set_={
            "interactions": cs.c.interactions + new.interactions,
            "first_at": lower(cs.c.first_at, new.first_at),
            "last_at": upper(cs.c.last_at, new.last_at),
            "last_channel": sa.case(
                (new.last_at >= cs.c.last_at, new.last_channel), else_=cs.c.last_channel
            ),
            "gave": cs.c.gave + new.gave,
            "received": cs.c.received + new.received,
        },
    )
    rows = [
        {"contact_id": cid, "owner_id": o, "interactions": n, "first_at": first, "last_at": last,
         "last_channel": ch, "gave": g, "received": r}
        for cid, (o, n, first, last, ch, g, r) in stats.items()
    ]  # fmt: skip
    for chunk in chunks(rows):
        conn.execute(stmt, list(chunk))


def forget_owner(conn: sa.Connection, owner_id: int) -> None:
    """Drop every summary row of the owner (their journal is being erased)."""
    for table in (contact_stats, contact_months, contact_years, journal_months):
        conn.execute(table.delete().where(table.c.owner_id == owner_id))


# --- reading: exact windows from whole months plus half a month at most -----------------------


@dataclass(slots=True)
class Window:
    """How to read "since ``since``": whole months from ``first_month`` on (inclusive), then
    the interactions in [``start``, ``end``) added (``sign`` 1) or subtracted (``sign`` -1)."""

    first_month: str
    start: datetime
    end: datetime
    sign: int


def window_of(since: datetime) -> Window:
    """The cheaper exact split of the window [``since``, ∞) (see the module's docstring)."""
    month = month_of(since)
    begin, end = month_start(month), next_month_start(since)
    utc = since.astimezone(UTC)
    if utc - begin <= end - utc:
        return Window(month, begin, utc, -1)
    after = end.strftime("%Y-%m")
    return Window(after, utc, end, 1)


def recent_counts(
    conn: sa.Connection,
    owner_id: int,
    since: datetime,
    contact_ids: Collection[int] | None = None,
) -> dict[int, list[int]]:
    """contact id -> [interactions, help given, help received] since ``since`` (exact)."""
    w = window_of(since)
    cm, cy, ic, i = contact_months, contact_years, interaction_contacts, interactions
    out: dict[int, list[int]] = {}
    # whole months up to the year's end, then whole years
    year = int(w.first_month[:4])
    periods: list[tuple[sa.Table, sa.ColumnElement[bool]]] = [
        (cy, cy.c.year >= f"{year if w.first_month.endswith('-01') else year + 1:04d}")
    ]
    if not w.first_month.endswith("-01"):
        periods.append((cm, sa.and_(cm.c.month >= w.first_month, cm.c.month < f"{year + 1:04d}")))
    for table, where in periods:
        stmt = sa.select(
            table.c.contact_id,
            sa.func.sum(table.c.interactions),
            sa.func.sum(table.c.gave),
            sa.func.sum(table.c.received),
        ).where(table.c.owner_id == owner_id, where)
        if contact_ids is not None:
            stmt = stmt.where(table.c.contact_id.in_(sorted(contact_ids)))
        for cid, n, gave, received in conn.execute(stmt.group_by(table.c.contact_id)):
            row = out.setdefault(int(cid), [0, 0, 0])
            row[0] += int(n)
            row[1] += int(gave)
            row[2] += int(received)
    if w.start >= w.end:
        return out
    part = (
        sa.select(ic.c.contact_id, sa.func.count(), *_help_sums(i.c.direction))
        .select_from(i.join(ic, ic.c.interaction_id == i.c.id))
        .where(i.c.owner_id == owner_id, i.c.occurred_at >= w.start, i.c.occurred_at < w.end)
        .group_by(ic.c.contact_id)
    )
    if contact_ids is not None:
        part = part.where(ic.c.contact_id.in_(sorted(contact_ids)))
    for cid, n, gave, received in conn.execute(part):
        row = out.setdefault(int(cid), [0, 0, 0])
        row[0] += w.sign * int(n)
        row[1] += w.sign * int(gave)
        row[2] += w.sign * int(received)
    return out


def monthly_counts(conn: sa.Connection, owner_id: int, since: datetime | None) -> dict[str, int]:
    """ "YYYY-MM" -> interactions that month (UTC months), those before ``since`` left out."""
    jm, i = journal_months, interactions
    if since is None:
        stmt = sa.select(jm.c.month, jm.c.interactions).where(jm.c.owner_id == owner_id)
        return {str(m): int(n) for m, n in conn.execute(stmt)}
    w = window_of(since)
    stmt = sa.select(jm.c.month, jm.c.interactions).where(
        jm.c.owner_id == owner_id, jm.c.month >= w.first_month
    )
    out = {str(m): int(n) for m, n in conn.execute(stmt)}
    if w.start < w.end:
        part = sa.select(sa.func.count()).where(
            i.c.owner_id == owner_id, i.c.occurred_at >= w.start, i.c.occurred_at < w.end
        )
        n = int(conn.execute(part).scalar_one())
        month = month_of(w.start)
        out[month] = out.get(month, 0) + w.sign * n
    return {m: n for m, n in out.items() if n > 0}
