"""Giving first: which two of my contacts should meet, and why.

Seed 000 §8: give before you receive; §9: a network of people who resemble us dries up the
flow of information, so introductions that cross worlds are worth the most (Burt 2004,
brokerage: good ideas come from bridging structural holes). A pair scores:

* **need meets offer** (up to 1.0 each way): one's open need matches the other's card or
  offers, with the query matcher of :mod:`tisser.core.query` (stems, synonyms, both
  languages). A need is a sentence, not a query: "un développeur d'applications mobiles pour
  un projet de suivi patient" must meet "développement d'applications mobiles santé", so
  it meets when at least :data:`NEED_COVERAGE` of its terms (and two of them) are found,
  and scores its coverage — the share of its terms found;
* **shared interests** (0.25 per tag in common, at most 0.75), relationship tags such as
  "famille" or "collègue" aside;
* **different worlds** (0.2): different organisation and sector — a bridge, not "entre-soi".

The sum is multiplied by ``sqrt(tie(A) * tie(B))``: the user vouches for both, so knows
both well enough. Pairs already linked ("A knows B") or already introduced are never
proposed; archived contacts neither. A pair with nothing but a different world is not one.
Nobody appears in more than two suggestions, so the list spreads the user's help.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tisser.core.finder import FIELD_WEIGHTS, card_fields
from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Circle, Contact
from tisser.core.names import fold
from tisser.core.query import PREFIX_MIN, Concept, Field, match, parse, text_words
from tisser.core.ties import Tie

NEED_MEETS_OFFER = 1.0
NEED_COVERAGE = 0.5  # share of a need's terms an offer must hold to meet it
PER_SHARED_TAG = 0.25
MAX_SHARED = 0.75
DIFFERENT_WORLDS = 0.2
MAX_PER_PERSON = 2
STRONGEST_FIRST = 300  # people whose shared interests are compared first
MIN_TIE = 0.25  # below this the user does not know someone well enough to vouch for them
RELATIONSHIP_TAGS = frozenset(
    fold(t)
    for t in (
        "famille", "ami", "amie", "collègue", "ancien collègue", "alumni", "client",
        "partenaire", "réseau local", "réseau marketing", "international", "associatif",
        "mentor", "prescripteur", "family", "friend", "colleague", "former colleague",
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason two people should meet: its kind and what it rests on."""

    kind: str  # "need_offer", "shared", "worlds"
    detail: str
    who_needs: int | None = None  # for need_offer: whose need it is
    score: float = 1.0  # for need_offer: the share of the need's terms met


@dataclass(frozen=True, slots=True)
class Pair:
    """A suggested introduction between contacts ``a`` and ``b`` (``a.id < b.id``)."""

    a: Contact
    b: Contact
    score: float
    reasons: tuple[Reason, ...]


def _interests(c: Contact) -> dict[str, str]:
    return {fold(t): t for t in c.tags if fold(t) not in RELATIONSHIP_TAGS}


def _need_hits(
    needs: list[tuple[Offer, list[Concept]]],
    people: list[Contact],
    fields: Mapping[int, list[Field]],
) -> dict[tuple[int, int], list[Reason]]:
    """For each (person with the need, other person) whose card meets it: the reasons, in the
    order of the needs. An index of the cards' words gives, per need, the few people who may
    meet it; :func:`query.match` then decides exactly (not one match per pair of people)."""
    out: dict[tuple[int, int], list[Reason]] = {}
    if not needs:
        return out
    index = _WordIndex(people, fields)
    for need, concepts in needs:
        if not concepts:
            continue
        needed = max(min(2, len(concepts)), math.ceil(NEED_COVERAGE * len(concepts)))
        holders = [index.may_hold(c) for c in concepts]
        counts = Counter(i for h in holders for i in h)
        memo: dict[tuple[str, str], bool] = {}  # cities, organisations... repeat a lot
        for other_id in sorted(i for i, n in counts.items() if n >= needed):
            if other_id == need.contact_id:
                continue
            found = sum(
                1 for c, h in zip(concepts, holders, strict=True)
                if other_id in h and match([c], fields[other_id], FIELD_WEIGHTS, memo=memo)
            )  # fmt: skip
            coverage = found / len(concepts)
            if coverage >= NEED_COVERAGE and found >= min(2, len(concepts)):
                out.setdefault((need.contact_id, other_id), []).append(
                    Reason("need_offer", need.text, need.contact_id, round(coverage, 4))
                )
    return out


class _WordIndex:
    """Who has which word on their card (its text and both stems), and the words in order
    for the prefixes: the people on whose card a concept may start (a superset)."""

    def __init__(self, people: list[Contact], fields: Mapping[int, list[Field]]) -> None:
        self.people: dict[str, set[int]] = {}
        for c in people:
            assert c.id is not None
            for f in fields[c.id]:
                for w in text_words(f.text):
                    for key in (w.text, w.fr, w.en):
                        self.people.setdefault(key, set()).add(c.id)
        self.keys = sorted(self.people)

    def may_hold(self, concept: Concept) -> set[int]:
        found: set[int] = set()
        for phrase in concept.phrases:
            if not phrase:
                continue
            first = phrase[0]
            for key in {first.text, first.fr, first.en}:
                found |= self.people.get(key, set())
            if len(first.text) >= PREFIX_MIN:
                i = bisect_left(self.keys, first.text)
                while i < len(self.keys) and self.keys[i].startswith(first.text):
                    found |= self.people[self.keys[i]]
                    i += 1
        return found


