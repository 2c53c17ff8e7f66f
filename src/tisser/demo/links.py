"""Who knows whom ("A knows B"): dense inside communities, sparse between, bridged.

The diagnosis looks for communities, brokers and bridges; these links give it real
communities and a few super-connectors and mentors across them to find.
"""

from __future__ import annotations

import random

from tisser.core.model import Link, RelationalProfile, make_link
from tisser.demo.clusters import BETWEEN_P, CLUSTER_BY_KEY
from tisser.demo.contacts import Person, cast_person
from tisser.demo.network import DEFAULT_SIZE


def draw_links(
    rng: random.Random,
    people: list[Person],
    by_cluster: dict[str, list[Person]],
    connectors: list[Person],
    extra: list[tuple[int, int, float]],
) -> list[Link]:
    """ "A knows B": dense in each community, sparse between, bridged by connectors."""
    found: dict[tuple[int, int], float] = {}

    def add(a: int | None, b: int | None, strength: float) -> None:
        if a is None or b is None or a == b:
            return
        key = (a, b) if a < b else (b, a)
        s = round(min(1.0, max(0.05, strength)), 2)
        found[key] = max(found.get(key, 0.0), s)

    def ids(key: str) -> list[Person]:
        return by_cluster.get(key, [])

    # Probabilities are tuned for the default size; bigger networks keep the same degrees.
    scale = min(1.0, DEFAULT_SIZE / len(people))
    for key, members in by_cluster.items():
        cluster = CLUSTER_BY_KEY[key]
        for i, p in enumerate(members):
            for q in members[i + 1 :]:
                same_org = bool(p.contact.organization) and (
                    p.contact.organization == q.contact.organization
                )
                if key == "famille":
                    add(p.contact.id, q.contact.id, rng.uniform(0.75, 1.0))
                elif same_org and rng.random() < cluster.org_p * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.45, 0.9))
                elif rng.random() < cluster.cluster_p * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.2, 0.6))
    for (ka, kb), prob in BETWEEN_P.items():
        for p in ids(ka):
            for q in ids(kb):
                if rng.random() < prob * scale:
                    add(p.contact.id, q.contact.id, rng.uniform(0.15, 0.45))
    # The first-circle friends know the family; the brother knows aeronautics.
    family = ids("famille")
    for p in people[:5]:
        if p.cluster != "famille":
            for q in family:
                if rng.random() < 0.7:
                    add(p.contact.id, q.contact.id, rng.uniform(0.4, 0.7))
    aero = ids("aero")
    brother = cast_person(people, "Loïc")
    for q in rng.sample(aero, k=min(8, len(aero))):
        add(brother.contact.id, q.contact.id, rng.uniform(0.3, 0.8))
    # Bridges: super-connectors know people everywhere, mentors a few.
    outsiders = [p for p in people if p.cluster != "famille"]
    for p in connectors:
        for q in rng.sample(outsiders, k=min(len(outsiders), rng.randint(14, 28))):
            add(p.contact.id, q.contact.id, rng.uniform(0.15, 0.5))
    for p in people:
        if p.contact.relational_profile == RelationalProfile.MENTOR:
            for q in rng.sample(outsiders, k=rng.randint(3, 7)):
                add(p.contact.id, q.contact.id, rng.uniform(0.2, 0.6))
        elif p.cluster != "famille" and rng.random() < 0.1:
            add(p.contact.id, rng.choice(outsiders).contact.id, rng.uniform(0.1, 0.4))
        if p.contact.met_through_id is not None:
            add(p.contact.id, p.contact.met_through_id, rng.uniform(0.45, 0.75))
    for a, b, s in extra:
        add(a, b, s)
    return [make_link(a, b, s) for (a, b), s in sorted(found.items())]
