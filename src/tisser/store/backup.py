"""Backup and restore of a SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot even while another connection writes (WAL
mode: the copy is done in one step, under one read transaction). PostgreSQL databases are
backed up with the server's own tools (``pg_dump``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from tisser.core.errors import N_, StoreError

if TYPE_CHECKING:
    from tisser.store.repository import Store

REQUIRED_TABLES = ("alembic_version", "contacts")


def _live_path(store: Store) -> Path:
    if store.dialect != "sqlite":
        raise StoreError(
            N_("backup and restore work on SQLite databases only"),
            hint=N_("use pg_dump and pg_restore for a PostgreSQL database"),
        )
    db = sa.make_url(store.url).database
    if not db or db == ":memory:":
        raise StoreError(N_("an in-memory database cannot be backed up or restored"))
    return Path(db).resolve()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def backup_sqlite(store: Store, dest: Path) -> None:
    """Copy the live database to ``dest`` as one self-contained file (journal mode DELETE)."""
    live = _live_path(store)
    dest = dest.expanduser().resolve()
    if _same_file(live, dest) or live == dest:
        raise StoreError(
            N_("cannot back up the database onto itself: {file}"),
            hint=N_("choose another file name"),
            file=str(dest),
        )
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with (
            contextlib.closing(sqlite3.connect(live, timeout=30)) as src,
            contextlib.closing(sqlite3.connect(tmp)) as out,
        ):
            src.backup(out)  # pages=-1: the whole database in one step, one snapshot
            out.execute("PRAGMA journal_mode = DELETE")
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            N_("cannot write the backup {file}: {reason}"),
            hint=N_("check the folder exists and you may write to it"),
            file=str(dest),
            reason=str(exc),
        ) from exc


def check_backup(src: Path) -> None:
    """Raise StoreError naming ``src`` unless it is an SQLite tisser database."""
    problem = ""
    if not src.is_file():
        problem = "no such file"
    else:
        try:
            uri = src.resolve().as_uri() + "?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
                tables = {
                    r[0]
                    for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                missing = [t for t in REQUIRED_TABLES if t not in tables]
                if missing:
                    problem = "no table " + ", ".join(missing)
                elif conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    problem = "the file is damaged"
        except sqlite3.Error as exc:
            problem = str(exc)
    if problem:
        raise StoreError(
            N_("{file} is not a tisser backup ({reason})"),
            hint=N_("give a file made by `tisser backup`"),
            file=str(src),
            reason=problem,
        )


def restore_sqlite(store: Store, src: Path) -> None:
    """Copy the backup ``src`` over the live database (the caller migrates it afterwards)."""
    live = _live_path(store)
    src = src.expanduser()
    check_backup(src)
    if _same_file(live, src):
        raise StoreError(N_("cannot restore the database from itself: {file}"), file=str(src))
    store.engine.dispose()  # no pooled connection may hold the old pages
    try:
        with (
            contextlib.closing(sqlite3.connect(src, timeout=30)) as source,
            contextlib.closing(sqlite3.connect(live, timeout=30)) as target,
        ):
            target.execute("PRAGMA busy_timeout = 30000")
            source.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise StoreError(
            N_("cannot restore {file}: {reason}"),
            hint=N_("close other programs using the database and try again"),
            file=str(src),
            reason=str(exc),
        ) from exc
