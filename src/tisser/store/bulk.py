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
from tisser.store.contacts import CHILDREN
from tisser.store.links import canonical, upsert_links
from tisser.store.rows import (
    aware,
    child_rows,
    chunks,
    contact_row,
    insert_rows,
    interaction_row,
    link_row,
    new_id,
    now,
    participant_rows,
    without_nul,
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


@dataclasses.dataclass(frozen=True)
class PreparedContacts:
    """New contacts made into rows, ready to insert: the Python work of a bulk insert
    (derived columns, search words, child rows), done before the write lock is taken.
    Child rows hold their contact's index in ``items`` until ids are reserved; one
    ``PreparedContacts`` is written once."""

    items: list[Contact]
    rows: list[dict[str, Any]]
    children: tuple[list[dict[str, Any]], ...]  # in :data:`CHILDREN` order
    words: list[tuple[str, str, str]]  # the FTS5 columns: name, body, owner token
    refs: dict[int, set[int]]  # per owner, the contacts met through (checked at write)


def prepare_contacts(contacts_in: Sequence[Contact]) -> PreparedContacts:
    """The rows of ``contacts_in`` (see :class:`PreparedContacts`)."""
    moment = now()
    items = [without_nul(c) for c in contacts_in]
    words = [fts.search_columns(c) for c in items]  # once for the row and the index
    rows = [
        contact_row(c, f"{name} {body}" if name and body else name or body)
        for c, (name, body) in zip(items, words, strict=True)
    ]
    for row in rows:
        row["created_at"] = row["updated_at"] = moment
    children: tuple[list[dict[str, Any]], ...] = ([], [], [], [])
    refs: dict[int, set[int]] = defaultdict(set)
    for index, c in enumerate(items):
        for rows_of_table, found in zip(children, child_rows(index, c), strict=True):
            rows_of_table += found
        if c.met_through_id is not None:
            refs[c.owner_id].add(c.met_through_id)
    return PreparedContacts(
        items,
        rows,
        children,
        [(n, b, fts.owner_token(c.owner_id)) for c, (n, b) in zip(items, words, strict=True)],
        dict(refs),
    )


class BulkMixin(StoreBase):
    """Many records at once."""

    def bulk_add_contacts(
        self, contacts_in: Sequence[Contact] | PreparedContacts, *, run: int | None = None
    ) -> list[int]:
        """Insert many contacts in one transaction; their ids, in input order.

        Pass :func:`prepare_contacts`' result to build the rows before a transaction
        begins: on SQLite the write lock is then held only while the rows go in. ``run``:
        the batched import they belong to (:mod:`tisser.store.import_runs`)."""
        prepared = (
            contacts_in
            if isinstance(contacts_in, PreparedContacts)
            else prepare_contacts(contacts_in)
        )
        if not prepared.rows:
            return []
        rows = prepared.rows
        if run is not None:
            for row in rows:
                row["import_run"] = run
        with self._conn() as conn:
            self._ensure_owners(conn, {c.owner_id for c in prepared.items})
            ids = _reserve_ids(conn, contacts, rows[0], len(rows))
            for cid, row in zip(ids[1:], rows[1:], strict=True):
                row["id"] = cid
            insert_rows(conn, contacts, rows[1:])
            for table, children in zip(CHILDREN, prepared.children, strict=True):
                for child in children:
                    child["contact_id"] = ids[child["contact_id"]]
                insert_rows(conn, table, children)
            fts.fts_insert_columns(
                conn, [(cid, *words) for cid, words in zip(ids, prepared.words, strict=True)]
            )
            for owner_id, ref_ids in prepared.refs.items():
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
