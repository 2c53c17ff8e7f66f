"""``kill -9`` in the middle of ``tisser sync``: the database stays consistent (what was
committed is whole, the summary exact) and the next sync continues to the same journal as
an uninterrupted one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from capture_helpers import NOW, SETTINGS, book, mailbox_for
from test_store_summary import check
from tisser.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _journal(url: str) -> list[tuple]:
    s = open_store(url)
    try:
        return sorted(
            (i.occurred_at, tuple(i.contact_ids), i.outcome) for i in s.list_interactions()
        )
    finally:
        s.close()


def test_kill_9_mid_sync(db_url: str, tmp_path: Path) -> None:
    s = open_store(db_url)
    contacts = book(s, 30)
    s.close()
    path = tmp_path / "big.mbox"
    mailbox_for(path, contacts, count=5000, strangers=20)
    env = {
        **os.environ,
        "TISSER_DB": db_url,
        "TISSER_TODAY": NOW.date().isoformat(),
        "PYTHONPATH": str(ROOT / "src"),
        "TISSER_LANG": "en",
    }
    tisser = [sys.executable, "-c", "import sys; from tisser.cli import main; sys.exit(main())"]
    me = SETTINGS["own_emails"][0]
    subprocess.run(
        [*tisser, "sources", "add", "mbox", str(path), "--me", me, "--name", "big"],
        env=env,
        check=True,
        capture_output=True,
    )
    proc = subprocess.Popen(
        [*tisser, "sync", "big"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    offset = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            s = open_store(db_url)
            try:
                offset = int(s.get_source(1, "big").state.get("offset", 0))
            finally:
                s.close()
            if offset:  # one batch committed, the next under way
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert 0 < offset < path.stat().st_size, "the sync ended before it could be killed"
    s = open_store(db_url)
    try:
        check(s, [NOW - timedelta(days=90)])  # whole batches only, the summary exact
    finally:
        s.close()
    subprocess.run([*tisser, "sync", "big"], env=env, check=True, capture_output=True)
    resumed = _journal(db_url)
    subprocess.run(
        [*tisser, "sources", "remove", "big", "--yes"], env=env, check=True, capture_output=True
    )
    subprocess.run(
        [*tisser, "sources", "add", "mbox", str(path), "--me", me, "--name", "whole"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([*tisser, "sync", "whole"], env=env, check=True, capture_output=True)
    assert _journal(db_url) == resumed and resumed
