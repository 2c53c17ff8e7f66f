"""The Diagnostic page and the contact's "why" panel (web, #8 over #4), on SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tisser.core.model import Circle, Contact
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
    xss = store.add_contact(Contact(given_name=XSS, family_name="Injection", circle=Circle.ACTIVE))
    assert xss.id is not None
    found["xss"] = xss.id
    return found


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


def en(client: TestClient) -> None:
    post(client, "/language", {"lang": "en", "back": "/"})


def test_diagnosis_page_has_findings_charts_and_map(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    en(client)
    r = client.get("/diagnosis")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Diagnosis of your network</h1>" in html
    assert "In short" in html and "Every finding" in html
    # #4's server-side charts: cadence donut, circles, effort, timeline
    assert html.count('class="chart"') >= 4
    # the map: one node per contact outside the dormant circle, and its script as a file
    nodes = {
        int(x)
        for x in re.findall(
            r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="[^"]+" data-id="(\d+)"', html
        )
    }
    assert nodes == {v for k, v in ids.items() if k != "Old"}
    assert '<script src="/static/netmap.js" defer></script>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script (CSP)
    assert 'id="cluster-filter"' in html and 'class="circle-filter"' in html
    # links to the contacts named by the findings go to existing contacts
    linked = {int(x) for x in re.findall(r'href="/contacts/(\d+)"', html)}
    assert linked and linked <= set(ids.values())
    assert "Why?" in html


def test_the_map_script_is_served(client: TestClient) -> None:
    r = client.get("/static/netmap.js")
    assert r.status_code == 200
    assert '"/contacts/" + n.getAttribute("data-id")' in r.text
    assert "cluster-filter" in r.text


def test_diagnosis_escapes_names(client: TestClient, ids: dict[str, int]) -> None:
    html = client.get("/diagnosis").text
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_diagnosis_in_french(client: TestClient, ids: dict[str, int]) -> None:
    post(client, "/language", {"lang": "fr", "back": "/"})
    html = client.get("/diagnosis").text
    assert "<h1>Diagnostic de votre réseau</h1>" in html
    assert "En bref" in html
    assert '<a href="/diagnosis" aria-current="page">Diagnostic</a>' in html


def test_empty_network(client: TestClient) -> None:
    en(client)
    r = client.get("/diagnosis")
    assert r.status_code == 200
    assert "Your network is empty: nothing to diagnose yet." in r.text
    assert 'id="netmap"' not in r.text


def test_why_panel(client: TestClient, ids: dict[str, int]) -> None:
    en(client)
    contact = client.get(f"/contacts/{ids['Hélène']}").text
    assert f'hx-get="/contacts/{ids["Hélène"]}/why"' in contact
    full = client.get(f"/contacts/{ids['Hélène']}/why")
    assert full.status_code == 200 and "<html" in full.text
    panel = client.get(f"/contacts/{ids['Hélène']}/why", headers={"HX-Request": "true"}).text
    assert "<html" not in panel
    # last contact on 2 May, circle 2 (cadence 30 days in the default settings)
    assert "overdue" in panel or "cooling" in panel
    assert "cadence for circle 2: 30 days" in panel
    for part in ("closeness", "recency", "intensity", "duration", "reciprocity", "in common"):
        assert f"<td>{part}</td>" in panel
    # the six weights shown add up to 1 (strength = weighted sum of its parts)
    weights = re.findall(r'<td class="num">[^<]*</td><td class="num">([^<]*)</td>', panel)
    assert len(weights) == 6
    assert sum(float(x) for x in weights) == pytest.approx(1.0)


def test_why_escapes_and_unknown_contact(client: TestClient, ids: dict[str, int]) -> None:
    panel = client.get(f"/contacts/{ids['xss']}/why").text
    assert XSS not in panel and "&lt;script&gt;" in panel
    r = client.get("/contacts/99999/why")
    assert r.status_code == 404
    assert "Traceback" not in r.text
