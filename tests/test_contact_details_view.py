"""The address-book details where the user reads them (issue #17): the web contact page
(typed phones with tel: links, addresses, birthday, photo), Today's birthdays of the week,
and the CLI's show and overview. HTML read with html5lib-free checks on the parsed text."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from tisser.cli import main
from tisser.core.model import Contact
from tisser.formats.importer import import_file
from tisser.store import Store
from web_helpers import TODAY, client_for, post, web_store  # noqa: F401

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "vcard"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag == "img" and a.get("src"):
            self.images.append(a["src"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def _john(store: Store) -> int:
    import_file(store, REAL / "ez-vcard" / "John_Doe_IPHONE.vcf")
    (john,) = [c for c in store.list_contacts() if c.family_name == "Doe"]
    return john.id or 0


def test_the_contact_page_shows_typed_phones_addresses_birthday_and_photo(store: Store) -> None:
    cid = _john(store)
    client = client_for(store)
    post(client, "/language", {"lang": "en", "back": "/"})
    page = _parsed(client.get(f"/contacts/{cid}").text)
    text = " ".join(" ".join(page.text).split())
    assert "tel:905-555-1234" in page.hrefs and "tel:905-111-1234" in page.hrefs
    assert "905-555-1234 — mobile (preferred)" in text
    assert "905-111-1234 — pager" in text
    assert "Silicon Alley 5" in text and "12345 New York" in text and "— work" in text
    assert "June 6, 2012" in text and "Johny" in text
    # the iPhone card came with a photo: the page shows it, the route serves its bytes
    assert page.images == [f"/contacts/{cid}/photo"]
    photo = client.get(page.images[0])
    media, data = store.photo_of(cid) or ("", b"")
    assert photo.status_code == 200 and photo.content == data and len(data) > 100
    assert photo.headers["content-type"] == media
    plain = store.add_contact(Contact(given_name="Zoé", family_name="Sans-Photo"))
    assert not _parsed(client.get(f"/contacts/{plain.id}").text).images
    assert client.get(f"/contacts/{plain.id}/photo").status_code == 404


def test_today_lists_this_weeks_birthdays_in_french(store: Store) -> None:
    cid = _john(store)
    john = store.get_contact(cid)
    soon = TODAY + timedelta(days=2)
    john.birthday = f"1980-{soon.month:02d}-{soon.day:02d}"
    store.update_contact(john)
    client = client_for(store)
    post(client, "/language", {"lang": "fr", "back": "/"})
    page = _parsed(client.get("/").text)
    text = " ".join(" ".join(page.text).split())
    assert "Cette semaine" in text
    assert "Anniversaire de John Doe" in text
    assert f"{soon.year - 1980} ans" in text
    assert f"/contacts/{cid}" in page.hrefs


def test_cli_show_and_overview(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TISSER_DB", f"sqlite:///{tmp_path / 't.db'}")
    monkeypatch.setenv("TISSER_TODAY", "2026-06-03")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> str:
        assert main(list(args)) == 0
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return out.replace("\u00a0", " ")

    run("import", str(REAL / "ez-vcard" / "John_Doe_IPHONE.vcf"))
    shown = run("--lang", "en", "show", "John Doe")
    assert "905-555-1234 — mobile (preferred)" in shown
    assert "June 6, 2012 (13 years)" in shown
    assert "Street4, Building 6, Floor 8, 12345 New York, USA — work" in shown
    overview = run("--lang", "fr")
    assert "Cette semaine" in overview
    assert "Anniversaire de John Doe, samedi 6 juin (14 ans)" in overview
