"""The journal and the ledger filter, search and paginate like the Contacts table (#20).

Over SQLite and PostgreSQL: 120 interactions written here, the expected counts computed from
what was written (not read back from the page's own arithmetic).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tisser.core.model import Channel, Interaction
from tisser.store import Store
from web_helpers import client_for, seed, web_store  # noqa: F401  (the `store` fixture)

CHANNELS = [Channel.LUNCH, Channel.CALL, Channel.EMAIL]


@pytest.fixture
def written(store: Store) -> dict[str, object]:
    ids = seed(store)
    log = []
    start = datetime(2026, 11, 1, 12, tzinfo=UTC)
    for n in range(120):
        who = [ids["Zoé"]] if n % 4 == 0 else [ids["Jean"]]
        i = Interaction(
            occurred_at=start - timedelta(days=n),
            contact_ids=who,
            channel=CHANNELS[n % 3],
            about="vendanges 100%" if n % 5 == 0 else "point d'étape",
            gave="une recommandation pour Airbus" if n % 6 == 0 else "",
        )
        store.add_interaction(i)
        log.append(i)
    return {"ids": ids, "log": log}


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


def count(html: str) -> int:
    m = re.search(r'<p class="count">(\d+)', html)
    assert m, "no count on the page"
    return int(m.group(1))


def rows(html: str) -> int:
    return len(re.findall(r"<time datetime=", html))


def test_journal_filters_by_channel_and_words(client: TestClient, written: dict) -> None:
    log = written["log"]
    everything = client.get("/journal", headers={"Accept-Language": "en"}).text
    assert count(everything) == 122  # with the two of seed()
    assert rows(everything) == 50 and "Page 1 of 3" in everything
    lunches = client.get("/journal?channel=lunch").text
    assert count(lunches) == sum(1 for i in log if i.channel is Channel.LUNCH)
    words = client.get("/journal?q=VENDANGES+100%25").text  # case aside; % is a character
    assert count(words) == sum(1 for i in log if "vendanges 100%" in i.about)
    both = client.get("/journal?q=vendanges&channel=call").text
    assert count(both) == sum(
        1 for i in log if "vendanges" in i.about and i.channel is Channel.CALL
    )
    # a name finds the interactions with that person, accents aside
    zoe = client.get("/journal?q=zoe").text
    assert count(zoe) == sum(1 for i in log if i.contact_ids == [written["ids"]["Zoé"]])
    assert count(client.get("/journal?q=%25").text) == sum(1 for i in log if "%" in i.about)


def test_journal_pages_keep_the_filter(client: TestClient, written: dict) -> None:
    steps = sum(1 for i in written["log"] if "étape" in i.about)
    assert 50 < steps <= 100
    first = client.get("/journal?q=étape", headers={"Accept-Language": "en"}).text
    assert count(first) == steps and rows(first) == 50
    assert 'href="?q=%C3%A9tape&amp;page=2"' in first  # the next page keeps the search
    second = client.get("/journal?q=étape&page=2").text
    assert rows(second) == steps - 50
    past = client.get("/journal?q=vendanges&page=99").text  # past the end: the last page
    assert rows(past) == count(past)  # one page only
    fragment = client.get("/journal?q=vendanges", headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "vendanges" in fragment


def test_ledger_filters_and_pages(client: TestClient, written: dict) -> None:
    log = written["log"]
    recommended = sum(1 for i in log if i.gave)
    html = client.get("/reach/ledger", headers={"Accept-Language": "en"}).text
    assert count(html) == recommended
    assert "Page 1 of 1" not in html and recommended <= 50
    assert count(client.get("/reach/ledger?direction=received").text) == 0
    assert count(client.get("/reach/ledger?kind=recommendation&q=airbus").text) == recommended
    assert count(client.get("/reach/ledger?q=zoe").text) == sum(
        1 for i in log if i.gave and i.contact_ids == [written["ids"]["Zoé"]]
    )
    assert count(client.get("/reach/ledger?direction=nonsense").text) == recommended


def test_a_contacts_journal_by_month_and_channel(client: TestClient, written: dict) -> None:
    jean = written["ids"]["Jean"]
    mine = [i for i in written["log"] if i.contact_ids == [jean]]
    html = client.get(f"/contacts/{jean}", headers={"Accept-Language": "fr"}).text
    months = re.findall(r'<h3 class="month" id="m-(\d{4}-\d\d)">([^<]+)</h3>', html)
    shown = mine[:24]
    expected = sorted({f"{i.occurred_at:%Y-%m}" for i in shown}, reverse=True)
    assert [k for k, _ in months] == expected
    assert mine[0].occurred_at.month == 10 and months[0][1] == "Octobre 2026"
    assert f'href="/journal?q=Jean%20de%20La%20Fontaine"' in html  # the rest, in the journal
    calls = client.get(
        f"/contacts/{jean}/timeline?channel=call", headers={"HX-Request": "true"}
    ).text
    assert "<html" not in calls and 'id="timeline"' in calls
    assert calls.count("<li>") == min(24, sum(1 for i in mine if i.channel is Channel.CALL))
    whole = client.get(f"/contacts/{jean}/timeline?channel=call").text  # without htmx
    assert "<html" in whole and 'id="card"' in whole


def test_today_charts_the_months_against_the_cadence(client: TestClient, written: dict) -> None:
    """Today's bars count the contacts made each month (from what was written); the line is
    the cadence's need: people per circle × 30.4 / the circle's cadence days."""
    from tisser.core.cadence import CadenceSettings

    html = client.get("/", headers={"Accept-Language": "en"}).text
    # TODAY is 2026-11-23 (web_helpers): the bars are June … November
    bars = [int(n) for n in re.findall(r"<tr><th scope=\"row\">[A-Z][a-z]+ 2026</th><td>(\d+)</td>", html)]
    expected = []
    for month in range(6, 12):
        expected.append(
            sum(len(i.contact_ids) for i in written["log"] if i.occurred_at.month == month)
            + (1 if month == 11 else 0) + (0 if month != 5 else 1)  # seed(): Loïc on 20 Nov
        )
    assert bars == expected
    days = CadenceSettings().cadence_days
    circles = {1: 1, 2: 1, 3: 1, 4: 1}  # seed(): one person in each of circles 1 to 4
    need = sum(n * 365.25 / 12 / days[c] for c, n in circles.items() if days.get(c))
    assert f"about {round(need)} contacts a month" in html
    assert "No plan for this week yet." in html  # Today never plans the week by itself


def test_log_from_the_journal(client: TestClient, store: Store, written: dict) -> None:
    from web_helpers import post

    before = store.count_interactions(1)
    r = post(client, "/journal", {"with": "Zoé Abadie, Loïc Marchand", "channel": "lunch",
                                  "date": "2026-11-20", "about": "dégustation"})  # fmt: skip
    assert r.status_code == 303
    assert store.count_interactions(1) == before + 1
    [latest] = [i for i in store.list_interactions(1) if i.about == "dégustation"]
    assert sorted(latest.contact_ids) == sorted([written["ids"]["Zoé"], written["ids"]["Loïc"]])
    assert latest.channel is Channel.LUNCH
    bad = post(client, "/journal", {"with": "Personne Inconnue", "about": "x"},
               headers={"Accept-Language": "fr"})  # fmt: skip
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    assert 'value="Personne Inconnue"' in bad.text  # kept as typed
    assert store.count_interactions(1) == before + 1
    empty = post(client, "/journal", {"with": ""}, headers={"Accept-Language": "en"})
    assert empty.status_code == 400 and "name at least one person" in empty.text
