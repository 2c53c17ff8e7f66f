"""Opening a database: the engine, its SQLite pragmas, the migration, and error wrapping.

Every failure a user can meet while tisser talks to its database (file locked, not a
database, server down, bad URL, a revision from a newer tisser) leaves this module as a
:class:`~tisser.core.errors.StoreError` with a hint saying what to do, never as a driver
exception: the command line shows one translated line, not a traceback.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from tisser.core.errors import N_, StoreError, TisserError
from tisser.store.migrations import upgrade_head
from tisser.store.schema import SCHEMA_REVISION


def _driver_errors() -> tuple[type[Exception], ...]:
    """The drivers' own error classes. psycopg (the optional "postgres" extra) is not
    imported for them: loading it costs a SQLite command a quarter of its start, and when
    it is not loaded no PostgreSQL connection can have raised anything."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg is not None else (sqlite3.Error,)


IMMEDIATE = "tisser_immediate"  # the execution option of write transactions (see _on_begin)


def reason(exc: BaseException) -> str:
    """The first line of the driver's own message (SQLAlchemy wraps it in ``orig``)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def safe_url(url: str) -> str:
    """``url`` with its password hidden, fit for a message."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _wrap(exc: BaseException, url: str) -> StoreError:
    why = reason(exc)
    low = why.lower()
    if "locked" in low or "busy" in low:
        hint = N_("another program is writing to the database; try again in a moment")
    elif "not a database" in low or "malformed" in low or "file is encrypted" in low:
        hint = N_("this file is not a tisser database; restore a backup or choose another --db")
    elif "unable to open" in low or "readonly" in low or "permission" in low:
        hint = N_("check the file exists and you may read and write it, or choose another --db")
    elif "connect" in low or "connection" in low or "server" in low:
        hint = N_("check the PostgreSQL server is running and the URL is right")
    else:
        hint = N_("if it persists, restore a backup made with `tisser backup`")
    return StoreError(
        N_("database error on {url}: {reason}"), hint=hint, url=safe_url(url), reason=why
    )


@contextlib.contextmanager
def wrapped(url: str) -> Iterator[None]:
    """Turn SQLAlchemy and driver errors raised inside into StoreError (others pass)."""
    try:
        yield
    except TisserError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise _wrap(exc, url) from exc
    except _driver_errors() as exc:
        raise _wrap(exc, url) from exc


def _sqlite_path(url: sa.URL) -> Path | None:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            try:
                cur.execute("PRAGMA busy_timeout = 30000")
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                cur.execute("PRAGMA foreign_keys = ON")
                cur.execute("PRAGMA secure_delete = ON")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: sa.Connection) -> None:
            # A unit of work (Store.transaction) reads then writes: begun deferred, it holds a
            # read snapshot, and when another connection commits first its write fails at
            # once with "database is locked" (SQLITE_BUSY_SNAPSHOT), busy timeout or not.
            # Begun IMMEDIATE it takes the write lock first, waiting its turn.
            immediate = conn.get_execution_options().get(IMMEDIATE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def _current_revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: sa.Engine, url: str) -> None:
    """Bring the database to :data:`SCHEMA_REVISION`; Alembic runs only when it is behind."""
    with wrapped(url), engine.begin() as conn:
        if _current_revision(conn) != SCHEMA_REVISION:
            upgrade_head(conn)


def connect(url: str) -> sa.Engine:
    """An engine on ``url``, the database created if needed and migrated to head.

    Any failure (unreadable file, not a database, server down, bad URL) is a StoreError.
    """
    try:
        engine = _make_engine(url)
    except TisserError:
        raise
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as exc:
        raise StoreError(
            N_("cannot use the database address {url}: {reason}"),
            hint=N_("give a file path, or a URL such as postgresql://user@host/tisser"),
            url=url,
            reason=reason(exc),
        ) from exc
    except OSError as exc:
        raise StoreError(
            N_("cannot create the database at {url}: {reason}"),
            hint=N_("choose another place with --db or TISSER_DB"),
            url=url,
            reason=exc.strerror or str(exc),
        ) from exc
    try:
        migrate(engine, url)
    except TisserError:
        engine.dispose()
        raise
    except Exception as exc:  # alembic CommandError: a revision this tisser does not know
        engine.dispose()
        raise StoreError(
            N_("cannot migrate the database {url}: {reason}"),
            hint=N_("it may come from a newer tisser; upgrade tisser or restore a backup"),
            url=safe_url(url),
            reason=reason(exc),
        ) from exc
    return engine
