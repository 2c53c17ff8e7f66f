"""Opening, URLs, backup/restore and migrations."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tisser.core.errors import StoreError
from tisser.core.model import Contact
from tisser.store import Store, default_db_path, open_store, resolve_db_url
from tisser.store.migrations import head_revision, include_name, upgrade_head
from tisser.store.schema import SCHEMA_REVISION, metadata


def test_resolve_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TISSER_DB", raising=False)
    assert resolve_db_url(None) == f"sqlite:///{default_db_path().resolve()}"
    assert default_db_path().name == "tisser.db"
    target = tmp_path / "new" / "dir" / "x.db"
    assert resolve_db_url(str(target)) == f"sqlite:///{target}"
    assert target.parent.is_dir()
    monkeypatch.chdir(tmp_path)
    assert resolve_db_url("rel.db") == f"sqlite:///{tmp_path / 'rel.db'}"
    monkeypatch.setenv("TISSER_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_db_url("other.db") == f"sqlite:///{tmp_path / 'other.db'}"
    assert resolve_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_db_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_db_url("sqlite:///abs.db") == "sqlite:///abs.db"


def test_open_garbage_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreError) as err:
        open_store(f"sqlite:///{junk}")
    assert "not a database" in err.value.one_line()
    assert err.value.hint


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdialect://x/y",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "sqlite:////proc/forbidden/x.db",
    ],
)
def test_open_failures_are_store_errors(url: str) -> None:
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert err.value.one_line()


def test_open_is_idempotent(db_url: str) -> None:
    for _ in range(2):
        s = open_store(db_url)
        s.add_contact(Contact(given_name="Twice"))
        s.close()
    s = open_store(db_url)
    assert s.count_contacts() == 2 and s.dialect in ("sqlite", "postgresql")
    s.close()


def test_schema_revision_is_head() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_migrations_match_metadata(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    for backend in ("sqlite", "postgresql"):
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / 'm.db'}"
        else:
            from conftest import require_pg

            server = require_pg(request.getfixturevalue("pg_server"))
            url = server.create_database(empty=True)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            upgrade_head(conn)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"include_name": include_name, "compare_type": True}
            )
            assert compare_metadata(ctx, metadata) == [], backend
            tables = set(sa.inspect(conn).get_table_names())
            assert {"contacts", "alembic_version"} <= tables
            if backend == "sqlite":
                assert "contacts_fts" in tables
            else:
                assert "ix_contacts_search" in {
                    i["name"] for i in sa.inspect(conn).get_indexes("contacts")
                }
        engine.dispose()


def _sqlite_store(tmp_path: Path, name: str = "live.db") -> Store:
    return open_store(f"sqlite:///{tmp_path / name}")


def test_backup_while_writing_and_restore(tmp_path: Path) -> None:
    store = _sqlite_store(tmp_path)
    store.bulk_add_contacts([Contact(given_name=f"Avant{i}") for i in range(300)])
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        other = _sqlite_store(tmp_path)
        try:
            n = 0
            while not stop.is_set():
                other.add_contact(Contact(given_name=f"Pendant{n}", notes="x" * 500))
                written.append(n)
                n += 1
        finally:
            other.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            threading.Event().wait(0.01)
        dest = tmp_path / "backups" / "copy.db"
        store.backup(dest)
        while len(written) < 20:
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join()

    with sqlite3.connect(dest) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        in_backup = raw.execute("SELECT count(*) FROM contacts").fetchone()[0]
    assert 300 + 5 <= in_backup < 300 + len(written)
    assert store.count_contacts() == 300 + len(written)

    store.add_contact(Contact(given_name="Après", family_name="Sauvegarde"))
    store.restore(dest)
    assert store.count_contacts() == in_backup
    assert store.find_contacts_by_name("Après Sauvegarde") == []
    assert [h.contact.given_name for h in store.search("avant299")] == ["Avant299"]
    store.add_contact(Contact(given_name="Encore"))  # still writable after the restore
    store.close()


def test_restore_refuses_non_databases(tmp_path: Path) -> None:
    store = _sqlite_store(tmp_path)
    store.add_contact(Contact(given_name="Intact"))
    text = tmp_path / "notes.txt"
    text.write_text("bonjour\n" * 100)
    other_db = tmp_path / "other.sqlite"
    with sqlite3.connect(other_db) as raw:
        raw.execute("CREATE TABLE foo (x)")
    for bad in (text, other_db, tmp_path / "missing.db"):
        with pytest.raises(StoreError) as err:
            store.restore(bad)
        assert str(bad) in err.value.one_line()
    assert [c.given_name for c in store.list_contacts()] == ["Intact"]
    store.close()


def test_backup_on_postgresql_says_pg_dump(store: Store, tmp_path: Path) -> None:
    if store.dialect != "postgresql":
        store.backup(tmp_path / "ok.db")
        assert (tmp_path / "ok.db").exists()
        return
    with pytest.raises(StoreError) as err:
        store.backup(tmp_path / "x.db")
    assert "pg_dump" in err.value.one_line()
    with pytest.raises(StoreError):
        store.restore(tmp_path / "x.db")


def test_upgrade_from_0001_keeps_search(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A database made at revision 0001 is searched per owner once opened (0002 indexes)."""
    from alembic import command

    from tisser.store.migrations import alembic_config

    for backend in ("sqlite", "postgresql"):
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / 'old.db'}"
        else:
            from conftest import require_pg

            server = require_pg(request.getfixturevalue("pg_server"))
            url = server.create_database()
        store = open_store(url)
        store.add_contact(Contact(given_name="Hélène", notes="voile"))
        store.ensure_owner(2)
        store.add_contact(Contact(owner_id=2, given_name="Hélène", notes="golf"))
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0001")
        store.close()
        store = open_store(url)  # migrates back to head
        assert [h.snippet for h in store.search("helene")] == ["name: Hélène"], backend
        assert [h.contact.notes for h in store.search("hel", owner_id=2)] == ["golf"]
        assert store.search("voile", owner_id=2) == []
        store.add_contact(Contact(given_name="Après", notes="voile"))
        assert len(store.search("voile")) == 2
        store.close()
