"""Writing the demo network to a store, with the store's own ids.

Introducers are written before the people they introduced, so ``met_through_id`` is remapped
as contacts are inserted and no contact needs a second write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from tisser.core.model import LOCAL_OWNER_ID, Contact, Interaction, Link, Profile, make_link
from tisser.demo.generate import generate
from tisser.demo.network import DEFAULT_SEED, DEFAULT_SIZE, DemoNetwork
from tisser.demo.plan import load_plan


class _Store(Protocol):
    """What loading needs of a store: ``tisser.store``'s ``Store`` fits without being imported
    here, and a test can pass a stand-in."""

    def reset(self, owner_id: int) -> Any: ...
    def ensure_owner(self, owner_id: int, name: str) -> Any: ...
    def save_profile(self, profile: Profile) -> Any: ...
    def bulk_add_contacts(self, contacts: list[Contact]) -> list[int]: ...
    def bulk_add_interactions(self, interactions: list[Interaction]) -> int: ...
    def bulk_add_links(self, links: list[Link]) -> int: ...


def _introduction_batches(contacts: list[Contact]) -> Iterator[list[Contact]]:
    """Contacts in batches such that each one's introducer is in an earlier batch."""
    done: set[int] = set()
    remaining = list(contacts)
    while remaining:
        batch = [c for c in remaining if c.met_through_id is None or c.met_through_id in done]
        if not batch:  # a cycle cannot come from generate(); be safe anyway
            batch = remaining
        yield batch
        done.update(c.id for c in batch if c.id is not None)
        ids = {id(c) for c in batch}
        remaining = [c for c in remaining if id(c) not in ids]


def load_demo(
    store: _Store,
    today: date,
    seed: int = DEFAULT_SEED,
    size: int = DEFAULT_SIZE,
    owner_id: int = LOCAL_OWNER_ID,
) -> DemoNetwork:
    """Replace ``owner_id``'s records in ``store`` by the demo network; return it with real ids.

    Contacts are written in batches so an introducer always exists before the contacts it
    introduced (``met_through_id`` is remapped to the store's ids without any update).
    """
    network = generate(today, seed, size)
    profile = replace(network.profile, owner_id=owner_id)
    # One unit of work when the store offers it: tisser's Store joins nested calls (each bulk
    # method opens its own transaction, which then joins this one), so the demo is all or
    # nothing.
    transaction = getattr(store, "transaction", None)
    context: AbstractContextManager[Any] = transaction() if callable(transaction) else nullcontext()
    with context:
        store.reset(owner_id)
        store.ensure_owner(owner_id, f"{profile.given_name} {profile.family_name}")
        store.save_profile(profile)
        real: dict[int, int] = {}
        stored: dict[int, Contact] = {}
        for batch in _introduction_batches(network.contacts):
            copies = [
                replace(
                    c,
                    id=None,
                    owner_id=owner_id,
                    met_through_id=real.get(c.met_through_id) if c.met_through_id else None,
                    categories=list(c.categories),
                    tags=list(c.tags),
                    emails=list(c.emails),
                    phones=list(c.phones),
                )
                for c in batch
            ]
            new_ids = store.bulk_add_contacts(copies)
            for c, copy, new_id in zip(batch, copies, new_ids, strict=True):
                assert c.id is not None
                real[c.id] = new_id
                copy.id = new_id
                stored[c.id] = copy
        contacts = [stored[c.id] for c in network.contacts if c.id is not None]
        interactions = [
            replace(i, id=None, owner_id=owner_id, contact_ids=[real[x] for x in i.contact_ids])
            for i in network.interactions
        ]
        links = [
            make_link(real[lk.a_id], real[lk.b_id], lk.strength, owner_id=owner_id,
                      source=lk.source)
            for lk in network.links
        ]  # fmt: skip
        store.bulk_add_interactions(interactions)
        store.bulk_add_links(links)
        load_plan(store, today, owner_id)
        offers = [
            replace(o, owner_id=owner_id, contact_id=real[o.contact_id]) for o in network.offers
        ]
        add_offer = getattr(store, "add_offer", None)  # a stand-in store may not keep offers
        if callable(add_offer):
            for o in offers:
                add_offer(o)
    return DemoNetwork(profile, contacts, interactions, links, offers)
