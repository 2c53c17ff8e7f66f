"""The directory: listing, counting and finding contacts by name, in directory order.

Directory order is :attr:`Contact.sort_key` (family name without its particle, then the
given name, folded), compared byte by byte on both dialects (``COLLATE "C"`` on PostgreSQL,
as SQLite compares text), then the id: the same order whatever the server's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from tisser.core import names
from tisser.core.model import Circle, Contact, RelationalProfile
from tisser.store.base import StoreBase
from tisser.store.contacts import load_contacts
from tisser.store.rows import CONTACT_COLS, name_key
from tisser.store.schema import (
    contact_emails,
    contact_name_keys,
    contact_tags,
    contacts,
    interaction_contacts,
)


@dataclass
class ContactFilter:
    """What :meth:`Store.list_contacts` and :meth:`Store.count_contacts` keep."""

    circles: list[Circle] | None = None
    include_archived: bool = False
    tag: str | None = None
    category: str | None = None
    sector: str | None = None
    city: str | None = None
    relational_profile: RelationalProfile | None = None
    not_seen_since: date | None = None
    limit: int | None = None
    offset: int = 0


def _where(f: ContactFilter | None, owner_id: int) -> list[sa.ColumnElement[bool]]:
    f = f or ContactFilter()
    where: list[sa.ColumnElement[bool]] = [contacts.c.owner_id == owner_id]
    if f.circles is not None:
        where.append(contacts.c.circle.in_([int(c) for c in f.circles]))
    elif not f.include_archived:
        where.append(contacts.c.circle != int(Circle.DORMANT))
    for kind, value in (("tag", f.tag), ("category", f.category)):
        if value is not None:
            where.append(
                sa.exists().where(
                    contact_tags.c.contact_id == contacts.c.id,
                    contact_tags.c.owner_id == owner_id,
                    contact_tags.c.kind == kind,
                    contact_tags.c.folded == names.fold(value),
                )
            )
    if f.sector is not None:
        where.append(contacts.c.sector_fold.contains(names.fold(f.sector), autoescape=True))
    if f.city is not None:
        where.append(contacts.c.city_fold.contains(names.fold(f.city), autoescape=True))
    if f.relational_profile is not None:
        where.append(contacts.c.relational_profile == f.relational_profile.value)
    if f.not_seen_since is not None:
        # The user's day: local midnight of the machine.
        since = datetime.combine(f.not_seen_since, time(0, 0)).astimezone()
        where.append(
            ~sa.exists().where(
                interaction_contacts.c.contact_id == contacts.c.id,
                interaction_contacts.c.owner_id == owner_id,
                interaction_contacts.c.occurred_at >= since,
            )
        )
    return where


class DirectoryMixin(StoreBase):
    """Lists, counts and name look-ups over the owner's contacts."""

    def _order(self) -> list[sa.ColumnElement[Any]]:
        key: sa.ColumnElement[Any] = contacts.c.sort_key
        if self.dialect == "postgresql":
            key = key.collate("C")
        return [key, contacts.c.id]

    def list_contacts(self, f: ContactFilter | None = None, owner_id: int = 1) -> list[Contact]:
        """The owner's contacts kept by ``f``, in directory order (:attr:`Contact.sort_key`)."""
        f = f or ContactFilter()
        stmt = sa.select(*CONTACT_COLS).where(*_where(f, owner_id)).order_by(*self._order())
        if f.limit is not None:
            stmt = stmt.limit(f.limit)
        if f.offset:
            stmt = stmt.offset(f.offset)
        with self._conn() as conn:
            return load_contacts(conn, stmt, owner_id)

    def count_contacts(self, f: ContactFilter | None = None, owner_id: int = 1) -> int:
        """How many contacts ``f`` keeps (limit and offset ignored)."""
        stmt = sa.select(sa.func.count()).select_from(contacts).where(*_where(f, owner_id))
        with self._conn() as conn:
            return int(conn.execute(stmt).scalar_one())

    def find_contacts_by_name(self, name: str, owner_id: int = 1) -> list[Contact]:
        """Contacts whose name (any usual order, accents and case ignored) or e-mail is ``name``."""
        key = name_key(name)
        if not key:
            return []
        ids = sa.union(
            sa.select(contact_name_keys.c.contact_id).where(
                contact_name_keys.c.owner_id == owner_id, contact_name_keys.c.key == key
            ),
            sa.select(contact_emails.c.contact_id).where(
                contact_emails.c.owner_id == owner_id,
                contact_emails.c.email_fold == names.fold(name),
            ),
        )
        stmt = (
            sa.select(*CONTACT_COLS)
            .where(contacts.c.owner_id == owner_id, contacts.c.id.in_(ids))
            .order_by(*self._order())
        )
        with self._conn() as conn:
            return load_contacts(conn, stmt, owner_id)

    def contact_names(self, owner_id: int = 1) -> list[tuple[int, str]]:
        """``(id, display name)`` of every contact of the owner, archived ones included."""
        stmt = (
            sa.select(
                contacts.c.id, contacts.c.given_name, contacts.c.particle, contacts.c.family_name
            )
            .where(contacts.c.owner_id == owner_id)
            .order_by(*self._order())
        )
        with self._conn() as conn:
            return [(r[0], names.join_name(r[1], r[2], r[3])) for r in conn.execute(stmt)]
