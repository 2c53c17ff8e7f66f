"""Offers, needs, introductions and reach candidates in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tisser.core.errors import InvalidInput, NotFound
from tisser.core.introductions import Introduction, IntroStatus, Offer, OfferKind
from tisser.core.model import Contact
from tisser.store import Store


def _people(store: Store) -> tuple[int, int, int]:
    a = store.add_contact(Contact(given_name="Hélène", family_name="Müller", position="DRH",
                                  organization="Thalès"))  # fmt: skip
    b = store.add_contact(Contact(given_name="Marc", family_name="Petit", notes="cybersécurité"))
    other = store.add_contact(Contact(owner_id=2, given_name="Zoé", position="DRH"))
    assert a.id and b.id and other.id
    return a.id, b.id, other.id


def test_offers_and_needs(store: Store) -> None:
    a, b, other = _people(store)
    o = store.add_offer(Offer(contact_id=a, kind=OfferKind.OFFER, text="  conseils   export "))
    assert o.text == "conseils export" and o.is_open
    store.add_offer(Offer(contact_id=b, kind=OfferKind.NEED, text="un CTO"))
    assert [x.text for x in store.offers(kind=OfferKind.NEED)] == ["un CTO"]
    assert [x.contact_id for x in store.offer_matches(["expo"])] == [a]
    assert store.offer_matches(["expo"], owner_id=2) == []
    store.close_offer(o.id or 0)
    assert store.offer_matches(["expo"]) == []
    assert len(store.offers(include_closed=True)) == 2
    with pytest.raises(InvalidInput):
        store.add_offer(Offer(contact_id=a, kind=OfferKind.OFFER, text="   "))
    with pytest.raises(NotFound):
        store.add_offer(Offer(contact_id=other, kind=OfferKind.OFFER, text="x"))
    with pytest.raises(NotFound):
        store.close_offer(999)


def test_fulltext_candidates_any_prefix_one_owner(store: Store) -> None:
    a, b, other = _people(store)
    assert set(store.fulltext_candidates(["drh", "cyber"])) == {a, b}
    assert store.fulltext_candidates(["thale"]) == [a]  # accents folded
    assert store.fulltext_candidates(["drh"], owner_id=2) == [other]
    assert store.fulltext_candidates(['"*:(', "&|!"]) == []


def test_introductions_and_erasure(store: Store) -> None:
    a, b, _ = _people(store)
    intro = store.add_introduction(Introduction(a_id=a, b_id=b, reason="voile"))
    assert intro.status is IntroStatus.PROPOSED and intro.id
    done = store.update_introduction(intro.id, status=IntroStatus.ASKED_A, outcome="ok")
    assert done.status is IntroStatus.ASKED_A and done.outcome == "ok"
    assert [i.id for i in store.list_introductions()] == [intro.id]
    assert store.list_introductions(owner_id=2) == []
    with pytest.raises(NotFound):
        store.get_introduction(intro.id, owner_id=2)
    with pytest.raises(InvalidInput):
        store.add_introduction(Introduction(a_id=a, b_id=a))
    store.add_offer(Offer(contact_id=a, kind=OfferKind.OFFER, text="conseils"))
    store.delete_contact(a)  # RGPD erasure removes their offers and introductions
    assert store.list_introductions() == []
    assert store.offers(include_closed=True) == []


def test_fulltext_candidates_and_within_a_phrase(store: Store) -> None:
    a = store.add_contact(Contact(given_name="Anne", position="Responsable produit"))
    store.add_contact(Contact(given_name="Bruno", position="Responsable paie"))
    c = store.add_contact(Contact(given_name="Chloé", position="Product manager"))
    found = store.fulltext_candidates([("respons", "produit"), ("product", "manag")])
    assert set(found) == {a.id, c.id}


def test_fulltext_all_intersects_concepts_in_the_index(store: Store) -> None:
    a = store.add_contact(Contact(given_name="Anne", position="DRH", city="Bordeaux"))
    store.add_contact(Contact(given_name="Bruno", position="DRH", city="Paris"))
    store.add_contact(Contact(given_name="Chloé", position="CTO", city="Bordeaux"))
    assert store.fulltext_all([["drh"], ["bordeaux"]]) == [a.id]
    assert store.fulltext_all([["drh"], []]) == []
