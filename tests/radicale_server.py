"""Radicale, the CardDAV server the sync tests talk to: started once per session on
loopback with htpasswd authentication; each test gets an address book of its own.

Under CI a server that cannot start fails the tests (never a skip counted as a pass)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "alice", "s3cret-pass"


@dataclass
class Radicale:
    base: str
    folder: Path
    process: subprocess.Popen[bytes]

    def new_book(self, name: str = "") -> str:
        """A new, empty address book of the user; its URL."""
        import niquests

        path = f"/{USER}/{name or uuid.uuid4().hex[:10]}/"
        body = (
            '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
            "<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
            "<d:displayname>Contacts</d:displayname></d:prop></d:set></d:mkcol>"
        )
        r = niquests.request(
            "MKCOL", self.base + path, data=body, auth=(USER, PASSWORD), timeout=10
        )
        assert r.status_code == 201, r.text
        return self.base + path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    exe = Path(sys.executable).parent / "radicale"
    if not exe.exists() and not shutil.which("radicale"):
        _fail_or_skip("radicale is not installed (pip install radicale)")
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = _free_port()
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n[logging]\nlevel = error\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(exe if exe.exists() else shutil.which("radicale")), "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    else:
        process.kill()
        _fail_or_skip("Radicale did not start")
    if process.poll() is not None:
        _fail_or_skip("Radicale stopped at once")
    try:
        yield Radicale(f"http://127.0.0.1:{port}", folder, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
