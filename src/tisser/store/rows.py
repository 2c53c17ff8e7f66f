"""Rows <-> dataclasses: what the store writes for a contact, an interaction or a link.

The store uses SQLAlchemy Core, not the ORM: the core dataclasses go in and come out, and
these functions are the one place where their fields meet the columns. They also compute
the derived columns (``sort_key``, ``*_fold``, ``search_text``, name keys) in Python with
:func:`tisser.core.names.fold`, so SQLite and PostgreSQL sort and search alike. The bench
builds its raw ``executemany`` rows with them too, so both write the very same rows.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa

from tisser.core import card_data, names
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import (
    Channel,
    Circle,
    Contact,
    Energy,
    HelpDirection,
    Interaction,
    Link,
    RelationalProfile,
)
from tisser.store import search as fts
from tisser.store.schema import contacts

BATCH = 5000
# Above this many rows, children rows are fetched for the whole owner, not by id list.
IN_LIST_MAX = 500
# names.sort_key uses NUL, which PostgreSQL text cannot hold: stored as fts.SORT_SEP.
SORT_SEP = fts.SORT_SEP

# Every contact column but the derived ones used only inside queries.
CONTACT_COLS = [c for c in contacts.c if c.name not in ("search_text", "sector_fold", "city_fold")]


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None, what: str) -> datetime:
    """``moment`` in UTC; InvalidInput when it has no time zone (an ambiguous moment)."""
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            N_("{what} needs a date and time with a time zone"),
            hint=N_("this is a bug in the caller: pass a timezone-aware datetime"),
            what=what,
        )
    return moment.astimezone(UTC)


def chunks(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """``rows`` in slices of ``size``: executemany and IN lists stay bounded."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert_rows(
    conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]], *, replace: bool = False
) -> None:
    """Insert many rows of one shape; on SQLite, straight through the driver.

    SQLAlchemy's executemany builds a parameter dict per row (most of the time of a bulk
    import); on SQLite the rows go to ``sqlite3.executemany`` as tuples instead, each value
    through its column type's own bind processor, so what is stored is identical.
    ``replace``: a row whose primary key exists replaces it (SQLite only; callers upsert
    on other dialects).
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        if replace:
            raise ValueError("replace=True is for SQLite")
        for chunk in chunks(rows):
            conn.execute(table.insert(), list(chunk))
        return
    cols = list(rows[0])
    procs = [table.c[c].type.bind_processor(conn.dialect) for c in cols]
    names_sql = ", ".join(f'"{c}"' for c in cols)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    sql = f'{verb} INTO "{table.name}" ({names_sql}) VALUES ({", ".join("?" for _ in cols)})'
    getter = operator.itemgetter(*cols)
    data: list[Any] = [getter(r) for r in rows] if len(cols) > 1 else [(r[cols[0]],) for r in rows]
    converted = [(i, p) for i, p in enumerate(procs) if p is not None]
    if converted:
        data = _converted(data, converted)
    conn.exec_driver_sql(sql, data)


def update_rows(
    conn: sa.Connection, table: sa.Table, keys: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """Update many rows of one shape, each found by its ``keys`` columns: one statement.

    A statement built per row costs SQLAlchemy far more than the update (compiling and
    caching it each time); here it is built once and run as an executemany, straight
    through the driver on SQLite as in :func:`insert_rows`. Every row sets the same
    columns: those of the first row but ``keys``.
    """
    if not rows:
        return
    cols = [c for c in rows[0] if c not in keys]
    if conn.dialect.name != "sqlite":
        where = [table.c[k] == sa.bindparam(f"key_{k}") for k in keys]
        stmt = table.update().where(*where).values({c: sa.bindparam(c) for c in cols})
        params = [{**r, **{f"key_{k}": r[k] for k in keys}} for r in rows]
        for chunk in chunks(params):
            conn.execute(stmt, list(chunk))
        return
    every = cols + list(keys)
    procs = [table.c[c].type.bind_processor(conn.dialect) for c in every]
    sets = ", ".join(f'"{c}" = ?' for c in cols)
    where_sql = " AND ".join(f'"{k}" = ?' for k in keys)
    sql = f'UPDATE "{table.name}" SET {sets} WHERE {where_sql}'
    getter = operator.itemgetter(*every)
    data: list[Any] = [getter(r) for r in rows]
    converted = [(i, p) for i, p in enumerate(procs) if p is not None]
    if converted:
        data = _converted(data, converted)
    conn.exec_driver_sql(sql, data)


def _converted(data: list[Any], converted: list[tuple[int, Any]]) -> list[Any]:
    """``data`` with the columns of ``converted`` through their bind processors.

    Column by column: a bulk insert gives every row the same timestamp object, converted
    once (a value that *is* the previous one reuses its result).
    """
    columns = list(zip(*data, strict=True))
    for i, proc in converted:
        out: list[Any] = []
        last: Any = out  # nothing is out
        done: Any = None
        for value in columns[i]:
            if value is not last:
                last, done = value, proc(value)
            out.append(done)
        columns[i] = tuple(out)
    return list(zip(*columns, strict=True))


def new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def value_of(member: Enum | None) -> Any:
    """The stored value of an optional enum member."""
    return member.value if member is not None else None


def enum_of(kind: Any, value: Any) -> Any:
    """The member of ``kind`` stored as ``value`` (None stays None)."""
    return kind(value) if value is not None else None


def name_key(text: str) -> str:
    """The key :meth:`Store.find_contacts_by_name` compares: folded, commas and spaces out."""
    return " ".join(names.fold(text).replace(",", " ").split())


def _name_keys(c: Contact) -> set[str]:
    given, particle, family = c.given_name, c.particle, c.family_name
    keys = {name_key(names.join_name(given, particle, family)), name_key(f"{family} {given}")}
    if particle:  # without one, these two are the two above (name_key collapses spaces)
        keys.add(name_key(names.join_name(given, "", family)))
        keys.add(name_key(f"{names.join_name('', particle, family)} {given}"))
    keys.discard("")
    return keys


def _unique_folded(values: Sequence[str]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for v in values:
        v = v.strip()
        f = names.fold(v)
        if f and f not in seen:
            seen[f] = v
    return [(v, f) for f, v in seen.items()]


def without_nul(c: Contact) -> Contact:
    """``c`` with the NUL bytes of its texts and lists of texts left out.

    Called for every contact a bulk import writes, so the usual case (no NUL anywhere)
    is two C-level joins and one ``in``; only a contact that holds a NUL (or a field of an
    unexpected type) takes the field-by-field path."""
    try:
        if "\x00" not in "".join(_texts(c)) + "".join("".join(v) for v in _lists(c)):
            return c
    except TypeError:  # a None or a non-text in a text field: look field by field
        pass
    changes: dict[str, Any] = {}
    for name in (*_TEXTS, *_LISTS):
        v = getattr(c, name)
        if isinstance(v, str) and "\x00" in v:
            changes[name] = v.replace("\x00", "")
        elif isinstance(v, list) and any(isinstance(x, str) and "\x00" in x for x in v):
            changes[name] = [x.replace("\x00", "") if isinstance(x, str) else x for x in v]
    return dataclasses.replace(c, **changes) if changes else c


_TEXTS = tuple(f.name for f in dataclasses.fields(Contact) if f.type == "str")
_LISTS = tuple(f.name for f in dataclasses.fields(Contact) if f.type == "list[str]")
_texts = operator.attrgetter(*_TEXTS)
_lists = operator.attrgetter(*_LISTS)


def contact_row(c: Contact, search_text: str | None = None) -> dict[str, Any]:
    """The ``contacts`` row of ``c`` (no id), derived columns included (``search_text``
    when the caller has it already, see :func:`tisser.store.search.search_columns`).
    NUL bytes are left out of every text: PostgreSQL refuses them, and in SQLite they cut
    a name short for every C-string reader (a pasted or imported name carried one)."""
    c = without_nul(c)
    row = {
        "owner_id": c.owner_id,
        "given_name": c.given_name,
        "particle": c.particle,
        "family_name": c.family_name,
        "organization": c.organization,
        "position": c.position,
        "sector": c.sector,
        "function": c.function,
        "seniority": c.seniority,
        "gender": c.gender,
        "city": c.city,
        "country": c.country,
        "linkedin": c.linkedin,
        "x_handle": c.x_handle,
        "website": c.website,
        "met_on": c.met_on,
        "met_how": c.met_how,
        "met_channel": value_of(c.met_channel),
        "met_through_id": c.met_through_id,
        "relational_profile": value_of(c.relational_profile),
        "energy": value_of(c.energy),
        "circle": int(c.circle),
        "closeness": c.closeness,
        "notes": c.notes,
        "birthday": c.birthday,
        "anniversary": c.anniversary,
        "nickname": c.nickname,
        "details": card_data.dumps(c),
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "sort_key": c.sort_key.replace("\x00", SORT_SEP),
        "sector_fold": names.fold(c.sector),
        "city_fold": names.fold(c.city),
        "search_text": fts.search_text(c) if search_text is None else search_text,
    }
    return row


def child_rows(
    cid: int, c: Contact
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The e-mail, phone, tag/category and name-key rows of contact ``cid``, duplicates out."""
    c = without_nul(c)
    o = c.owner_id
    emails = [
        {"contact_id": cid, "owner_id": o, "position": i, "email": e, "email_fold": f}
        for i, (e, f) in enumerate(_unique_folded(c.emails))
    ]
    phones = [
        {"contact_id": cid, "owner_id": o, "position": i, "phone": p.strip()}
        for i, p in enumerate(dict.fromkeys(p for p in c.phones if p.strip()))
    ]
    tags = [
        {"contact_id": cid, "owner_id": o, "kind": kind, "position": i, "value": v, "folded": f}
        for kind, values in (("tag", c.tags), ("category", c.categories))
        for i, (v, f) in enumerate(_unique_folded(values))
    ]
    keys = [{"contact_id": cid, "owner_id": o, "key": k} for k in sorted(_name_keys(c))]
    return emails, phones, tags, keys


