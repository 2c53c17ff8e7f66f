"""The Reach and Events pages (#8 over #6 and #7) through their routes, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tisser.core.events import Event, EventKind
from tisser.core.introductions import IntroStatus, OfferKind
from tisser.core.model import Contact, make_link
from tisser.store import Store
from web_helpers import (
    client_for,
    post,
    seed,
    web_store,  # noqa: F401  (the `store` fixture)
)

XSS = "<script>alert(1)</script>"


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    found = seed(store)
    marc = store.add_contact(
        Contact(given_name="Marc", family_name="Petit", position="Recruteur", organization="Thales")
    )
    assert marc.id is not None
    store.add_link(make_link(found["Loïc"], marc.id, 0.8))
    found["Marc"] = marc.id
    return found


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


def en(client: TestClient) -> None:
    post(client, "/language", {"lang": "en", "back": "/"})


# --- reach ----------------------------------------------------------------------------------


def test_navigation_offers_reach_and_events(client: TestClient) -> None:
    html = client.get("/journal").text
    assert 'href="/reach"' in html and 'href="/events"' in html


def test_search_shows_a_path_through_a_contact(client: TestClient, ids: dict[str, int]) -> None:
    en(client)
    html = client.get("/reach", params={"q": "recruteur chez Thales", "hops": 2}).text
    assert "Marc Petit" in html
    path = re.findall(r'class="path">(.*?)</p>', html, re.S)
    assert path and "you → Loïc Marchand" in path[0] and "→ Marc Petit" in path[0]
    assert f"/reach/ask?to={ids['Marc']}&amp;need=business-intro&amp;via={ids['Loïc']}" in html
    # one hop only: Marc is not a direct contact of a known tie, so the path is direct
    direct = client.get("/reach", params={"q": "recruteur chez Thales", "hops": 1}).text
    assert "→ Loïc Marchand" not in direct


def test_search_refuses_a_bad_hops_value(client: TestClient) -> None:
    assert client.get("/reach", params={"q": "x", "hops": 9}).status_code == 400


def test_draft_is_editable_and_never_sent(client: TestClient, ids: dict[str, int]) -> None:
    en(client)
    r = client.get(
        "/reach/ask", params={"to": ids["Marc"], "need": "job", "via": ids["Loïc"], "lang": "fr"}
    )
    assert r.status_code == 200
    text = re.search(r'<textarea id="draft"[^>]*>(.*?)</textarea>', r.text, re.S)
    assert text and "Marc Petit" in text.group(1) and "Loïc" in text.group(1)
    assert 'data-copy="draft"' in r.text
    assert client.get("/reach/ask", params={"to": ids["Marc"], "need": "bribe"}).status_code == 400


def test_offers_added_closed_and_escaped(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    r = post(client, "/reach/offers", {"who": "Zoé Abadie", "kind": "need", "text": XSS})
    assert r.status_code == 303
    [offer] = store.offers(1)
    assert offer.kind is OfferKind.NEED and offer.text == XSS and offer.contact_id == ids["Zoé"]
    html = client.get("/reach/offers").text
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    r = post(client, f"/reach/offers/{offer.id}/close", {"back": f"/contacts/{ids['Zoé']}"})
    assert r.status_code == 303 and r.headers["location"] == f"/contacts/{ids['Zoé']}"
    assert store.offers(1) == []


def test_posts_without_token_are_refused(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    for url, data in (
        ("/reach/offers", {"who": "Zoé Abadie", "kind": "offer", "text": "vin"}),
        ("/reach/introductions", {"a": ids["Zoé"], "b": ids["Hélène"]}),
        ("/events", {"title": "Salon"}),
    ):
        r = client.post(url, data={**data, "csrf_token": "forged"}, follow_redirects=False)
        assert r.status_code == 403, url
    assert store.offers(1) == [] and store.list_introductions(1) == []
    assert store.list_events(1) == []


def test_double_opt_in_workflow(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    en(client)
    r = post(client, "/reach/introductions", {"a": ids["Zoé"], "b": ids["Hélène"]})
    assert r.status_code == 303
    url = r.headers["location"]
    [intro] = store.list_introductions(1)
    page = client.get(url).text
    assert page.count("<textarea") == 2  # the drafts asking each side
    assert f'action="{url}/asked-a"' in page
    # out of order: nobody is connected before both said yes
    assert post(client, f"{url}/introduced").status_code == 400
    for step in ("asked-a", "asked-b", "agreed"):
        assert post(client, f"{url}/{step}").status_code == 303
    assert store.get_introduction(intro.id or 0, 1).status is IntroStatus.AGREED
    page = client.get(url).text
    assert page.count("<textarea") == 1 and "both agreed" in page
    assert post(client, f"{url}/introduced").status_code == 303
    assert post(client, f"{url}/outcome", {"outcome": "un stage"}).status_code == 303
    done = store.get_introduction(intro.id or 0, 1)
    assert done.status is IntroStatus.DONE and done.outcome == "un stage"
    # already proposed: refused
    r = post(client, "/reach/introductions", {"a": ids["Zoé"], "b": ids["Hélène"]})
    assert r.status_code == 400
    ledger = client.get("/reach/ledger").text
    assert "Zoé Abadie" in ledger and "I gave" in ledger


# --- events ---------------------------------------------------------------------------------


def test_add_edit_delete_an_event(client: TestClient, store: Store) -> None:
    r = post(
        client,
        "/events",
        {"title": XSS, "kind": "afterwork", "when": "2026-12-03", "at_time": "18:30",
         "city": "Bordeaux", "fee": "10", "duration": "120"},
    )  # fmt: skip
    assert r.status_code == 303
    [event] = store.list_events(1)
    assert event.title == XSS and event.kind is EventKind.AFTERWORK and event.entry_fee == 10
    html = client.get("/events").text
    assert XSS not in html and "&lt;script&gt;" in html
    page = client.get(f"/events/{event.id}").text
    assert XSS not in page
    r = post(client, f"/events/{event.id}", {"title": "Salon", "kind": "salon", "fee": "abc"})
    assert r.status_code == 400 and "abc" in r.text
    r = post(client, f"/events/{event.id}", {"title": "Salon", "kind": "salon", "fee": "5"})
    assert r.status_code == 303
    assert store.get_event(event.id or 0, 1).title == "Salon"
    assert post(client, f"/events/{event.id}/delete").status_code == 303
    assert store.list_events(1) == []


def test_add_refuses_a_bad_date(client: TestClient, store: Store) -> None:
    r = post(client, "/events", {"title": "Salon", "when": "le 45 brumaire"})
    assert r.status_code == 400
    assert store.list_events(1) == []


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:a@test
DTSTART:20261203T173000Z
DTEND:20261203T193000Z
SUMMARY:Afterwork French Tech
LOCATION:Bordeaux
END:VEVENT
BEGIN:VEVENT
UID:b@test
SUMMARY:Sans date
END:VEVENT
END:VCALENDAR
"""