def _sharing_two(interests: Mapping[int, dict[str, str]]) -> set[tuple[int, int]]:
    """The pairs with at least two interests in common, from an index interest → people (a
    pair with one interest and no need met is never suggested, so no other pair counts)."""
    holders: dict[str, list[int]] = {}
    for cid, tags in interests.items():
        for t in tags:
            holders.setdefault(t, []).append(cid)
    seen: dict[tuple[int, int], int] = {}
    for ids in holders.values():
        ids.sort()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                seen[(a, b)] = seen.get((a, b), 0) + 1
    return {k for k, n in seen.items() if n >= 2}


def suggest(
    contacts: Iterable[Contact],
    ties: Mapping[int, Tie],
    offers: Iterable[Offer],
    known_pairs: Iterable[tuple[int, int]],
    limit: int = 20,
) -> list[Pair]:
    """The best introductions to make, best first.

    Only the pairs that can score are looked at: those where a need meets the other's card
    (one scan of the people per open need) and those sharing two interests or more (an
    index of interests); comparing every pair took seconds at a few hundred contacts (#20).
    """
    people = [
        c
        for c in contacts
        if c.id is not None
        and c.circle != Circle.DORMANT
        and ties.get(c.id, Tie(0.0)).strength >= MIN_TIE
    ]
    by_id = {c.id: c for c in people}
    known = {(min(a, b), max(a, b)) for a, b in known_pairs}
    by_contact: dict[int, list[Offer]] = {}
    needs: list[tuple[Offer, list[Concept]]] = []
    for o in offers:
        if not o.is_open:
            continue
        by_contact.setdefault(o.contact_id, []).append(o)
        if o.kind is OfferKind.NEED and o.contact_id in by_id:
            needs.append((o, parse(o.text)))
    fields = {c.id: card_fields(c, by_contact.get(c.id, [])) for c in people if needs}
    hits = _need_hits(needs, people, fields)
    interests = {c.id: _interests(c) for c in people}
    needed = {(min(a, b), max(a, b)) for a, b in hits} - known
    world = {c.id: (fold(c.organization), fold(c.sector)) for c in people}
    sort_key = {c.id: c.sort_key for c in people}
    order = {c.id: i for i, c in enumerate(people)}  # the reasons read in the list's order
    strongest = sorted(people, key=lambda c: (-ties[c.id].strength, c.id))

    def score_of(key: tuple[int, int]) -> float | None:
        a, b = key
        reasons = [*hits.get((a, b), ()), *hits.get((b, a), ())]
        met = sum(r.score for r in reasons)  # each need met scores the share of its terms
        shared = len(interests[a].keys() & interests[b].keys())
        if not met and not shared:
            return None
        score = NEED_MEETS_OFFER * met + (min(MAX_SHARED, PER_SHARED_TAG * shared) if shared else 0)
        wa, wb = world[a], world[b]
        if wa[0] != wb[0] and wa[1] != wb[1]:
            score += DIFFERENT_WORLDS
        if not reasons and shared < 2:
            return None  # a need met, or two interests shared: a pair worth proposing
        return round(score * math.sqrt(ties[a].strength * ties[b].strength), 4)

    def pair(key: tuple[int, int], score: float) -> Pair:
        a, b = sorted((by_id[key[0]], by_id[key[1]]), key=lambda c: order[c.id])
        assert a.id is not None and b.id is not None
        reasons = list(hits.get((a.id, b.id), [])) + list(hits.get((b.id, a.id), []))
        shared = sorted(set(interests[a.id]) & set(interests[b.id]))
        if shared:
            reasons.append(Reason("shared", ", ".join(interests[a.id][s] for s in shared)))
        if world[a.id][0] != world[b.id][0] and world[a.id][1] != world[b.id][1]:
            reasons.append(Reason("worlds", f"{a.sector or '?'} / {b.sector or '?'}"))
        first, second = (a, b) if a.id < b.id else (b, a)
        return Pair(first, second, score, tuple(reasons))

    # Pairs sharing interests only among the strongest ties first: a pair with someone
    # weaker scores at most (0.75 + 0.2) × √(strongest × that strength); once the list is
    # full of better pairs than that, the others cannot enter it (exact, and fast at 30,000).
    first = STRONGEST_FIRST
    while True:
        top = strongest[:first]
        keys = needed | (_sharing_two({c.id: interests[c.id] for c in top}) - known)
        scored = [(sc, k) for k in keys if (sc := score_of(k)) is not None]
        scored.sort(key=lambda t: (-t[0], sort_key[t[1][0]], sort_key[t[1][1]], t[1]))
        chosen = _varied_keys(scored, limit)
        if first >= len(strongest):
            break
        weaker = ties[strongest[first].id].strength
        bound = (MAX_SHARED + DIFFERENT_WORLDS) * math.sqrt(
            ties[strongest[0].id].strength * weaker
        )
        if len(chosen) == limit and chosen[-1][0] > bound + 1e-4:
            break
        first *= 4
    ranked = [pair(k, sc) for sc, k in chosen]
    ranked.sort(key=lambda p: (-p.score, p.a.sort_key, p.b.sort_key, p.a.id or 0, p.b.id or 0))
    return ranked


def _varied_keys(
    scored: list[tuple[float, tuple[int, int]]], limit: int
) -> list[tuple[float, tuple[int, int]]]:
    """The best pairs, each person in at most :data:`MAX_PER_PERSON` of them.

    One need can match many people; a list of ten introductions for the same person is
    less useful than one that spreads the user's help.
    """
    count: dict[int, int] = {}
    out = []
    for sc, ids in scored:
        if any(count.get(i, 0) >= MAX_PER_PERSON for i in ids):
            continue
        for i in ids:
            count[i] = count.get(i, 0) + 1
        out.append((sc, ids))
        if len(out) == limit:
            break
    return out
