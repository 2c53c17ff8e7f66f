"""Batched imports on SQLite, and the undoing of one whose process died half-way.

SQLite lets one writer at a time: an import of 200,000 rows in one transaction held the
write lock for over 30 s, and a `tisser log` run meanwhile failed with "database is
locked" (#21). A long import therefore commits its new contacts in batches, each contact
marked with the import's *run*; the changes to existing contacts, the source keys, photos
and links, and the run's ``finished_at`` go in one last transaction. A run that never
finished (the process was killed) is undone when a store next opens the database: its
contacts go, so an import still lands whole or not at all. PostgreSQL needs none of this
(readers and other writers do not wait for an import there): one transaction, as before.
"""

from __future__ import annotations

import os
import socket

import sqlalchemy as sa

from tisser.store import search as fts
from tisser.store.base import StoreBase
from tisser.store.rows import chunks, new_id, now
from tisser.store.schema import contacts, import_runs


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (one we may not signal runs too)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process
        return True
    return True


class ImportRunsMixin(StoreBase):
    """The runs of batched imports (see the module docstring)."""

    def begin_import_run(self, owner_id: int = 1) -> int:
        """Record a batched import by this process, committed at once; its id."""
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            result = conn.execute(
                import_runs.insert().values(
                    owner_id=owner_id,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    started_at=now(),
                )
            )
            return new_id(result)

    def finish_import_run(self, run: int) -> None:
        """Mark ``run`` finished: inside the import's last transaction, so that its contacts
        become permanent together with the rest of the file."""
        with self._conn() as conn:
            conn.execute(
                import_runs.update().where(import_runs.c.id == run).values(finished_at=now())
            )

    def undo_import_run(self, run: int) -> int:
        """Delete the contacts ``run`` added (and their search entries); how many. The run
        stays recorded, finished, so that its id is never taken again."""
        with self._write() as conn:
            ids = list(conn.scalars(sa.select(contacts.c.id).where(contacts.c.import_run == run)))
            fts.fts_delete(conn, ids)
            for chunk in chunks(ids):
                conn.execute(contacts.delete().where(contacts.c.id.in_(chunk)))
            conn.execute(
                import_runs.update().where(import_runs.c.id == run).values(finished_at=now())
            )
        return len(ids)

    def undo_dead_import_runs(self) -> int:
        """Undo the unfinished runs of processes of this machine that are gone; how many
        contacts went. One small query when there is none (every start runs it)."""
        with self._conn() as conn:
            unfinished = conn.execute(
                sa.select(import_runs.c.id, import_runs.c.pid).where(
                    import_runs.c.finished_at.is_(None),
                    import_runs.c.host == socket.gethostname(),
                )
            ).all()
        return sum(self.undo_import_run(r.id) for r in unfinished if not _alive(r.pid))
