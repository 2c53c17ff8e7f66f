"""What every part of the Store stands on: units of work, owners, the contact-id guard.

Each public Store method runs in its own transaction, unless it is called inside
:meth:`StoreBase.transaction`, in which case it joins that transaction and everything
commits or rolls back together. :meth:`StoreBase._conn` is how every method gets its
connection, so none of them has to know which case it is in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Self

import sqlalchemy as sa

from tisser.core.errors import N_, NotFound
from tisser.store.engine import IMMEDIATE, safe_url, wrapped
from tisser.store.rows import chunks, now
from tisser.store.schema import contacts, users


class StoreBase:
    """The engine, the units of work and the owners already known to exist."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect: str = engine.dialect.name
        self._local = threading.local()
        self._known_owners: set[int] = set()

    def __repr__(self) -> str:
        return f"Store({safe_url(self.url)!r})"

    def close(self) -> None:
        """Close every connection of the store."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside a :meth:`transaction`."""
        return getattr(self._local, "conn", None) is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A unit of work: store calls inside it commit or roll back together.

        Yields the transaction's connection (a plain SQLAlchemy Core connection: the ORM's
        Session added nothing here but the import of the ORM, a seventh of a command's
        start). Nested calls join the outer transaction.
        """
        current: sa.Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        self._local.after_commit = []
        try:
            writer = self.engine.execution_options(**{IMMEDIATE: True})
            with wrapped(self.url), writer.begin() as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
            for action in self._local.after_commit:
                action()
        finally:
            self._local.after_commit = []

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sa.Connection]:
        current: sa.Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with wrapped(self.url), self.engine.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """A connection for a call that reads, then writes: begun IMMEDIATE on SQLite outside
        a unit of work (see :func:`tisser.store.engine._on_begin`), so that it waits for a
        concurrent writer instead of failing with "database is locked"."""
        current: sa.Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        writer = self.engine.execution_options(**{IMMEDIATE: True})
        with wrapped(self.url), writer.begin() as conn:
            yield conn

    def _after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current unit of work has committed (now, outside one)."""
        if getattr(self._local, "conn", None) is not None:
            self._local.after_commit.append(action)
        else:
            action()

    def _ensure_owners(self, conn: sa.Connection, owner_ids: set[int]) -> None:
        """Create the missing users among ``owner_ids`` (each checked once per Store)."""
        missing = owner_ids - self._known_owners
        if not missing:
            return
        found = set(conn.scalars(sa.select(users.c.id).where(users.c.id.in_(missing))))
        for oid in sorted(missing - found):
            conn.execute(users.insert().values(id=oid, name="", email="", created_at=now()))
        if missing - found:
            fix_sequence(conn, "users")
        self._known_owners.update(missing)


def fix_sequence(conn: sa.Connection, table: str) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's sequence past them."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )


def check_contacts(conn: sa.Connection, ids: set[int], owner_id: int) -> None:
    """NotFound naming every id of ``ids`` that is not a contact of ``owner_id``."""
    if not ids or _whole_range_owned(conn, min(ids), max(ids), owner_id):
        return
    found: set[int] = set()
    for chunk in chunks(sorted(ids)):
        # By primary key, the owner checked in Python: with owner_id in the WHERE, SQLite
        # would scan the owner's index instead.
        found.update(
            cid
            for cid, owner in conn.execute(
                sa.select(contacts.c.id, contacts.c.owner_id).where(contacts.c.id.in_(chunk))
            )
            if owner == owner_id
        )
    missing = sorted(ids - found)
    if missing:
        raise NotFound(
            N_("no contact #{id}"),
            hint=N_("list contacts with `tisser list --all`"),
            id=", #".join(str(i) for i in missing),
        )


def _whole_range_owned(conn: sa.Connection, low: int, high: int, owner_id: int) -> bool:
    """Whether every id from ``low`` to ``high`` is a contact of ``owner_id``.

    One count over the primary key's range: the contacts a bulk import just added (and
    most id sets checked) are consecutive, and reading them back one by one (a list of
    thousands of parameters) took most of the time of saving their source keys.
    """
    owned = sa.func.sum(sa.case((contacts.c.owner_id == owner_id, 1), else_=0))
    count = conn.execute(sa.select(owned).where(contacts.c.id.between(low, high))).scalar()
    return count == high - low + 1
