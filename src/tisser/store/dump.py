"""Every row a user owns, table by table, as JSON values; and back into an empty database.

The JSON export carries all of a user's data (issue #17): contacts and their details,
journal, links, offers and needs, objectives, events and attendances, plan actions,
introductions, photos, merges... Listing the tables from the schema, rather than by hand,
is what keeps that true when a later issue adds one: a table with an ``owner_id`` is the
user's, and travels. What is not theirs to carry stays: accounts, sessions, password resets
(secrets), and the community tables (shared with other people).

Restoring writes the rows with their ids, in the schema's dependency order, into a
database where the user owns nothing yet, in one transaction: the state after is the state
exported. The owner is the one restored into, whatever the file's was.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, InvalidInput
from tisser.store import search as fts
from tisser.store.base import StoreBase, fix_sequence
from tisser.store.contacts import load_contacts
from tisser.store.rows import CONTACT_COLS
from tisser.store.schema import UTCDateTime, contacts, metadata


def owned_tables() -> list[sa.Table]:
    """The tables whose rows belong to one user, parents before children (the CardDAV
    sync's state stays: it describes this database's link to a server, not the network)."""
    return [
        t for t in metadata.sorted_tables if "owner_id" in t.c and not t.name.startswith("carddav_")
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _column_value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if (
        isinstance(value, dict)
        and set(value) == {"base64"}
        and isinstance(column.type, sa.LargeBinary)
    ):
        return base64.b64decode(value["base64"])
    if isinstance(column.type, UTCDateTime | sa.DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _index(conn: sa.Connection, owner_id: int) -> None:
    """The SQLite full-text index of the restored contacts (it lives outside the schema;
    PostgreSQL's is a generated column)."""
    if conn.dialect.name != "sqlite":
        return
    mine = contacts.c.owner_id == owner_id
    people = load_contacts(conn, sa.select(*CONTACT_COLS).where(mine), owner_id)
    query = sa.select(contacts.c.id, contacts.c.search_text).where(mine)
    texts = {r.id: r.search_text for r in conn.execute(query)}
    fts.fts_delete_owner(conn, owner_id)
    fts.fts_insert(conn, [(c.id or 0, texts.get(c.id or 0, ""), c) for c in people])


class DumpMixin(StoreBase):
    """:func:`owned_tables` read out and written back."""

    def dump_tables(self, owner_id: int = 1) -> dict[str, list[dict[str, Any]]]:
        """Every row of the user's tables as JSON values, ordered by the table's key."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self._conn() as conn:
            for table in owned_tables():
                query = sa.select(table).where(table.c.owner_id == owner_id)
                query = query.order_by(*table.primary_key.columns)
                rows = conn.execute(query).mappings()
                out[table.name] = [{k: _plain(v) for k, v in r.items()} for r in rows]
        return out

    def restore_tables(self, tables: dict[str, list[dict[str, Any]]], owner_id: int = 1) -> int:
        """Write ``tables`` (as :meth:`dump_tables` gives them) for ``owner_id``; the number
        of rows written. InvalidInput when the user already owns contacts or a journal."""
        with self.transaction() as conn:
            self._ensure_owners(conn, {owner_id})
            for table in owned_tables():
                if table.name in ("contacts", "interactions", "events") and conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(table.c.owner_id == owner_id)
                ):
                    raise InvalidInput(
                        N_("the database already holds a network: a restore needs an empty one"),
                        hint=N_("restore into a new database (tisser --db FILE restore ...)"),
                    )
            written = 0
            for table in owned_tables():
                rows = tables.get(table.name) or []
                if not rows:
                    continue
                columns = {c.name: c for c in table.c}
                values = [
                    {
                        k: (owner_id if k == "owner_id" else _column_value(columns[k], v))
                        for k, v in row.items()
                        if k in columns
                    }
                    for row in rows
                ]
                conn.execute(table.delete().where(table.c.owner_id == owner_id))
                conn.execute(table.insert(), values)
                if (
                    "id" in columns
                    and isinstance(columns["id"].type, sa.Integer)
                    and columns["id"].autoincrement in (True, "auto")
                ):
                    fix_sequence(conn, table.name)
                written += len(values)
            _index(conn, owner_id)
        return written
