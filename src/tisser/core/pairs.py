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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tisser.core.finder import FIELD_WEIGHTS, card_fields
from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Circle, Contact
from tisser.core.names import fold
from tisser.core.query import Concept, match, parse
from tisser.core.ties import Tie

NEED_MEETS_OFFER = 1.0
NEED_COVERAGE = 0.5  # share of a need's terms an offer must hold to meet it
PER_SHARED_TAG = 0.25
MAX_SHARED = 0.75
DIFFERENT_WORLDS = 0.2
MAX_PER_PERSON = 2
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
    other: Contact,
    offers: Iterable[Offer],
) -> list[Reason]:
    fields = card_fields(other, offers)
    out = []
    for need, concepts in needs:
        if not concepts:
            continue
        found = len(match(concepts, fields, FIELD_WEIGHTS))
        coverage = found / len(concepts)
        if coverage >= NEED_COVERAGE and found >= min(2, len(concepts)):
            out.append(Reason("need_offer", need.text, need.contact_id, round(coverage, 4)))
    return out


def suggest(
    contacts: Iterable[Contact],
    ties: Mapping[int, Tie],
    offers: Iterable[Offer],
    known_pairs: Iterable[tuple[int, int]],
    limit: int = 20,
) -> list[Pair]:
    """The best introductions to make, best first."""
    people = [
        c
        for c in contacts
        if c.id is not None
        and c.circle != Circle.DORMANT
        and ties.get(c.id, Tie(0.0)).strength >= MIN_TIE
    ]
    known = {(min(a, b), max(a, b)) for a, b in known_pairs}
    by_contact: dict[int, list[Offer]] = {}
    needs: dict[int, list[tuple[Offer, list[Concept]]]] = {}
    for o in offers:
        if not o.is_open:
            continue
        by_contact.setdefault(o.contact_id, []).append(o)
        if o.kind is OfferKind.NEED:
            needs.setdefault(o.contact_id, []).append((o, parse(o.text)))
    interests = {c.id: _interests(c) for c in people}
    pairs = []
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            assert a.id is not None and b.id is not None
            key = (min(a.id, b.id), max(a.id, b.id))
            if key in known:
                continue
            reasons = _need_hits(needs.get(a.id, []), b, by_contact.get(b.id, []))
            reasons += _need_hits(needs.get(b.id, []), a, by_contact.get(a.id, []))
            score = NEED_MEETS_OFFER * sum(r.score for r in reasons)
            shared = sorted(set(interests[a.id]) & set(interests[b.id]))
            if shared:
                score += min(MAX_SHARED, PER_SHARED_TAG * len(shared))
                reasons.append(Reason("shared", ", ".join(interests[a.id][s] for s in shared)))
            if not reasons:
                continue
            if fold(a.organization) != fold(b.organization) and fold(a.sector) != fold(b.sector):
                score += DIFFERENT_WORLDS
                reasons.append(Reason("worlds", f"{a.sector or '?'} / {b.sector or '?'}"))
            if not any(r.kind == "need_offer" for r in reasons) and len(shared) < 2:
                continue  # a need met, or two interests shared: a pair worth proposing
            score *= math.sqrt(ties[a.id].strength * ties[b.id].strength)
            first, second = (a, b) if a.id < b.id else (b, a)
            pairs.append(Pair(first, second, round(score, 4), tuple(reasons)))
    pairs.sort(key=lambda p: (-p.score, p.a.sort_key, p.b.sort_key))
    return _varied(pairs, limit)


def _varied(ranked: list[Pair], limit: int) -> list[Pair]:
    """The best pairs, each person in at most :data:`MAX_PER_PERSON` of them.

    One need can match many people; a list of ten introductions for the same person is
    less useful than one that spreads the user's help.
    """
    count: dict[int, int] = {}
    out = []
    for p in ranked:
        ids = (p.a.id or 0, p.b.id or 0)
        if any(count.get(i, 0) >= MAX_PER_PERSON for i in ids):
            continue
        for i in ids:
            count[i] = count.get(i, 0) + 1
        out.append(p)
        if len(out) == limit:
            break
    return out
