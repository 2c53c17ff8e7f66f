""" "A knows B": links between two contacts of the same owner, with an optional strength.

A link is stored once per pair, its ends in order (``a_id < b_id``, a CHECK in the schema),
so "A knows B" and "B knows A" are the same row; adding it again upserts the strength.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Link
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import chunks, link_from, link_row
from tisser.store.schema import links


def canonical(link: Link) -> Link:
    """``link`` with its ends in order; InvalidInput for a self-link or a bad strength."""
    if link.a_id == link.b_id:
        raise InvalidInput(N_("a contact cannot be linked to themselves"))
    if link.strength is not None and not 0.0 <= link.strength <= 1.0:
        raise InvalidInput(N_("link strength {strength} is outside 0..1"), strength=link.strength)
    lo, hi = sorted((link.a_id, link.b_id))
    return dataclasses.replace(link, a_id=lo, b_id=hi)


def upsert_links(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """Insert link rows; a pair already linked gets the new strength."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt: Any = insert(links)
    stmt = stmt.on_conflict_do_update(
        index_elements=[links.c.owner_id, links.c.a_id, links.c.b_id],
        set_={"strength": stmt.excluded.strength},
    )
    for chunk in chunks(rows):
        conn.execute(stmt, list(chunk))


class LinksMixin(StoreBase):
    """Add and read links."""

    def add_link(self, link: Link) -> Link:
        """Record that A knows B (ends put in order); an existing link gets the new strength."""
        link = canonical(link)
        with self._conn() as conn:
            check_contacts(conn, {link.a_id, link.b_id}, link.owner_id)
            upsert_links(conn, [link_row(link)])
            r = conn.execute(
                sa.select(links).where(
                    links.c.owner_id == link.owner_id,
                    links.c.a_id == link.a_id,
                    links.c.b_id == link.b_id,
                )
            ).one()
        return link_from(r)

    def links_of(self, contact_id: int, owner_id: int = 1) -> list[Link]:
        """The links touching a contact."""
        stmt = (
            sa.select(links)
            .where(
                links.c.owner_id == owner_id,
                sa.or_(links.c.a_id == contact_id, links.c.b_id == contact_id),
            )
            .order_by(links.c.a_id, links.c.b_id)
        )
        with self._conn() as conn:
            return [link_from(r) for r in conn.execute(stmt)]

    def all_links(self, owner_id: int = 1) -> list[Link]:
        """Every link of the owner."""
        stmt = (
            sa.select(links)
            .where(links.c.owner_id == owner_id)
            .order_by(links.c.a_id, links.c.b_id)
        )
        with self._conn() as conn:
            return [link_from(r) for r in conn.execute(stmt)]