def test_ics_upload_reports_each_event(client: TestClient, store: Store) -> None:
    en(client)
    r = client.post(
        "/events/import",
        data={"csrf_token": client.cookies.get("tisser_csrf")},
        files={"file": ("club.ics", ICS.encode(), "text/calendar")},
    )
    assert r.status_code == 200
    assert [e.title for e in store.list_events(1)] == ["Afterwork French Tech"]
    assert "Imported 1 new and 0 updated of 2 events from club.ics." in r.text
    assert "1 event could not be read" in r.text


def test_portfolio_explains_and_brief(client: TestClient, store: Store) -> None:
    en(client)
    assert "No event yet" in client.get("/events/portfolio").text
    small = store.add_event(
        Event(title="Petit-déjeuner", kind=EventKind.BREAKFAST, city="Bordeaux",
              starts_at=datetime(2026, 12, 10, 7, tzinfo=UTC), duration_minutes=90)
    )  # fmt: skip
    store.add_event(
        Event(title="Salon très cher", kind=EventKind.SALON, entry_fee=5000,
              starts_at=datetime(2026, 12, 12, 9, tzinfo=UTC))
    )  # fmt: skip
    html = client.get("/events/portfolio").text
    chosen = re.findall(r'<div class="panel chosen">\s*<h3><a href="/events/(\d+)"', html)
    assert chosen == [str(small.id)]
    assert "Salon très cher" in html  # out: explained as out of reach or the runner-up
    assert "What the budget leaves" in html and "min a week" in html
    assert "Brief" in client.get(f"/events/{small.id}").text


