"""Full-text search on both backends: accents, case, prefixes, fields, hostile queries."""

from __future__ import annotations

import pytest

from tisser.core.model import Contact
from tisser.store import Store


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    rows = {
        "helene": Contact(
            given_name="Hélène",
            family_name="Müller",
            organization="Airbus",
            position="Ingénieure",
            city="Toulouse",
        ),
        "oeuvre": Contact(
            given_name="Anne",
            family_name="Œuvre",
            tags=["Randonnée"],
            notes="Rencontrée au salon du livre; passionnée de kitesurf.",
        ),
        "hello": Contact(
            given_name="Helmut",
            family_name="Schmidt",
            organization="Siemens",
            categories=["Fournisseur"],
            emails=["helmut@siemens.example"],
        ),
        "marc": Contact(
            given_name="Marc",
            family_name="Durand",
            organization="Air Liquide",
            notes="Connaît Hélène depuis l'école.",
        ),
    }
    return {k: store.add_contact(c).id or 0 for k, c in rows.items()}


def ids(store: Store, query: str) -> set[int]:
    return {h.contact.id or 0 for h in store.search(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("helene", {"helene", "marc"}),
        ("Hélène", {"helene", "marc"}),
        ("HÉLÈNE MÜLLER", {"helene"}),
        ("muller", {"helene"}),
        ("MÜLLER", {"helene"}),
        ("oeuvre", {"oeuvre"}),
        ("Œuvre", {"oeuvre"}),
        ("airb", {"helene"}),
        ("air", {"helene", "marc"}),
        ("randonnee", {"oeuvre"}),
        ("kitesurf", {"oeuvre"}),
        ("kite", {"oeuvre"}),
        ("fournisseur", {"hello"}),
        ("siemens", {"hello"}),
        ("hel", {"helene", "hello", "marc"}),
        ("hel toul", {"helene"}),
        ("ingenieure", {"helene"}),
        ("nobody", set()),
    ],
)
def test_search_finds(store: Store, people: dict[str, int], query: str, expected: set[str]) -> None:
    assert ids(store, query) == {people[k] for k in expected}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND (",
        "*",
        "'",
        "a:*",
        "! & |",
        "NEAR(a b)",
        "x OR",
        "--",
        "\\",
        "(",
        ")",
        "'; DROP TABLE contacts; --",
        "",
        "   ",
        "^",
        "héllo\x00",
    ],
)
def test_hostile_queries_do_not_raise(store: Store, people: dict[str, int], query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count_contacts() == 4


def test_rank_snippet_and_limit(store: Store, people: dict[str, int]) -> None:
    hits = store.search("helene")
    assert hits[0].contact.id == people["helene"]  # in the name beats in the notes
    assert hits[0].rank >= hits[1].rank
    assert hits[0].snippet.startswith("name:")
    assert "Hélène" in hits[0].snippet
    assert hits[1].snippet.startswith("notes:")
    airbus = store.search("airb")[0]
    assert airbus.snippet == "organization: Airbus"
    assert store.search("kitesurf")[0].snippet.startswith("notes:")
    assert len(store.search("hel", limit=1)) == 1


def test_index_follows_updates_and_deletes(store: Store, people: dict[str, int]) -> None:
    c = store.get_contact(people["hello"])
    store.update_contact(c.__class__(**{**_fields(c), "organization": "Bosch"}))
    assert ids(store, "siemens") == {people["hello"]}  # still in the e-mail
    assert ids(store, "bosch") == {people["hello"]}
    store.delete_contact(people["hello"])
    assert ids(store, "bosch") == set()
    assert ids(store, "hel") == {people["helene"], people["marc"]}


def _fields(c: Contact) -> dict[str, object]:
    import dataclasses

    return {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}
