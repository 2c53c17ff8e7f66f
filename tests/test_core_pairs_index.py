"""``pairs.suggest`` looks only at the pairs that can score (#20): same answer as comparing
every pair.

The reference below is the plain definition (every pair, ``query.match`` on each), written
again here; random networks with needs, offers, interests and known pairs must give the same
suggestions, scores and reasons.
"""

from __future__ import annotations

import math
import random

import pytest

from tisser.core import pairs
from tisser.core.finder import FIELD_WEIGHTS, card_fields
from tisser.core.introductions import Offer, OfferKind
from tisser.core.model import Circle, Contact
from tisser.core.names import fold
from tisser.core.query import match, parse
from tisser.core.ties import Tie

TAGS = ["vin", "export", "RH", "golf", "padel", "IA", "data", "famille", "luxe", "Chine"]
JOBS = ["recruteuse", "développeur", "avocat", "comptable", "chargée de marketing", "DRH"]
CITIES = ["Bordeaux", "Paris", "Lyon", "Pessac"]
NEEDS = ["un recruteur à Bordeaux", "un avocat", "quelqu'un dans le vin", "un développeur IA",
         "export en Chine", "un comptable à Paris"]  # fmt: skip


def reference(contacts, ties, offers, known, limit):  # type: ignore[no-untyped-def]
    people = [c for c in contacts if c.circle != Circle.DORMANT and ties[c.id].strength >= pairs.MIN_TIE]
    known = {(min(a, b), max(a, b)) for a, b in known}
    open_offers = [o for o in offers if o.is_open]
    out = []
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if (min(a.id, b.id), max(a.id, b.id)) in known:
                continue
            reasons = []
            for x, y in ((a, b), (b, a)):
                fields = card_fields(y, [o for o in open_offers if o.contact_id == y.id])
                for o in open_offers:
                    if o.contact_id == x.id and o.kind is OfferKind.NEED:
                        concepts = parse(o.text)
                        if concepts and len(match(concepts, fields, FIELD_WEIGHTS)) == len(concepts):
                            reasons.append(("need_offer", o.text, x.id))
            score = float(len(reasons))
            ia = {fold(t): t for t in a.tags if fold(t) not in pairs.RELATIONSHIP_TAGS}
            ib = {fold(t) for t in b.tags if fold(t) not in pairs.RELATIONSHIP_TAGS}
            shared = sorted(set(ia) & ib)
            if shared:
                score += min(0.75, 0.25 * len(shared))
                reasons.append(("shared", ", ".join(ia[s] for s in shared), None))
            if not reasons:
                continue
            if fold(a.organization) != fold(b.organization) and fold(a.sector) != fold(b.sector):
                score += 0.2
                reasons.append(("worlds", f"{a.sector or '?'} / {b.sector or '?'}", None))
            if score < 1 and len(shared) < 2:
                continue
            score *= math.sqrt(ties[a.id].strength * ties[b.id].strength)
            first, second = sorted((a.id, b.id))
            out.append((round(score, 4), first, second, tuple(reasons)))
    return out


def network(seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    contacts = [
        Contact(
            id=i,
            given_name=f"P{i:03d}",
            family_name=rng.choice(["Durand", "Martin", "Petit"]),
            position=rng.choice(JOBS),
            organization=rng.choice(["Thales", "Safran", "Cdiscount", ""]),
            sector=rng.choice(["vin", "aéro", "conseil", ""]),
            city=rng.choice(CITIES),
            circle=rng.choice(list(Circle)),
            tags=rng.sample(TAGS, rng.randint(0, 4)),
        )
        for i in range(1, 90)
    ]
    ties = {c.id: Tie(rng.random()) for c in contacts}
    offers = [
        Offer(contact_id=rng.randint(1, 89), kind=OfferKind.NEED, text=rng.choice(NEEDS))
        for _ in range(8)
    ] + [
        Offer(contact_id=rng.randint(1, 89), kind=OfferKind.OFFER, text=rng.choice(NEEDS)[3:])
        for _ in range(8)
    ]
    known = [(rng.randint(1, 89), rng.randint(1, 89)) for _ in range(40)]
    return contacts, ties, offers, known


@pytest.mark.parametrize("first", [300, 7])  # all at once; the strongest 7 first, then more
@pytest.mark.parametrize("seed", range(6))
def test_same_suggestions_as_every_pair(
    seed: int, first: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pairs, "STRONGEST_FIRST", first)
    contacts, ties, offers, known = network(seed)
    expected = reference(contacts, ties, offers, known, 10)
    assert expected, "the random network should have suggestions"
    got = pairs.suggest(contacts, ties, offers, known, limit=len(expected) + 5)
    # the reference is unordered and uncapped: compare the capped, sorted list
    expected.sort(key=lambda p: (-p[0], p[1], p[2]))
    by_key = {(p[1], p[2]): p for p in expected}
    assert len(got) > 0
    for p in got:
        score, _, _, reasons = by_key[(p.a.id, p.b.id)]
        assert p.score == score
        assert tuple((r.kind, r.detail, r.who_needs) for r in p.reasons) == reasons
    # every pair the reference scores higher than the last suggestion was suggested or capped
    capped = {c for p in got for c in (p.a.id, p.b.id)}
    floor = got[-1].score
    for score, a, b, _ in expected:
        if score > floor and not any((p.a.id, p.b.id) == (a, b) for p in got):
            assert a in capped or b in capped, (a, b, score)
