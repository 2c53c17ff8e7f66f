"""Two-way CardDAV sync against a real Radicale on loopback (issue #17); cards are put on
the server and read back with niquests + vobject, independently of tisser's client."""

from __future__ import annotations

from pathlib import Path

import niquests
import pytest
import vobject

from radicale_server import PASSWORD, USER, Radicale, radicale  # noqa: F401
from tisser.app.carddav import sync
from tisser.core.model import Circle, Contact
from tisser.dav.client import CardDav, DavError
from tisser.store import ContactFilter, Store

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"


def _put(url: str, text: str) -> None:
    r = niquests.put(
        url, data=text.encode(), auth=(USER, PASSWORD), headers={"Content-Type": "text/vcard"}
    )
    assert r.status_code in (201, 204), r.status_code


def _get(url: str) -> vobject.base.Component:
    r = niquests.get(url, auth=(USER, PASSWORD))
    assert r.status_code == 200
    return vobject.readOne(r.text)


def _card(uid: str, name: str, tel: str, extra: str = "") -> str:
    given, family = name.split()
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{family};{given};;;\r\n"
        f"TEL;TYPE=CELL:{tel}\r\n{extra}END:VCARD\r\n"
    )


def _setup(store: Store, radicale: Radicale) -> tuple[CardDav, object, str]:  # noqa: F811
    url = radicale.new_book()
    dav = CardDav(radicale.base + "/", USER, PASSWORD)
    books = dav.discover()
    assert url in [b.url for b in books]
    book_id = store.add_book(url, USER, "Contacts")
    return dav, book_id, url


def test_first_sync_pulls_then_edits_go_both_ways(store: Store, radicale: Radicale) -> None:  # noqa: F811
    dav, book_id, url = _setup(store, radicale)
    _put(
        url + "claire.vcf",
        _card(
            "uid-claire",
            "Claire Dubois",
            "+33612345678",
            "BDAY:1985-12-09\r\nitem1.X-ABLABEL:kept\r\n",
        ),
    )
    _put(url + "marc.vcf", _card("uid-marc", "Marc Petit", "+33698765432"))
    mine = store.add_contact(
        Contact(given_name="Zoé", family_name="Martin", phones=["+33611112222"])
    )
    report = sync(store, dav, store.book(book_id))
    assert (report.added, report.pushed) == (2, 1), report
    claire = next(c for c in store.list_contacts() if c.family_name == "Dubois")
    assert claire.birthday == "1985-12-09"
    # tisser's own contact is on the server now, read by vobject
    zoe = next(c for c in store.cards(book_id).values() if c.contact_id == mine.id)
    assert _get(zoe.href).fn.value == "Zoé Martin"
    # a second sync with nothing changed sends nothing and fetches nothing
    again = CardDav(radicale.base + "/", USER, PASSWORD)
    quiet = sync(store, again, store.book(book_id))
    assert (quiet.added, quiet.updated, quiet.pushed) == (0, 0, 0)
    assert quiet.requests <= 2
    # edited in tisser: pushed with If-Match; the unknown property is still on the card
    claire.phones = ["+33600000001"]
    store.update_contact(claire)
    sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    card = _get(url + "claire.vcf")
    assert card.tel.value == "+33600000001"
    assert card.contents["x-ablabel"][0].value == "kept"
    # edited on the server: pulled
    _put(
        url + "marc.vcf",
        _card("uid-marc", "Marc Petit", "+33698765432", "NOTE:met at the club\r\n"),
    )
    pulled = sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    assert pulled.updated == 1
    marc = next(c for c in store.list_contacts() if c.family_name == "Petit")
    assert marc.notes == "met at the club"
    assert len(store.list_contacts(ContactFilter(include_archived=True))) == 3  # no duplicate


def test_both_sides_changed(store: Store, radicale: Radicale) -> None:  # noqa: F811
    dav, book_id, url = _setup(store, radicale)
    _put(url + "a.vcf", _card("uid-a", "Anne Roy", "+33611111111", "ORG:Airbus\r\n"))
    sync(store, dav, store.book(book_id))
    anne = next(c for c in store.list_contacts() if c.family_name == "Roy")
    anne.organization = "Thales"  # the same field, changed on both sides
    anne.notes = "only here"  # a field changed in tisser only
    store.update_contact(anne)
    _put(
        url + "a.vcf", _card("uid-a", "Anne Roy", "+33622222222", "ORG:Safran\r\n")
    )  # phone: there only
    report = sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    assert report.conflicts == 1
    (conflict,) = store.conflicts()
    assert (conflict.field, conflict.local, conflict.remote) == ("organization", "Thales", "Safran")
    anne = store.get_contact(anne.id or 0)
    assert (
        anne.organization == "Thales"
        and anne.phones == ["+33622222222"]
        and anne.notes == "only here"
    )
    card = _get(url + "a.vcf")
    assert card.note.value == "only here" and card.tel.value == "+33622222222"


