"""``Store.search_ids``: the ids of ``Store.search``'s hits, in the same order, one owner's."""

from __future__ import annotations

import pytest

from tisser.core.model import Contact
from tisser.store import Store

PEOPLE = [
    ("Hélène", "Müller", "Airbus", "Toulouse"),
    ("Helmut", "Schmidt", "Siemens", "Hellemmes"),
    ("Marc", "Durand", "Air Liquide", "Toulouse"),
    ("Anne", "Hélias", "Consultante", "Brest"),
    ("Jean", "Conseil", "Helios", "Paris"),
]


@pytest.fixture
def network(store: Store) -> None:
    for owner in (1, 2):  # owner 2 has the same people: never in owner 1's hits
        store.ensure_owner(owner)
        for given, family, org, city in PEOPLE:
            store.add_contact(
                Contact(
                    owner_id=owner,
                    given_name=given,
                    family_name=family,
                    organization=org,
                    city=city,
                )
            )


@pytest.mark.parametrize("query", ["h", "hel", "helene", "toul", "con", "air liq", "zzz", " "])
@pytest.mark.parametrize("limit", [2, 20])
def test_the_same_hits_as_search_in_the_same_order(
    store: Store, network: None, query: str, limit: int
) -> None:
    for owner in (1, 2):
        expected = [h.contact.id for h in store.search(query, owner, limit)]
        assert store.search_ids(query, owner, limit) == expected
        mine = {c.id for c in store.find_contacts_by_name("Hélène Müller", owner)}
        if query == "helene":
            assert set(expected) & mine  # the owner's own Hélène, not the other one's
