"""Issue #21, item 6: a long import on SQLite commits its new contacts chunk by chunk, so a
quick write (`tisser log`) passes between two chunks instead of waiting for the whole file;
and the file still lands whole or not at all: a failure or a `kill -9` between two chunks
leaves the database as it was (the run is undone, at once or at the next start)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tisser.formats import importer
from tisser.formats.importer import import_file
from tisser.store import ContactFilter, Store, open_store

ROOT = Path(__file__).resolve().parents[1]
ALL = ContactFilter(include_archived=True)
HEADER = "First Name,Last Name,E-mail 1 - Value,Notes"


def google_csv(path: Path, n: int) -> Path:
    rows = [HEADER] + [f"Prénom{i},Nom{i},p{i}@example.org,ami {i}" for i in range(n)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def sqlite_path(store: Store) -> str:
    return store.engine.url.database or ""


def test_a_write_passes_between_two_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress callback runs between chunks: there, another connection must get the
    write lock at once (timeout 0). With one transaction for the file, it never could."""
    monkeypatch.setattr(importer, "WRITE_CHUNK", 50)
    store = open_store(f"sqlite:///{tmp_path / 'tisser.db'}")
    other = sqlite3.connect(sqlite_path(store), timeout=0, isolation_level=None)
    passed: list[bool] = []

    def progress(done: int, total: int) -> None:
        if done > total // 2:  # the writing half
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                passed.append(True)
            except sqlite3.OperationalError:
                passed.append(False)

    report = import_file(
        store, google_csv(tmp_path / "c.csv", 300), fmt="google", progress=progress
    )
    assert report.added == 300
    assert passed == [True] * 6  # 300 new contacts in 6 chunks of 50
    assert store.count_contacts(ALL) == 300
    store.close()


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failure_after_some_chunks_undoes_them(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    monkeypatch.setattr(importer, "WRITE_CHUNK", 40)
    import_file(store, google_csv(tmp_path / "first.csv", 5), fmt="google")
    before = sorted(c.display_name for c in store.list_contacts(ALL))
    real = store.bulk_add_contacts
    calls = []

    def third_fails(*args: object, **kwargs: object) -> list[int]:
        calls.append(1)
        if len(calls) == 3:
            raise failure
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "bulk_add_contacts", third_fails)
    with pytest.raises(type(failure)):
        import_file(store, google_csv(tmp_path / "big.csv", 200), fmt="google")
    monkeypatch.undo()
    assert sorted(c.display_name for c in store.list_contacts(ALL)) == before
    assert store.search("Prénom150") == [] and store.search("Prénom10") == []
    assert len(store.source_keys("google")) == 5  # the first file's, none of the second's
    again = import_file(store, tmp_path / "big.csv", fmt="google")
    assert (again.added, again.unchanged) == (195, 5)


SLOW_IMPORT = """
import sys, time
from tisser.formats import importer
from tisser.store import Store
importer.WRITE_CHUNK = 100
real = Store.bulk_add_contacts
def slow(self, *args, **kwargs):
    ids = real(self, *args, **kwargs)
    print("chunk", flush=True)
    time.sleep(0.3)
    return ids
Store.bulk_add_contacts = slow
from tisser.cli import main
sys.exit(main())
"""


def test_kill_between_two_chunks_undoes_the_import_at_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "tisser.db"
    url = f"sqlite:///{db}"
    first = open_store(url)
    import_file(first, google_csv(tmp_path / "first.csv", 3), fmt="google")
    first.close()
    env = {**os.environ, "TISSER_DB": url, "TISSER_LANG": "en", "PYTHONPATH": str(ROOT / "src")}
    big = google_csv(tmp_path / "big.csv", 1000)
    importing = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT, "import", str(big), "--format", "google"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert importing.stdout is not None
    for _ in range(3):  # the third chunk written (the second committed), then kill -9
        assert importing.stdout.readline().strip() == "chunk"
    importing.send_signal(signal.SIGKILL)
    importing.wait(30)
    with sqlite3.connect(db) as raw:  # before any tisser opens it: the chunks are there
        assert (
            raw.execute("SELECT count(*) FROM contacts").fetchone()[0] >= 203
        )  # two chunks at least
    store = open_store(url)  # the next start undoes the dead run
    try:
        assert store.count_contacts(ALL) == 3
        assert store.search("Prénom250") == []
        assert len(store.source_keys("google")) == 3
        with sqlite3.connect(db) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
            unfinished = raw.execute("SELECT count(*) FROM import_runs WHERE finished_at IS NULL")
            assert unfinished.fetchone()[0] == 0
        again = import_file(store, big, fmt="google")
        assert (again.added, again.unchanged) == (997, 3)
        assert store.count_contacts(ALL) == 1000
    finally:
        store.close()


def test_a_running_import_is_not_undone_by_another_start(tmp_path: Path) -> None:
    """A second process opening the database meanwhile must leave a live run alone."""
    url = f"sqlite:///{tmp_path / 'tisser.db'}"
    store = open_store(url)
    run = store.begin_import_run()
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tisser.store import open_store; "
            "s = open_store(sys.argv[1]); print(s.undo_dead_import_runs())",
            url,
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert other.stdout.strip() == "0"
    with sqlite3.connect(sqlite_path(store)) as raw:
        row = raw.execute("SELECT finished_at FROM import_runs WHERE id = ?", (run,)).fetchone()
    assert row == (None,)
    store.close()