def test_deleted_on_the_server_is_archived_not_erased(store: Store, radicale: Radicale) -> None:  # noqa: F811
    dav, book_id, url = _setup(store, radicale)
    _put(url + "d.vcf", _card("uid-d", "Denis Vidal", "+33633333333"))
    sync(store, dav, store.book(book_id))
    assert niquests.delete(url + "d.vcf", auth=(USER, PASSWORD)).status_code in (200, 204)
    report = sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    assert report.archived == 1
    (denis,) = store.list_contacts(ContactFilter(include_archived=True))
    assert denis.circle == Circle.DORMANT and "archiv" in denis.notes  # archived / archivé
    # and it is not sent back to the server
    sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    assert niquests.get(url + "d.vcf", auth=(USER, PASSWORD)).status_code == 404


def test_bad_input(store: Store, radicale: Radicale) -> None:  # noqa: F811
    with pytest.raises(DavError, match="user name or password"):
        CardDav(radicale.base + "/", USER, "wrong").discover()
    with pytest.raises(DavError, match="not a web address"):
        CardDav("ftp://example.org", USER, PASSWORD)
    with pytest.raises(DavError, match="cannot reach"):
        CardDav("http://127.0.0.1:9/", USER, PASSWORD).discover()


def test_conflicts_reviewed_on_the_web(store: Store, radicale: Radicale) -> None:  # noqa: F811
    from web_helpers import client_for, post

    dav, book_id, url = _setup(store, radicale)
    _put(url + "a.vcf", _card("uid-a", "Anne Roy", "+33611111111", "ORG:Airbus\r\n"))
    sync(store, dav, store.book(book_id))
    anne = next(c for c in store.list_contacts() if c.family_name == "Roy")
    anne.organization = "Thales"
    store.update_contact(anne)
    _put(url + "a.vcf", _card("uid-a", "Anne Roy", "+33611111111", "ORG:Safran\r\n"))
    sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    client = client_for(store)
    post(client, "/language", {"lang": "en", "back": "/"})
    page = client.get("/carddav").text
    assert "Thales" in page and "Safran" in page and "Organisation" in page
    (conflict,) = store.conflicts()
    post(client, f"/carddav/conflicts/{conflict.id}", {"keep": "server"})
    assert store.conflicts() == []
    assert store.get_contact(anne.id or 0).organization == "Safran"


def test_an_incremental_sync_reads_only_what_changed(store: Store, radicale: Radicale) -> None:  # noqa: F811
    """After a first sync, the contacts it made from cards or sent are not looked at
    again until they change (they were all re-read and compared before: seconds at 5,000)."""
    dav, book_id, url = _setup(store, radicale)
    for i in range(5):
        _put(url + f"p{i}.vcf", _card(f"uid-p{i}", f"Prénom{i} Nom{i}", f"+3361234567{i}"))
    mine = store.add_contact(Contact(given_name="Zoé", family_name="Martin"))
    sync(store, dav, store.book(book_id))
    book = store.book(book_id)
    assert store.contacts_to_push(book_id, 1, book.last_sync, set()) == []
    mine.notes = "vue au salon"
    store.update_contact(mine)
    server_side = _card("uid-p1", "Prénom1 Nom1", "+33612345671", "NOTE:du serveur\r\n")
    _put(url + "p1.vcf", server_side)
    assert [c.id for c in store.contacts_to_push(book_id, 1, book.last_sync, set())] == [mine.id]
    report = sync(store, CardDav(radicale.base + "/", USER, PASSWORD), store.book(book_id))
    assert (report.pushed, report.updated) == (1, 1)
    assert _get(next(c.href for c in store.cards(book_id).values() if c.contact_id == mine.id))
    assert store.contacts_to_push(book_id, 1, store.book(book_id).last_sync, set()) == []
