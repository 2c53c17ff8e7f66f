"""Benchmark of the CardDAV sync (issue #17), against Radicale started here on loopback.

    python bench/bench_carddav.py [--cards 5000] [--changes 10]

Prints, each with a baseline measured in the same run:

(1) the first sync of ``--cards`` realistic cards (typed phones, e-mails, an address, a
    birthday, an Apple label) into an empty database: goal < 20 s; against a plain
    ``niquests`` download of the same cards (one PROPFIND, the multigets): what the network
    and the server alone cost;
(2) an incremental sync after ``--changes`` cards changed on the server and as many in
    tisser: goal < 1 s, with the HTTP requests tisser made (they must grow with the changes,
    not with the book: printed for 10 and for 20 changes);
(3) the lossless round trip of every real file of ../shared/realdata/vcard (read, written
    back in its version) against vobject merely reading the same files.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import niquests
import vobject

from tisser.app.carddav import sync
from tisser.dav.client import CardDav
from tisser.demo.people import FR_FAMILY, FR_FEMALE, FR_MALE
from tisser.formats import vcard
from tisser.store import open_store

USER, PASSWORD = "bench", "bench-pass"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"


def card(i: int, rng: random.Random, note: str = "") -> str:
    given, family = rng.choice(FR_FEMALE + FR_MALE), rng.choice(FR_FAMILY)
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:bench-{i:05d}\r\nFN:{given} {family}\r\nN:{family};{given};;;\r\n"
        f"TEL;TYPE=CELL,VOICE;TYPE=PREF:+336{i:08d}\r\nTEL;TYPE=WORK:+335{i:08d}\r\n"
        f"item1.EMAIL;TYPE=INTERNET:{given.lower()}.{i}@example.org\r\n"
        f"item1.X-ABLABEL:_$!<Other>!$_\r\n"
        f"ADR;TYPE=HOME:;;{i} rue des Lilas;Bordeaux;;33000;France\r\n"
        f"BDAY:19{60 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}\r\n"
        f"ORG:Entreprise {i % 97}\r\nTITLE:Poste {i % 13}\r\n"
        + (f"NOTE:{note}\r\n" if note else "")
        + "END:VCARD\r\n"
    )


def start_radicale(
    folder: Path, cards: int, rng: random.Random
) -> tuple[subprocess.Popen[bytes], str]:
    book = folder / "collections" / "collection-root" / USER / "book"
    book.mkdir(parents=True)
    (book / ".Radicale.props").write_text('{"tag": "VADDRESSBOOK", "D:displayname": "Contacts"}')
    for i in range(cards):
        (book / f"bench-{i:05d}.vcf").write_text(card(i, rng), encoding="utf-8")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n[logging]\nlevel = error\n"
    )
    exe = Path(sys.executable).parent / "radicale"
    process = subprocess.Popen([str(exe), "--config", str(folder / "config")])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}/{USER}/book/"


def download(url: str) -> float:
    """The baseline: the same cards fetched with niquests (listing + multigets of 100)."""
    start = time.perf_counter()
    auth = (USER, PASSWORD)
    body = (
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
    )
    listing = niquests.request(
        "PROPFIND", url, data=body, auth=auth, headers={"Depth": "1"}, timeout=900
    )
    hrefs = [h.split("</href>")[0] for h in listing.text.split("<href>")[1:]][1:]
    with niquests.Session() as session:
        for i in range(0, len(hrefs), 100):
            refs = "".join(f"<d:href>{h}</d:href>" for h in hrefs[i : i + 100])
            query = (
                '<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
                'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/>'
                f"</d:prop>{refs}</c:addressbook-multiget>"
            )
            session.request(
                "REPORT", url, data=query, auth=auth, headers={"Depth": "1"}, timeout=900
            )
    return time.perf_counter() - start


def incremental(
    store, book_id: int, url: str, base: str, rng: random.Random, n: int, round_: int
) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    auth = (USER, PASSWORD)
    for i in range(n):  # changed on the server (by another client)
        k = round_ * 100 + i
        niquests.put(
            f"{url}bench-{k:05d}.vcf",
            data=card(k, rng, note=f"server {round_}").encode(),
            auth=auth,
        )
    people = store.list_contacts()
    for c in people[-n - round_ * 100 : len(people) - round_ * 100]:  # changed in tisser
        c.notes = f"tisser {round_}"
        store.update_contact(c)
    dav = CardDav(base, USER, PASSWORD, timeout=900)
    start = time.perf_counter()
    report = sync(store, dav, store.book(book_id))
    return time.perf_counter() - start, report.requests


def round_trip() -> tuple[float, float, int]:
    files = sorted(REAL.rglob("*.vcf"))
    datas = [f.read_bytes() for f in files]
    start = time.process_time()
    for data in datas:
        parsed = vcard.read(data)
        version = "4.0" if b"VERSION:4" in data else "3.0"
        vcard.write(((r.contact, r.key, r.photo) for r in parsed.records), version)
    tisser = time.process_time() - start
    start = time.process_time()
    for data in datas:
        with contextlib.suppress(Exception):  # vobject gives up on some of them
            text = data.decode("utf-8", errors="replace")
            list(vobject.readComponents(text, ignoreUnreadable=True))
    return tisser, time.process_time() - start, len(files)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        process, url = start_radicale(folder, args.cards, rng)
        try:
            base = url.rsplit("/", 3)[0] + "/"
            # Radicale parses every card once when first asked (its item cache): timed
            # apart, so that tisser and the baseline both meet a warm server
            warm = download(url)
            baseline = download(url)
            store = open_store(f"sqlite:///{folder / 'bench.db'}")
            book_id = store.add_book(url, USER, "Contacts")
            dav = CardDav(base, USER, PASSWORD, timeout=900)
            print(f"    (Radicale's own first scan of the {args.cards} cards: {warm:.1f} s)")
            start = time.perf_counter()
            report = sync(store, dav, store.book(book_id))
            first = time.perf_counter() - start
            print(
                f"(1) first sync of {args.cards} cards: {first:.1f} s (goal < 20 s), "
                f"{report.added} added, {report.requests} HTTP requests; the same cards "
                f"downloaded with niquests alone {baseline:.1f} s ({first / baseline:.1f}x)"
            )
            for round_, n in enumerate((args.changes, 2 * args.changes), 1):
                seconds, requests = incremental(store, book_id, url, base, rng, n, round_)
                print(
                    f"(2) incremental sync, {n} changes on each side: {seconds:.2f} s "
                    f"(goal < 1 s for {args.changes}), {requests} HTTP requests "
                    f"for a book of {args.cards}"
                )
            store.close()
        finally:
            process.terminate()
            process.wait()
    # vobject.base sets its own logger to ERROR and logs "Skipped line" there for every 2.1
    # quirk of the real files: a thousand lines that hid the figures
    logging.getLogger("vobject.base").setLevel(logging.CRITICAL)
    tisser, vo, count = round_trip()
    print(
        f"(3) lossless round trip of the {count} real files: tisser read + write {tisser:.2f} s "
        f"CPU; vobject reading them only {vo:.2f} s ({vo / tisser:.1f}x tisser's time)"
    )


if __name__ == "__main__":
    main()
