"""Generating the demo network: each step, in an order that must not move.

Every step draws from the one ``random.Random(seed)``, so moving a step or a draw changes
every network generated after it: a seed's network stays the same only while the order does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import LOCAL_OWNER_ID, Channel, Circle, Energy, RelationalProfile
from tisser.demo.cast import CAST
from tisser.demo.circles import closeness_for, fill_circles
from tisser.demo.clusters import CLUSTERS
from tisser.demo.contacts import Person, cast_contact, cast_person, random_contact
from tisser.demo.history import design_history, interactions_of
from tisser.demo.links import draw_links
from tisser.demo.network import DEFAULT_SEED, DEFAULT_SIZE, MIN_SIZE, DemoNetwork
from tisser.demo.offers import demo_offers
from tisser.demo.people import F, Namer
from tisser.demo.user import user_profile


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _can_introduce(q: Person, met_on: date) -> bool:
    """Whether ``q`` can have introduced someone met on ``met_on`` (no introduction loops)."""
    if q.contact.met_on is None:
        return q.cluster == "famille"
    return q.contact.met_on < met_on and q.contact.met_through_id is None


def generate(today: date, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE) -> DemoNetwork:
    """Generate the demo network as it stands on ``today``.

    Same ``today``, ``seed`` and ``size``: same network. Contact ids are ``1..size``.
    """
    if size < MIN_SIZE:
        raise InvalidInput(
            N_("the demo network needs at least {minimum} contacts, not {size}"),
            hint=N_("use --size {minimum} or more"),
            minimum=MIN_SIZE,
            size=size,
        )
    rng = random.Random(seed)
    namer = Namer(rng)
    yesterday = today - timedelta(days=1)

    # 1. The cast, then people drawn from each community.
    people: list[Person] = []
    for cast in CAST:
        namer.take(cast.given, cast.particle, cast.family)
        person = Person(cast_contact(rng, cast, today), cast.cluster, cast.help)
        if cast.last_gap is not None:
            person.last = today - timedelta(days=cast.last_gap)
        people.append(person)
    drawn = [c for c in CLUSTERS if c.weight > 0]
    counts = _spread(size - len(people), [c.weight for c in drawn])
    randoms: list[Person] = []
    for cluster, n in zip(drawn, counts, strict=True):
        for _ in range(n):
            randoms.append(Person(random_contact(rng, namer, cluster, today), cluster.key))
    rng.shuffle(randoms)  # people are entered in no particular order

    # 2. Circles: fill the Dunbar quotas by each community's affinity.
    fill_circles(rng, people, randoms, size)
    people.extend(randoms)
    for i, p in enumerate(people, start=1):
        p.contact.id = i
        if p.contact.closeness is None and i > len(CAST):
            p.contact.closeness = closeness_for(rng, p.contact.circle)

    by_cluster: dict[str, list[Person]] = {}
    for p in people:
        by_cluster.setdefault(p.cluster, []).append(p)

    # 3. Relational profiles of the drawn people.
    for p in randoms:
        c = p.contact
        r = rng.random()
        if r < 0.025 and c.seniority in ("senior", "executive"):
            c.relational_profile = RelationalProfile.SUPER_CONNECTOR
            c.energy = Energy.EXTRAVERT
        elif r < 0.08 and c.seniority in ("senior", "executive"):
            c.relational_profile = RelationalProfile.MENTOR
        elif r < 0.2:
            c.relational_profile = RelationalProfile.EXPERT
        elif r < 0.35:
            c.relational_profile = RelationalProfile.RESERVED
            if c.energy == Energy.EXTRAVERT:
                c.energy = Energy.INTROVERT
    connectors = [p for p in people if p.contact.relational_profile
                  == RelationalProfile.SUPER_CONNECTOR]  # fmt: skip

    # 4. Introductions: some people were introduced by someone met before them.
    for p in randoms:
        c = p.contact
        if c.met_on is None or rng.random() >= 0.16 or c.circle == Circle.FIRST:
            continue
        same = [q for q in by_cluster[p.cluster] if q is not p]
        pool_ = [q for q in connectors if q.cluster != p.cluster] if rng.random() < 0.4 else same
        if p.cluster == "aero" and rng.random() < 0.4:
            pool_ = [cast_person(people, "Loïc")]  # the brother at Safran
        eligible = [q for q in pool_ if _can_introduce(q, c.met_on)]
        if not eligible:
            continue
        intro = rng.choice(eligible).contact
        c.met_through_id = intro.id
        verb = "présentée" if c.gender == F else "présenté"
        c.met_how = f"{verb} par {intro.display_name}"
        c.met_channel = rng.choice((Channel.LUNCH, Channel.EMAIL, Channel.EVENT))

    # 5. Interaction histories.
    for p in people:
        design_history(rng, p, today)

    # Help styles: a few people the user always receives from, a few she always gives to.
    active = [p for p in randoms if p.last is not None and p.contact.circle <= Circle.WIDER
              and p.contact.circle >= Circle.SECOND and len(p.dates) >= 2]  # fmt: skip
    mentors = [p for p in active if p.contact.seniority == "executive"]
    for p in rng.sample(mentors, k=min(3, len(mentors))):
        p.help = "received_only"
        if p.contact.relational_profile is None:
            p.contact.relational_profile = RelationalProfile.MENTOR
    juniors = [p for p in active if p.contact.seniority == "junior" and p.help == "mixed"]
    for p in rng.sample(juniors, k=min(4, len(juniors))):
        p.help = "gave_only"
    dormant_wider = [p for p in randoms if p.contact.circle == Circle.WIDER
                     and p.last is not None and (today - p.last).days > 365]  # fmt: skip
    for p in rng.sample(dormant_wider, k=min(4, len(dormant_wider))):
        p.force_help = True  # valuable dormant ties: help exchanged, then silence

    # 6. Interactions, with co-participants for some lunches and events.
    interactions, link_extra = interactions_of(rng, people, by_cluster)
    assert all(e.occurred_at and e.occurred_at.date() <= yesterday for e in interactions)

    links = draw_links(rng, people, by_cluster, connectors, link_extra)
    contacts = [p.contact for p in people]
    offers = demo_offers(contacts)  # read off the cards: no draw, nothing above moves
    return DemoNetwork(user_profile(LOCAL_OWNER_ID), contacts, interactions, links, offers)
