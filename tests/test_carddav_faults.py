"""CardDAV faults and bad input (issue #17), through a misbehaving proxy in front of a real
Radicale: whatever fails, no card is lost or duplicated and the next sync completes."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import niquests
import pytest

from dav_faults import Faults, start_proxy
from radicale_server import PASSWORD, USER, Radicale, radicale  # noqa: F401
from tisser.app.carddav import MAX_PHOTO, sync
from tisser.core.model import Contact
from tisser.dav.client import CardDav, DavError
from tisser.store import ContactFilter, Store, open_store

AUTH = (USER, PASSWORD)


def _card(uid: str, given: str, family: str, extra: str = "") -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{given} {family}\r\n"
        f"N:{family};{given};;;\r\nTEL;TYPE=CELL:+3361{abs(hash(uid)) % 10**7:07d}\r\n"
        f"{extra}END:VCARD\r\n"
    )


def _server_cards(url: str) -> int:
    body = (
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
    )
    r = niquests.request("PROPFIND", url, data=body, auth=AUTH, headers={"Depth": "1"})
    return r.text.count(".vcf</href>")


@pytest.fixture
def setup(radicale: Radicale, tmp_path: Path) -> Iterator[tuple[Store, str, str, Faults, int]]:  # noqa: F811
    book = radicale.new_book()
    for i, (g, f) in enumerate([("Anne", "Roy"), ("Bruno", "Dufour"), ("Chloé", "Marin")]):
        r = niquests.put(f"{book}c{i}.vcf", data=_card(f"c{i}", g, f).encode(), auth=AUTH)
        assert r.status_code == 201
    proxy, faults, server = start_proxy(radicale.base)
    path = book.removeprefix(radicale.base)
    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    book_id = store.add_book(proxy + path, USER, "Contacts")
    try:
        yield store, proxy + path, book, faults, book_id
    finally:
        store.close()
        server.shutdown()


def _dav(url: str, timeout: int = 10) -> CardDav:
    return CardDav(url.rsplit("/", 3)[0] + "/", USER, PASSWORD, timeout=timeout)


def _people(store: Store) -> list[str]:
    return sorted(c.display_name for c in store.list_contacts(ContactFilter(include_archived=True)))


def test_a_5xx_a_timeout_and_a_dropped_connection_lose_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    store, url, _book, faults, book_id = setup
    faults.fail_5xx = True
    with pytest.raises(DavError, match="server failed"):
        sync(store, _dav(url), store.book(book_id))
    faults.fail_5xx, faults.stall = False, 2.0
    with pytest.raises(DavError, match="did not answer in time"):
        sync(store, _dav(url, timeout=1), store.book(book_id))
    faults.stall, faults.drop = 0.0, True
    with pytest.raises(DavError, match="connection failed or was cut"):
        sync(store, _dav(url), store.book(book_id))
    assert _people(store) == []
    faults.drop = False
    report = sync(store, _dav(url), store.book(book_id))
    assert report.added == 3 and _people(store) == ["Anne Roy", "Bruno Dufour", "Chloé Marin"]


def test_a_412_in_the_middle_of_a_push(setup) -> None:  # type: ignore[no-untyped-def]
    store, url, book, faults, book_id = setup
    for given in ("Denis", "Elise", "Fanny"):
        store.add_contact(Contact(given_name=given, family_name="Local"))
    faults.put_412_at = 2
    first = sync(store, _dav(url), store.book(book_id))
    assert first.pushed == 2 and any("meanwhile" in p.message for p in first.problems)
    faults.put_412_at = 0
    second = sync(store, _dav(url), store.book(book_id))
    assert second.pushed == 1 and second.added == 0
    assert _server_cards(book) == 6 and len(_people(store)) == 6


def test_kill_9_during_a_sync(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, url, book, faults, book_id = setup
    for i in range(5):
        store.add_contact(Contact(given_name=f"Local{i}", family_name="Kill"))
    faults.hang_put_at = 3
    env = {
        **os.environ,
        "TISSER_DB": store.url,
        "TISSER_CARDDAV_PASSWORD": PASSWORD,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    child = subprocess.Popen(
        [str(Path(sys.executable).parent / "tisser"), "carddav", "sync"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while faults.puts < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert faults.puts >= 3, "the sync did not reach its third push"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    faults.hang_put_at = 0
    report = sync(store, _dav(url), store.book(book_id))
    assert report.added == 0  # the three server cards were already in, or come in once
    assert len(_people(store)) == 8 and _server_cards(book) == 8
    again = sync(store, _dav(url), store.book(book_id))
    assert (again.added, again.pushed) == (0, 0)


def test_no_sync_collection_falls_back_to_etags(setup) -> None:  # type: ignore[no-untyped-def]
    store, url, book, faults, book_id = setup
    faults.no_sync_collection = True
    assert sync(store, _dav(url), store.book(book_id)).added == 3
    niquests.put(
        f"{book}c1.vcf", data=_card("c1", "Bruno", "Dufour", "NOTE:changed\r\n").encode(), auth=AUTH
    )
    niquests.delete(f"{book}c2.vcf", auth=AUTH)
    dav = _dav(url)
    report = sync(store, dav, store.book(book_id))
    assert (report.updated, report.archived) == (1, 1)
    assert dav.requests <= 4  # the listing, one multiget: not one request per card


def test_a_card_without_any_name_and_a_huge_photo(setup) -> None:  # type: ignore[no-untyped-def]
    store, url, book, _faults, book_id = setup
    nameless = b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bad\r\nFN:\r\nN:;;;;\r\nNOTE:x\r\nEND:VCARD\r\n"
    assert niquests.put(f"{book}bad.vcf", data=nameless, auth=AUTH).status_code == 201
    photo = base64.b64encode(b"\xff\xd8" + os.urandom(MAX_PHOTO + 1024)).decode()
    big = _card("big", "Gaspard", "Lourd", f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\n")
    assert niquests.put(f"{book}big.vcf", data=big.encode(), auth=AUTH).status_code == 201
    report = sync(store, _dav(url), store.book(book_id))
    assert report.added == 4  # the three, and the one with the photo
    places = {p.file: p.message for p in report.problems}
    assert "no name" in places[f"{url}bad.vcf"]
    assert "too large" in places[f"{url}big.vcf"]
    gaspard = next(c for c in store.list_contacts() if c.family_name == "Lourd")
    assert store.photo_of(gaspard.id or 0) is None