def test_capture_people_met(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    event = store.add_event(
        Event(title="Afterwork", kind=EventKind.AFTERWORK,
              starts_at=datetime(2026, 11, 19, 17, tzinfo=UTC))
    )  # fmt: skip
    vcard = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yann Le Gall\r\nN:Le Gall;Yann;;;\r\n"
        b"ORG:Kelio\r\nEND:VCARD\r\n"
    )
    r = client.post(
        f"/events/{event.id}/met",
        data={
            "csrf_token": client.cookies.get("tisser_csrf"),
            "names": "Camille Rousseau\nZoé Abadie",
        },
        files={"vcard": ("yann.vcf", vcard, "text/vcard")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    camille = store.find_contacts_by_name("Camille Rousseau")
    yann = store.find_contacts_by_name("Yann Le Gall")
    assert len(camille) == 1 and camille[0].met_how == "Afterwork"
    assert len(yann) == 1 and yann[0].organization == "Kelio"
    assert len(store.find_contacts_by_name("Zoé Abadie")) == 1  # known: not duplicated
    open_ = store.followups(1, open_only=True)
    assert len(open_) == 3
    page = client.get("/events/followups").text
    assert "Camille Rousseau" in page
    r = post(client, f"/events/followups/{open_[0].id}/done")
    assert r.status_code == 303
    assert len(store.followups(1, open_only=True)) == 2


def test_offers_on_the_contact_page(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    url = f"/contacts/{ids['Zoé']}"
    r = post(
        client,
        "/reach/offers",
        {"who": f"#{ids['Zoé']}", "kind": "offer", "text": "vins", "back": url},
    )
    assert r.status_code == 303 and r.headers["location"] == url
    html = client.get(url).text
    assert "vins" in html and f'action="/reach/offers/{store.offers(1)[0].id}/close"' in html


def test_business_card_photo_read_corrected_then_saved(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    from test_events_capture import _require_tesseract, business_card

    _require_tesseract()
    event = store.add_event(
        Event(title="Salon des vins", kind=EventKind.SALON,
              starts_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    )  # fmt: skip
    photo = business_card(tmp_path / "card.png").read_bytes()
    r = client.post(
        f"/events/{event.id}/card",
        data={"csrf_token": client.cookies.get("tisser_csrf")},
        files={"card": ("card.png", photo, "image/png")},
    )
    assert r.status_code == 200
    assert 'value="Camille Rousseau"' in r.text and "Vignobles Duclos SAS" in r.text
    assert store.find_contacts_by_name("Camille Rousseau") == []  # nothing saved before
    r = post(
        client,
        f"/events/{event.id}/card/save",
        {"name": "Camille Rousseau", "organization": "Vignobles Duclos; SAS",
         "position": "DAF", "emails": "camille.rousseau@duclos-vins.fr",
         "phones": "+33 6 12 34 56 78", "website": "", "day": "", "action": ""},
    )  # fmt: skip
    assert r.status_code == 303
    [camille] = store.find_contacts_by_name("Camille Rousseau")
    assert camille.position == "DAF" and camille.organization == "Vignobles Duclos; SAS"
    assert camille.phones == ["+33612345678"] and camille.met_how == "Salon des vins"
    assert [f.contact_id for f in store.followups(1, open_only=True)] == [camille.id]


def test_corrected_card_needs_a_name(client: TestClient, store: Store) -> None:
    event = store.add_event(Event(title="Salon", starts_at=datetime(2026, 11, 20, 9, tzinfo=UTC)))
    r = post(client, f"/events/{event.id}/card/save", {"name": " ", "organization": XSS})
    assert r.status_code == 400 and XSS not in r.text
    assert store.followups(1) == []


def test_results_count_the_people_met(client: TestClient, store: Store) -> None:
    en(client)
    assert "No result yet" in client.get("/events/results").text
    event = store.add_event(
        Event(title="Afterwork <i>", kind=EventKind.AFTERWORK, entry_fee=10,
              starts_at=datetime(2026, 11, 19, 17, tzinfo=UTC))
    )  # fmt: skip
    r = post(client, f"/events/{event.id}/met", {"names": "Camille Rousseau\nYann Le Gall"})
    assert r.status_code == 303
    html = client.get("/events/results").text
    row = re.search(r"<tr>\s*<td><a href=\"/events/\d+\">(.*?)</a></td>(.*?)</tr>", html, re.S)
    assert row and row.group(1) == "Afterwork &lt;i&gt;"
    cells = re.findall(r"<td>(.*?)</td>", row.group(2))
    assert cells[0] == "1" and cells[3] == "2" and cells[4] == "0/2"