def contact_from(
    r: sa.Row[Any], emails: list[str], phones: list[str], tags: list[str], cats: list[str]
) -> Contact:
    """The Contact of a ``contacts`` row and its lists."""
    return Contact(
        id=r.id,
        owner_id=r.owner_id,
        given_name=r.given_name,
        particle=r.particle,
        family_name=r.family_name,
        organization=r.organization,
        position=r.position,
        sector=r.sector,
        function=r.function,
        seniority=r.seniority,
        gender=r.gender,
        city=r.city,
        country=r.country,
        emails=emails,
        phones=phones,
        linkedin=r.linkedin,
        x_handle=r.x_handle,
        website=r.website,
        met_on=r.met_on,
        met_how=r.met_how,
        met_channel=enum_of(Channel, r.met_channel),
        met_through_id=r.met_through_id,
        relational_profile=enum_of(RelationalProfile, r.relational_profile),
        energy=enum_of(Energy, r.energy),
        circle=Circle(r.circle),
        categories=cats,
        tags=tags,
        closeness=r.closeness,
        notes=r.notes,
        created_at=r.created_at,
        updated_at=r.updated_at,
        birthday=r.birthday,
        anniversary=r.anniversary,
        nickname=r.nickname,
        **card_data.loads(r.details),
    )


