"""Reach and introductions: the network loaded once per request, the contacts that may
hold what is sought, the draft's context, and the double opt-in steps (``tisser reach``,
``ask``, ``intro`` and the web's Reach pages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from tisser.app.context import State, local_zone
from tisser.core import drafts, pairs, query
from tisser.core.dates import at
from tisser.core.introductions import (
    STEP_LOGS,
    Introduction,
    Offer,
    OfferKind,
    next_status,
)
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, make_link
from tisser.core.reach import ReachGraph
from tisser.core.ties import Tie
from tisser.i18n import _
from tisser.present.reach import when
from tisser.settings import load_settings
from tisser.strengths import reach_ties


@dataclass
class Network:
    """Everything reach and the introductions read, loaded once per command."""

    contacts: dict[int, Contact]
    ties: dict[int, Tie]
    graph: ReachGraph
    offers: dict[int, list[Offer]]


def load_network(state: State) -> Network:
    """The owner's contacts, ties and graph, the tie strengths those of the diagnosis.

    The ties (:class:`~tisser.core.ties.Tie`) come from :func:`tisser.strengths.reach_ties`:
    #4's tie strength, cadence and reciprocity with the settings file, computed from
    per-contact aggregates (never every interaction).
    """
    from tisser.store import ContactFilter

    store = state.store
    people = store.list_contacts(ContactFilter(include_archived=True), state.owner_id)
    settings = load_settings().diagnosis
    ties = reach_ties(store, people, state.owner_id, state.today, local_zone(), settings)
    archived = [c.id for c in people if c.circle == Circle.DORMANT and c.id is not None]
    graph = ReachGraph(ties, store.all_links(state.owner_id), archived=archived)
    offers: dict[int, list[Offer]] = {}
    for o in store.offers(state.owner_id):
        offers.setdefault(o.contact_id, []).append(o)
    return Network({c.id: c for c in people if c.id is not None}, ties, graph, offers)


def _offer_holders(concept: query.Concept, offers: Mapping[int, list[Offer]] | None) -> set[int]:
    starts = query.prefixes([concept])
    return {
        cid
        for cid, items in (offers or {}).items()
        if any(
            w.startswith(p)
            for o in items
            if o.kind is OfferKind.OFFER
            for w in query.folded_words(o.text)
            for p in starts
        )
    }


def candidate_ids(
    store: Any,
    concepts: list[query.Concept],
    owner_id: int,
    offers: Mapping[int, list[Offer]] | None = None,
) -> set[int]:
    """Contacts the index says may hold every concept (or any, when none holds them all).

    Each concept is a full-text query (each phrase's words ANDed, the phrases ORed). When
    no offer holds any concept, the index intersects the concepts itself (one query, few
    rows); otherwise, or when nobody holds them all, one query per concept on one
    connection, with the offers' holders added, intersected here (or united, for the
    partial matches).
    """
    groups = [query.phrase_prefixes(c) for c in concepts]
    holders = [_offer_holders(c, offers) for c in concepts]
    if not any(holders):
        both = set(store.fulltext_all(groups, owner_id))
        if both:
            return both
    sets = store.fulltext_candidate_sets(groups, owner_id)
    for ids, extra in zip(sets, holders, strict=True):
        ids |= extra
    both = set.intersection(*sets) if sets else set()
    return both or set().union(*sets)


def draft_context(state: State, net: Network, c: Contact, lang: str) -> drafts.DraftContext:
    """What the draft says about me and ``c``: how we met, our last exchange, what I give."""
    profile = state.store.get_profile(state.owner_id)
    me = " ".join(p for p in ((profile.given_name, profile.family_name) if profile else ()) if p)
    tie = net.ties.get(c.id or 0)
    history = [i for i in state.interactions() if c.id in i.contact_ids and i.occurred_at]
    last = max(history, key=lambda i: (i.occurred_at, i.id or 0)) if history else None
    needs = [o.text for o in net.offers.get(c.id or 0, []) if o.kind is OfferKind.NEED]
    give = ", ".join((profile.skills if profile else [])[:3])
    return drafts.DraftContext(
        first_name=c.given_name or c.display_name,
        my_name=me,
        familiar=c.circle <= Circle.SECOND,
        since_year=c.met_on.year if c.met_on else None,
        met_how=c.met_how,
        last_when=when(last.occurred_at.date(), state.today, lang)
        if last and last.occurred_at
        else "",
        last_about=last.about if last else "",
        long_ago=bool(tie and tie.overdue),
        give_back=give,
        their_need=needs[0] if needs else "",
    )


def known_pairs(state: State) -> set[tuple[int, int]]:
    """Pairs who already know each other (a link) or were already proposed."""
    known = {(lk.a_id, lk.b_id) for lk in state.store.all_links(state.owner_id)}
    for i in state.store.list_introductions(state.owner_id):
        known.add((min(i.a_id, i.b_id), max(i.a_id, i.b_id)))
    return known


def reasons_for(net: Network, a: Contact, b: Contact) -> tuple[pairs.Reason, ...]:
    offers = [o for items in net.offers.values() for o in items]
    for p in pairs.suggest([a, b], net.ties, offers, set(), 1):
        return p.reasons
    return ()


def advance_introduction(
    state: State, intro_id: int, step: str, outcome: str | None = None
) -> tuple[Introduction, Contact, Contact]:
    """Move introduction ``intro_id`` one step of the double opt-in (``tisser intro`` and the
    web's Reach page): log what was said to whom, link the pair once introduced; the saved
    introduction and its two people."""
    intro = state.store.get_introduction(intro_id, state.owner_id)
    status = next_status(intro, step)
    moment = at(state.today, time(12, 0), local_zone())
    a = state.store.get_contact(intro.a_id, state.owner_id)
    b = state.store.get_contact(intro.b_id, state.owner_id)
    with state.store.transaction():
        who = STEP_LOGS[step]
        if who:
            ids = [intro.a_id if w == "a" else intro.b_id for w in who]
            gave = {
                "asked-a": _("asked whether they would like to meet {name}").format(
                    name=b.display_name
                ),
                "asked-b": _("asked whether they would like to meet {name}").format(
                    name=a.display_name
                ),
                "introduced": _("introduction: {a} ↔ {b}").format(
                    a=a.display_name, b=b.display_name
                ),
            }[step]
            state.store.add_interaction(
                Interaction(
                    owner_id=state.owner_id,
                    occurred_at=moment,
                    channel=Channel.EMAIL if step == "introduced" else Channel.MESSAGE,
                    contact_ids=ids,
                    direction=HelpDirection.GAVE,
                    gave=gave,
                    about=f"#intro {intro_id}",
                )
            )
        if step == "introduced":
            state.store.add_link(
                make_link(a.id or 0, b.id or 0, None, owner_id=state.owner_id, source="intro")
            )
        saved = state.store.update_introduction(
            intro_id, state.owner_id, status=status, outcome=outcome
        )
    return saved, a, b
