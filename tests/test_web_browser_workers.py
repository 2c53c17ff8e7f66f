"""``tisser web`` as the user starts it — two worker processes sharing one socket — in a real
browser (Playwright, Debian's chromium).

The server is the command itself, in a process of its own, over a copy of the demo network:
an import of 6,000 cards (its progress page polls while it runs, and each poll may reach
either worker), a preview then "Importer pour de bon", a search typed without accents, an
interaction logged on a contact page and seen at once on Today, whichever worker answers.
Screenshots go to ``test-artifacts/`` like the other browser tests.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser as wb
from test_web_browser_import import import_through_page
from tisser.demo import load_demo
from tisser.store import ContactFilter, open_store

browser = wb.browser
page = wb.page  # over this module's server: the command's
EVERYONE = ContactFilter(include_archived=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = wb._unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("workers") / "demo.db"
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        load_demo(store, wb.TODAY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tisser = "from tisser.cli import main; raise SystemExit(main())"
    command = [sys.executable, "-c", tisser, "--db", url, "web", "--no-browser"]
    command += ["--port", str(port), "--workers", "2"]
    env = {**os.environ, "TISSER_TODAY": wb.TODAY.isoformat()}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                _out, err = proc.communicate()
                pytest.fail(f"tisser web did not start: {err.decode()[-2000:]}")
            time.sleep(0.1)
    store = open_store(url)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "store": store, "pid": proc.pid}
    finally:
        store.close()
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
        assert "Traceback" not in err.decode(), err.decode()[-3000:]


def cards(n: int) -> str:
    """``n`` distinct vCards: enough for the import to outlast the first wait."""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Invité{k:05d} Éphémère\r\n"
        f"N:Éphémère;Invité{k:05d};;;\r\nEMAIL:invite{k:05d}@exemple.org\r\nEND:VCARD\r\n"
        for k in range(n)
    )


def worker_commands(pid: int) -> list[bytes]:
    """The command lines of the children of ``pid``, multiprocessing's own tracker aside."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    commands = []
    for child in children:
        try:
            commands.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" "))
        except OSError:  # gone meanwhile
            continue
    return [c for c in commands if b"resource_tracker" not in c]


def test_the_server_runs_two_workers(server: dict[str, Any]) -> None:
    # the port listens as soon as the supervisor binds it, a moment before it starts the
    # workers: look again for a while rather than once
    deadline = time.monotonic() + 30
    while len(workers := worker_commands(server["pid"])) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # and no third one after them
    assert len(worker_commands(server["pid"])) == 2, workers


def test_a_long_import_followed_then_previewed_and_confirmed(
    page: Any, server: dict[str, Any], tmp_path: Path
) -> None:
    store = server["store"]
    before = store.count_contacts(EVERYONE)
    file = tmp_path / "carnet.vcf"
    file.write_text(cards(6000), encoding="utf-8")
    import_through_page(page, file)
    page.wait_for_selector("h1:has-text('Rapport d’import')", timeout=120_000)
    counts = page.locator("table.counts").inner_text()
    assert re.search(r"Ajoutés\s+6000", counts), counts
    assert store.count_contacts(EVERYONE) == before + 6000

    small = tmp_path / "deux.vcf"
    small.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zélie Quentin\r\nN:Quentin;Zélie;;;\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aurèle Voss\r\nN:Voss;Aurèle;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_through_page(page, small, preview=True)
    page.wait_for_selector("h1:has-text('Aperçu de l’import')", timeout=60_000)
    assert store.count_contacts(EVERYONE) == before + 6000  # nothing written
    page.get_by_role("button", name="Importer pour de bon").click()
    page.wait_for_selector("h1:has-text('Rapport d’import')", timeout=60_000)
    assert page.locator("ul.added a").all_inner_texts() == ["Zélie Quentin", "Aurèle Voss"]
    assert store.count_contacts(EVERYONE) == before + 6002


def test_search_log_and_see_it_everywhere(page: Any, server: dict[str, Any]) -> None:
    page.goto(page.base + "/contacts")
    page.get_by_label("Rechercher", exact=True).fill("zelie quen")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#results td.name > a')]"
        ".some(a => a.textContent.includes('Zélie Quentin'))"
    )
    page.locator("#results td.name > a", has_text="Zélie Quentin").click()
    page.wait_for_selector("h1:has-text('Zélie Quentin')")
    page.get_by_label("Sujet", exact=True).fill("Café au marché des Capucins")
    page.get_by_role("button", name="Noter", exact=True).click()
    page.wait_for_selector("text=Café au marché des Capucins")
    for _ in range(5):  # each visit may reach either worker: all see the new interaction
        page.goto(page.base + "/")
        assert "Zélie Quentin" in page.locator("section[aria-labelledby=recent-title]").inner_text()
    (zelie,) = server["store"].find_contacts_by_name("Zélie Quentin")
    assert [i.about for i in server["store"].interactions_for(zelie.id or 0)] == [
        "Café au marché des Capucins"
    ]
