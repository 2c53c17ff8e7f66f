"""What imports remember: source keys, photos, and the pairs the user kept apart.

``contact_sources`` maps (owner, source, key) to the contact a record became, so that
importing next year's LinkedIn export updates the same people. Photos are kept in their own
table (they are large and rarely read). The import itself runs in one
:meth:`~tisser.store.base.StoreBase.transaction` per file, driven by
:mod:`tisser.formats.importer`; :meth:`ImportsMixin.update_contacts` is its bulk path for
the contacts a file changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from tisser.core.model import Contact
from tisser.store import search as fts
from tisser.store.base import StoreBase, check_contacts
from tisser.store.contacts import insert_children
from tisser.store.rows import chunks, contact_row, insert_rows, now, update_rows
from tisser.store.schema import (
    contact_emails,
    contact_name_keys,
    contact_phones,
    contact_photos,
    contact_sources,
    contact_tags,
    contacts,
    duplicate_decisions,
)


def _upsert(
    conn: sa.Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]
) -> None:
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt: Any = insert(table)
    update = {c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys}
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=update)
    for chunk in chunks(rows):
        conn.execute(stmt, list(chunk))


class ImportsMixin(StoreBase):
    """Source keys, photos, kept-apart pairs, and the bulk update of imported contacts."""

    def source_keys(self, source: str, owner_id: int = 1) -> dict[str, int]:
        """The keys of ``source`` already imported, and the contact each became."""
        stmt = sa.select(contact_sources.c.key, contact_sources.c.contact_id).where(
            contact_sources.c.owner_id == owner_id, contact_sources.c.source == source
        )
        with self._conn() as conn:
            return {k: cid for k, cid in conn.execute(stmt)}

    def save_source_keys(
        self, source: str, keys: Sequence[tuple[str, int]], owner_id: int = 1
    ) -> None:
        """Remember that each key of ``source`` is now the given contact."""
        mapping = dict(keys)
        rows: list[dict[str, Any]] = [
            {"owner_id": owner_id, "source": source, "key": k, "contact_id": cid}
            for k, cid in mapping.items()
        ]
        if not rows:
            return
        with self._conn() as conn:
            check_contacts(conn, set(mapping.values()), owner_id)
            if conn.dialect.name == "sqlite":
                insert_rows(conn, contact_sources, rows, replace=True)
            else:
                _upsert(conn, contact_sources, ["owner_id", "source", "key"], rows)

    def sources_of(self, contact_id: int, owner_id: int = 1) -> list[tuple[str, str]]:
        """The (source, key) pairs a contact was imported from."""
        stmt = (
            sa.select(contact_sources.c.source, contact_sources.c.key)
            .where(
                contact_sources.c.owner_id == owner_id,
                contact_sources.c.contact_id == contact_id,
            )
            .order_by(contact_sources.c.source, contact_sources.c.key)
        )
        with self._conn() as conn:
            return [(s, k) for s, k in conn.execute(stmt)]

    def all_sources(self, owner_id: int = 1) -> dict[int, list[tuple[str, str]]]:
        """Every contact's (source, key) pairs: where each came from."""
        stmt = (
            sa.select(contact_sources.c.contact_id, contact_sources.c.source, contact_sources.c.key)
            .where(contact_sources.c.owner_id == owner_id)
            .order_by(contact_sources.c.contact_id, contact_sources.c.source, contact_sources.c.key)
        )
        out: dict[int, list[tuple[str, str]]] = {}
        with self._conn() as conn:
            for cid, source, key in conn.execute(stmt):
                out.setdefault(cid, []).append((source, key))
        return out

    def vcard_uids(self, owner_id: int = 1) -> dict[int, str]:
        """The UID each contact was imported from a vCard with (the first, if several)."""
        stmt = (
            sa.select(contact_sources.c.contact_id, contact_sources.c.key)
            .where(
                contact_sources.c.owner_id == owner_id,
                contact_sources.c.source == "vcard",
                contact_sources.c.key.like("uid:%"),
            )
            .order_by(contact_sources.c.contact_id, contact_sources.c.key)
        )
        out: dict[int, str] = {}
        with self._conn() as conn:
            for cid, key in conn.execute(stmt):
                out.setdefault(cid, key[4:])
        return out

    def save_photos(self, photos: Sequence[tuple[int, str, bytes]], owner_id: int = 1) -> None:
        """Store (contact id, media type, bytes) pictures, replacing older ones."""
        rows: list[dict[str, Any]] = [
            {"contact_id": cid, "owner_id": owner_id, "media_type": media, "data": data}
            for cid, media, data in photos
        ]
        if not rows:
            return
        with self._conn() as conn:
            check_contacts(conn, {cid for cid, _, _ in photos}, owner_id)
            _upsert(conn, contact_photos, ["contact_id"], rows)

    def photos(
        self, owner_id: int = 1, ids: Sequence[int] | None = None
    ) -> dict[int, tuple[str, bytes]]:
        """The pictures of the owner's contacts (of ``ids`` only, when given): id ->
        (media type, bytes)."""
        stmt = sa.select(
            contact_photos.c.contact_id, contact_photos.c.media_type, contact_photos.c.data
        ).where(contact_photos.c.owner_id == owner_id)
        if ids is None:
            batches: list[Any] = [stmt]
        else:
            batches = [stmt.where(contact_photos.c.contact_id.in_(c)) for c in chunks(list(ids))]
        with self._conn() as conn:
            return {
                cid: (media, bytes(data))
                for batch in batches
                for cid, media, data in conn.execute(batch)
            }

    def update_contacts(self, changed: Sequence[Contact]) -> int:
        """Replace many contacts' fields and lists at once (the import's bulk update)."""
        if not changed:
            return 0
        moment = now()
        with self._conn() as conn:
            by_owner: dict[int, set[int]] = {}
            for c in changed:
                by_owner.setdefault(c.owner_id, set()).add(int(c.id or 0))
            for owner_id, wanted in by_owner.items():
                check_contacts(conn, wanted, owner_id)
            items = [dataclasses.replace(c, updated_at=moment) for c in changed]
            ids = [int(c.id or 0) for c in items]
            words = [fts.search_columns(c) for c in items]  # once for the row and the index
            rows = []
            for c, (name, body) in zip(items, words, strict=True):
                row = contact_row(c, f"{name} {body}" if name and body else name or body)
                row.pop("created_at")
                row["id"] = c.id
                rows.append(row)
            update_rows(conn, contacts, ["id", "owner_id"], rows)
            for table in (contact_emails, contact_phones, contact_tags, contact_name_keys):
                for chunk in chunks(ids):
                    conn.execute(table.delete().where(table.c.contact_id.in_(chunk)))
            insert_children(conn, [(int(c.id or 0), c) for c in items])
            fts.fts_delete(conn, ids)
            fts.fts_insert_columns(
                conn,
                [
                    (int(c.id or 0), name, body, fts.owner_token(c.owner_id))
                    for c, (name, body) in zip(items, words, strict=True)
                ],
            )
        return len(changed)

    # --- kept apart ---------------------------------------------------------------------

    def keep_apart(self, a_id: int, b_id: int, owner_id: int = 1) -> None:
        """Remember that two contacts are different people."""
        lo, hi = sorted((a_id, b_id))
        with self._conn() as conn:
            check_contacts(conn, {lo, hi}, owner_id)
            _upsert(
                conn,
                duplicate_decisions,
                ["owner_id", "a_id", "b_id"],
                [{"owner_id": owner_id, "a_id": lo, "b_id": hi, "decided_at": now()}],
            )

    def apart_pairs(self, owner_id: int = 1) -> set[tuple[int, int]]:
        """The (low id, high id) pairs kept apart."""
        stmt = sa.select(duplicate_decisions.c.a_id, duplicate_decisions.c.b_id).where(
            duplicate_decisions.c.owner_id == owner_id
        )
        with self._conn() as conn:
            return {(a, b) for a, b in conn.execute(stmt)}
