"""Bulk paths: thousands of contacts, interactions or links in one transaction.

The demo loader and imports use them; the bench holds them to at most 3x the time of raw
``sqlite3.executemany`` of the same rows. So rows are built in Python once and sent in
batches of :data:`~tisser.store.rows.BATCH`, ids are reserved up front instead of read
back row by row, and each owner's contacts are checked with one query.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from tisser.core.model import Contact, Interaction, Link
from tisser.store import search as fts
from tisser.store import summary
from tisser.store.base import StoreBase, check_contacts
from tisser.store.contacts import insert_children
from tisser.store.links import canonical, upsert_links
from tisser.store.rows import (
    aware,
    chunks,
    contact_row,
    insert_rows,
    interaction_row,
    link_row,
    new_id,
    now,
    participant_rows,
)
from tisser.store.schema import contacts, interaction_contacts, interactions


def _reserve_ids(conn: sa.Connection, table: sa.Table, first: dict[str, Any], n: int) -> list[int]:
    """Insert ``first`` and return ``n`` consecutive ids, the first being its id.

    PostgreSQL: ids come from the table's sequence. SQLite: the first insert takes the
    write lock for the rest of the transaction, so ``id + 1 ...`` stay free.
    """
    if conn.dialect.name == "postgresql":
        ids = list(
            conn.scalars(
                sa.text(
                    f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"n": n},
            )
        )
        conn.execute(table.insert().values({**first, "id": ids[0]}))
        return [int(i) for i in ids]
    first_id = new_id(conn.execute(table.insert().values(first)))
    return list(range(first_id, first_id + n))


class BulkMixin(StoreBase):
    """Many records at once."""

    def bulk_add_contacts(self, contacts_in: Sequence[Contact]) -> list[int]:
        """Insert many contacts in one transaction; their ids, in input order."""
        if not contacts_in:
            return []
        moment = now()
        items = list(contacts_in)  # rows carry no id; their timestamps are set below
        # each contact's words once: the row's search_text and the two FTS5 columns
        words = [fts.search_columns(c) for c in items]
        rows = [
            contact_row(c, f"{name} {body}" if name and body else name or body)
            for c, (name, body) in zip(items, words, strict=True)
        ]
        for row in rows:
            row["created_at"] = row["updated_at"] = moment
        with self._conn() as conn:
            self._ensure_owners(conn, {c.owner_id for c in items})
            ids = _reserve_ids(conn, contacts, rows[0], len(rows))
            for cid, row in zip(ids[1:], rows[1:], strict=True):
                row["id"] = cid
            insert_rows(conn, contacts, rows[1:])
            insert_children(conn, list(zip(ids, items, strict=True)))
            fts.fts_insert_columns(
                conn,
                [
                    (cid, name, body, fts.owner_token(c.owner_id))
                    for cid, (name, body), c in zip(ids, words, items, strict=True)
                ],
            )
            refs: dict[int, set[int]] = defaultdict(set)
            for c in items:
                if c.met_through_id is not None:
                    refs[c.owner_id].add(c.met_through_id)
            for owner_id, ref_ids in refs.items():
                check_contacts(conn, ref_ids, owner_id)
        return ids

    def bulk_add_interactions(self, interactions_in: Sequence[Interaction]) -> int:
        """Insert many interactions in one transaction; how many were inserted."""
        if not interactions_in:
            return 0
        moments = [aware(i.occurred_at, "occurred_at") for i in interactions_in]
        by_owner: dict[int, set[int]] = defaultdict(set)
        for i in interactions_in:
            by_owner[i.owner_id].update(i.contact_ids)
        with self._conn() as conn:
            self._ensure_owners(conn, set(by_owner))
            for owner_id, wanted in by_owner.items():
                have = set(
                    conn.scalars(sa.select(contacts.c.id).where(contacts.c.owner_id == owner_id))
                )
                if wanted - have:
                    check_contacts(conn, wanted, owner_id)
            first = dataclasses.replace(interactions_in[0], occurred_at=moments[0])
            ids = _reserve_ids(conn, interactions, interaction_row(first), len(interactions_in))
            rows = [
                interaction_row(dataclasses.replace(i, occurred_at=m), iid)
                for i, m, iid in zip(interactions_in[1:], moments[1:], ids[1:], strict=True)
            ]
            for chunk in chunks(rows):
                conn.execute(interactions.insert(), list(chunk))
            assoc = [
                row
                for i, m, iid in zip(interactions_in, moments, ids, strict=True)
                for row in participant_rows(iid, i.owner_id, m, i.contact_ids)
            ]
            for chunk in chunks(assoc):
                conn.execute(interaction_contacts.insert(), list(chunk))
            summary.add_loaded(
                conn,
                (
                    (i.owner_id, m, i.direction.value, i.channel.value, i.contact_ids)
                    for i, m in zip(interactions_in, moments, strict=True)
                ),
            )
        return len(interactions_in)

    def bulk_add_links(self, links_in: Sequence[Link]) -> int:
        """Upsert many links in one transaction; how many were given."""
        canon = [canonical(link) for link in links_in]
        by_owner: dict[int, set[int]] = defaultdict(set)
        for link in canon:
            by_owner[link.owner_id].update((link.a_id, link.b_id))
        # The last strength given for a pair wins, as with repeated add_link calls.
        rows = {(ln.owner_id, ln.a_id, ln.b_id): link_row(ln) for ln in canon}
        with self._conn() as conn:
            for owner_id, wanted in by_owner.items():
                check_contacts(conn, wanted, owner_id)
            upsert_links(conn, list(rows.values()))
        return len(canon)