def interaction_row(i: Interaction, iid: int | None = None) -> dict[str, Any]:
    """The ``interactions`` row of ``i`` (with id ``iid`` when given)."""
    row = {
        "owner_id": i.owner_id,
        "occurred_at": i.occurred_at,
        "channel": Channel(i.channel).value,
        "direction": HelpDirection(i.direction).value,
        "gave": i.gave,
        "received": i.received,
        "about": i.about,
        "outcome": i.outcome,
    }
    if iid is not None:
        row["id"] = iid
    return row


def participant_rows(
    iid: int, owner_id: int, moment: datetime, contact_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """The ``interaction_contacts`` rows of interaction ``iid``, one per distinct contact."""
    return [
        {
            "interaction_id": iid,
            "contact_id": cid,
            "owner_id": owner_id,
            "position": n,
            "occurred_at": moment,
        }
        for n, cid in enumerate(dict.fromkeys(contact_ids))
    ]


def link_row(link: Link) -> dict[str, Any]:
    return {
        "owner_id": link.owner_id,
        "a_id": link.a_id,
        "b_id": link.b_id,
        "strength": link.strength,
        "source": link.source,
    }


def link_from(r: sa.Row[Any]) -> Link:
    return Link(a_id=r.a_id, b_id=r.b_id, owner_id=r.owner_id, strength=r.strength, source=r.source)
