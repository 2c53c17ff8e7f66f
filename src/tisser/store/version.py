"""A cheap "has anything changed?" check of a database, for caches of derived results.

:meth:`DataVersion.current` returns a value that changes whenever any transaction that
wrote to the database has committed since the last call — by this process or another one
(the command line writing the same file while ``tisser web`` runs). Equal values mean no
write in between; a different value may be a false alarm (harmless: the cache recomputes).
It costs one tiny query and needs no table, trigger or migration:

* SQLite (a file): ``PRAGMA data_version`` on a connection of its own that never writes.
  SQLite changes that number for a connection whenever *another* connection commits
  (WAL included, other processes included); since this connection never writes, every
  commit is another connection's. The file's device and inode are added, so a database
  file replaced under the same name (a restore copying a file over it) counts as a change.
* PostgreSQL: ``txid_current_snapshot()``, the text ``xmin:xmax:in-progress ids``. Two
  snapshots that are equal see exactly the same committed transactions, hence the same
  data; any write transaction that completes moves ``xmax`` or leaves the in-progress list.
  Reads never change it (they take no transaction id). Writes to other databases of the
  same server are false alarms, which is the price of needing no trigger.
* Anything else (an in-memory SQLite database, an unknown dialect): a new value on every
  call, i.e. "always changed" — a cache over it never serves a stale result.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import threading
from collections.abc import Hashable
from pathlib import Path

import sqlalchemy as sa

from tisser.store.engine import wrapped


class DataVersion:
    """The change check of one database (see the module's docstring); thread-safe."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self._engine = engine
        self._url = url
        self._lock = threading.Lock()
        self._fresh = itertools.count()
        self._path: Path | None = None
        self._conn: sqlite3.Connection | None = None
        self._ident: tuple[int, int] = (0, 0)
        self._opened = 0
        self.kind = "always-changed"
        if engine.dialect.name == "sqlite":
            db = engine.url.database
            if db and db != ":memory:" and not db.startswith("file:") and Path(db).exists():
                self._path = Path(db)
                self.kind = "sqlite-data-version"
        elif engine.dialect.name == "postgresql":
            self.kind = "postgresql-snapshot"

    def current(self) -> Hashable:
        """A value equal to the previous one only if no write committed in between."""
        if self.kind == "sqlite-data-version":
            return self._sqlite()
        if self.kind == "postgresql-snapshot":
            with wrapped(self._url), self._engine.connect() as conn:
                return str(conn.exec_driver_sql("SELECT txid_current_snapshot()::text").scalar())
        return ("always-changed", next(self._fresh))

    def _sqlite(self) -> Hashable:
        assert self._path is not None
        try:
            st = os.stat(self._path)
        except OSError:
            return ("gone", next(self._fresh))
        ident = (st.st_dev, st.st_ino)
        with self._lock:
            try:
                if self._conn is not None and ident != self._ident:
                    self._drop()  # the file was replaced: watch the new one
                if self._conn is None:
                    # autocommit, so no read transaction stays open between two calls (one
                    # would pin an old snapshot and keep the WAL from being checkpointed)
                    self._conn = sqlite3.connect(
                        self._path, timeout=30, isolation_level=None, check_same_thread=False
                    )
                    self._ident = ident
                    self._opened += 1  # a new connection's numbers are not comparable
                number = self._conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                self._drop()
                return ("error", next(self._fresh))
            return (self._opened, ident, number)

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None

    def close(self) -> None:
        """Close the connection of the check (SQLite); it reopens if used again."""
        with self._lock:
            self._drop()
