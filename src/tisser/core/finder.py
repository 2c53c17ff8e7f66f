"""``tisser reach``: the people who match a query, ranked by how well the user can reach them.

A result's rank combines two things the user can check:

* *relevance*: the share of the query's concepts the card holds, each weighted by where it
  was found (:data:`FIELD_WEIGHTS`: a position or an offer says more than a note);
* *reachability*: the score of the best path to the person (:mod:`tisser.core.reach`).

``rank = path score * relevance``. People holding every concept come first;
when nobody does, those holding the most are shown, marked partial. Needs never make
someone a match (a need for a CTO does not make one a CTO): they are for introductions.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Contact
from tisser.core.query import Concept, Field, Hit, match
from tisser.core.reach import MAX_HOPS, Path, ReachGraph

FIELD_WEIGHTS: dict[str, float] = {
    "position": 1.0,
    "offer": 1.0,
    "function": 0.9,
    "organization": 0.9,
    "sector": 0.8,
    "tag": 0.7,
    "city": 0.8,
    "country": 0.7,
    "category": 0.5,
    "notes": 0.4,
}


def card_fields(c: Contact, offers: Iterable[Offer] = ()) -> list[Field]:
    """The fields of a contact that a query can match, offers included (needs excluded).

    Not the name: finding someone by name is ``tisser search``; reach looks for what people
    do and know.
    """
    fields = [
        Field("position", c.position),
        Field("organization", c.organization),
        Field("function", c.function),
        Field("sector", c.sector),
        Field("city", c.city),
        Field("country", c.country),
        *(Field("tag", t) for t in c.tags),
        *(Field("category", t) for t in c.categories),
        Field("notes", c.notes),
    ]
    fields += [Field("offer", o.text) for o in offers if o.kind is OfferKind.OFFER]
    return [f for f in fields if f.text]


@dataclass(frozen=True, slots=True)
class Found:
    """One person who can help: the card, why they match, and the best way to reach them."""

    contact: Contact
    hits: tuple[Hit, ...]
    path: Path
    relevance: float
    complete: bool
    rank: float = field(default=0.0)


def find(
    concepts: Sequence[Concept],
    candidates: Iterable[Contact],
    graph: ReachGraph,
    offers: Mapping[int, list[Offer]] | None = None,
    max_hops: int = MAX_HOPS,
    limit: int = 20,
) -> list[Found]:
    """The people among ``candidates`` who match ``concepts``, best first.

    Candidates with no path of at most ``max_hops`` (archived, or no tie at all) are left
    out. Ties in rank go to the shorter path, then the name.
    """
    if not concepts:
        return []
    offers = offers or {}
    memo: dict[tuple[str, str], bool] = {}
    # Best paths first: once ``limit`` people match every concept, a candidate whose path
    # score is below the last of them cannot enter (relevance is at most 1).
    scored = [(graph.score(c.id, max_hops), c) for c in candidates if c.id is not None]
    scored = [sc for sc in scored if sc[0] > 0]
    scored.sort(key=lambda sc: (-sc[0], sc[1].id))
    found: list[Found] = []
    complete: list[float] = []  # min-heap of the best complete ranks
    for score, c in scored:
        if len(complete) >= limit and score < complete[0]:
            break
        hits = match(concepts, card_fields(c, offers.get(c.id or 0, ())), FIELD_WEIGHTS, memo)
        if not hits:
            continue
        path = graph.best(c.id or 0, max_hops)
        if path is None:
            continue
        relevance = sum(FIELD_WEIGHTS.get(h.kind, 0.5) for h in hits) / len(concepts)
        is_complete = len(hits) == len(concepts)
        rank = path.score * relevance
        found.append(Found(c, tuple(hits), path, relevance, is_complete, rank))
        if is_complete:
            heapq.heappush(complete, rank)
            if len(complete) > limit:
                heapq.heappop(complete)
    best_cover = max((len(f.hits) for f in found), default=0)
    if complete:
        found = [f for f in found if f.complete]
    else:
        found = [f for f in found if len(f.hits) == best_cover]
    # The best ``limit`` by rank (cheap keys), then ordered with names for equal ranks.
    top = heapq.nsmallest(limit, found, key=lambda f: (-f.rank, f.path.hops, f.contact.id))
    top.sort(key=lambda f: (-f.rank, f.path.hops, f.contact.sort_key))
    return top
