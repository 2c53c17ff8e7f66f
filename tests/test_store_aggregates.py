"""Per-contact journal aggregates, timeline and lean contacts, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, Link
from tisser.store import Store


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def test_aggregates_match_the_journal(store: Store) -> None:
    claire = Contact(given_name="Claire", family_name="Dubois", sector="aéro")
    claire.circle, claire.closeness, claire.emails = Circle.ACTIVE, 4, ["c@x.fr"]
    a = store.add_contact(claire)
    b = store.add_contact(Contact(given_name="Marc", family_name="Petit", met_through_id=None))
    c = store.add_contact(Contact(given_name="Nul", family_name="Part"))
    assert a.id and b.id and c.id
    log = [
        (at(2025, 1, 10), [a.id], HelpDirection.GAVE),
        (at(2025, 6, 1), [a.id, b.id], HelpDirection.MUTUAL),
        (at(2026, 3, 5), [a.id], HelpDirection.RECEIVED),
        (at(2026, 3, 20), [b.id], HelpDirection.NONE),
    ]
    for moment, who, direction in log:
        store.add_interaction(Interaction(occurred_at=moment, contact_ids=who, direction=direction))
    store.add_link(Link(a.id, b.id))
    aggs = store.contact_aggregates(1, recent_since=at(2026, 1, 1))
    ca, cb = aggs[a.id], aggs[b.id]
    # Claire: 3 interactions, first 2025-01-10, last 2026-03-05, one in 2026;
    # gave: GAVE + MUTUAL = 2; received: MUTUAL + RECEIVED = 2
    assert (ca.count, ca.first, ca.last, ca.recent, ca.gave, ca.received) == (
        3, at(2025, 1, 10), at(2026, 3, 5), 1, 2, 2)  # fmt: skip
    # Marc: the mutual one and a plain one
    assert (cb.count, cb.recent, cb.gave, cb.received) == (2, 1, 1, 1)
    # help since 2026-01-01 (the plan's year): Claire's RECEIVED only, nothing for Marc
    assert (ca.recent_gave, ca.recent_received) == (0, 1)
    assert (cb.recent_gave, cb.recent_received) == (0, 0)
    assert store.last_channels(1) == {a.id: Channel.MESSAGE, b.id: Channel.MESSAGE}
    assert set(store.last_channels(1, since=at(2026, 3, 10))) == {b.id}
    assert c.id not in aggs
    # the plan reads its candidates only: the same figures, by index seeks
    assert store.contact_aggregates(1, at(2026, 1, 1), contact_ids=[a.id]) == {a.id: ca}
    assert store.contact_aggregates(1, at(2026, 1, 1), contact_ids=[c.id]) == {}
    assert store.interaction_total(1) == 4
    assert store.monthly_interactions(1, since=at(2025, 6, 1)) == [
        ("2025-06", 1), ("2026-03", 2)]  # fmt: skip
    assert store.link_pairs(1) == [(min(a.id, b.id), max(a.id, b.id))]
    lean = {x.id: x for x in store.lean_contacts(1)}
    assert lean[a.id].sector == "aéro" and lean[a.id].closeness == 4
    assert lean[a.id].circle == Circle.ACTIVE and lean[a.id].emails == []
    assert store.contact_aggregates(2) == {}  # another owner sees nothing
