"""Helpers of the web tests: an app over a store, a client that knows its CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from tisser.core.model import Circle, Contact, Interaction
from tisser.core.names import split_particle
from tisser.store import Store, open_store
from tisser.web.app import build_app
from tisser.web.security import CSRF_COOKIE

TODAY = date(2026, 11, 23)
BASE = "http://127.0.0.1"


@pytest.fixture(name="store")
def web_store(db_url: str) -> Iterator[Store]:
    """The ``store`` of the web tests: with its owner (user 1), as ``tisser web`` opens it.
    A module takes it by importing ``web_store`` (named ``store`` for its tests)."""
    s = open_store(db_url)
    s.ensure_owner(1)
    try:
        yield s
    finally:
        s.close()


def client_for(store: Store, **kwargs: object) -> TestClient:
    app = build_app(store, today=lambda: TODAY)
    client = TestClient(app, base_url=BASE, **kwargs)  # type: ignore[arg-type]
    client.get("/journal")  # receives its CSRF cookie
    return client


def token(client: TestClient) -> str:
    value = client.cookies.get(CSRF_COOKIE)
    assert value, "no CSRF cookie"
    return value


def post(client: TestClient, url: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    """A form POST carrying the token, redirects not followed."""
    return client.post(
        url,
        data={"csrf_token": token(client), **(data or {})},
        follow_redirects=False,
        **kw,  # type: ignore[arg-type]
    )


def seed(store: Store) -> dict[str, int]:
    """A small network: names with accents, circles, one interaction each for some."""
    people = [
        ("Hélène", "Müller", "Airbus", "Toulouse", Circle.SECOND, ["aéro"]),
        ("Jean", "de La Fontaine", "Fables SA", "Paris", Circle.ACTIVE, ["édition"]),
        ("Loïc", "Marchand", "Safran", "Bordeaux", Circle.FIRST, []),
        ("Zoé", "Abadie", "Vinolib", "Bordeaux", Circle.WIDER, ["vin"]),
        ("Old", "Friend", "", "Lyon", Circle.DORMANT, []),
    ]
    ids: dict[str, int] = {}
    for given, family, org, city, circle, tags in people:
        particle, fam = split_particle(family)
        c = store.add_contact(
            Contact(
                given_name=given,
                particle=particle,
                family_name=fam,
                organization=org,
                city=city,
                circle=circle,
                tags=tags,
            )
        )
        assert c.id is not None
        ids[given] = c.id
    store.add_interaction(
        Interaction(
            occurred_at=datetime(2026, 11, 20, 11, tzinfo=UTC),
            contact_ids=[ids["Loïc"]],
            about="padel",
        )
    )
    store.add_interaction(
        Interaction(
            occurred_at=datetime(2026, 5, 2, 11, tzinfo=UTC),
            contact_ids=[ids["Hélène"]],
            about="salon",
        )
    )
    return ids


def rows(html: str) -> list[str]:
    """The contact names of a contacts table, in order."""
    return re.findall(r'<td class="name"><a href="/contacts/\d+">([^<]*)</a>', html)
