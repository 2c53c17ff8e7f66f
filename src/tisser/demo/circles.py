"""Circles: the Dunbar layers (5 / 15 / 60 / ~250, and the archived) and closeness in each.

The quotas scale with the network's size. The cast takes its seats first; each community
then fills the rest by its affinity for each layer (family close in, suppliers far out), so
every circle holds the people one would expect there.
"""

from __future__ import annotations

import random

from tisser.core.model import Circle
from tisser.demo.clusters import CLUSTER_BY_KEY
from tisser.demo.contacts import Person
from tisser.demo.draw import weighted


def _quotas(size: int) -> dict[Circle, int]:
    """How many contacts each circle holds, scaled from 5 / 15 / 60 / 20 archived in 350."""
    n1 = max(5, round(size * 5 / 350))
    n2 = max(3, round(size * 15 / 350))
    n3 = max(8, round(size * 60 / 350))
    n5 = max(2, round(size * 20 / 350))
    return {
        Circle.FIRST: n1,
        Circle.SECOND: n2,
        Circle.ACTIVE: n3,
        Circle.DORMANT: n5,
        Circle.WIDER: size - n1 - n2 - n3 - n5,
    }


def fill_circles(rng: random.Random, cast: list[Person], drawn: list[Person], size: int) -> None:
    """Put the ``drawn`` people in circles: the quotas ``cast`` leaves, by community affinity."""
    quotas = _quotas(size)
    for p in cast:
        quotas[p.contact.circle] -= 1
    pool = list(drawn)
    for circle, slot in ((Circle.FIRST, 0), (Circle.SECOND, 1), (Circle.ACTIVE, 2),
                         (Circle.DORMANT, 3)):  # fmt: skip
        for _ in range(max(0, quotas[circle])):
            candidates = [(q, CLUSTER_BY_KEY[q.cluster].affinity[slot]) for q in pool]
            candidates = [(q, w) for q, w in candidates if w > 0]
            if not candidates:
                break
            chosen = weighted(rng, candidates)
            chosen.contact.circle = circle
            pool.remove(chosen)
    for q in pool:
        q.contact.circle = Circle.WIDER


def closeness_for(rng: random.Random, circle: Circle) -> int | None:
    """A closeness (1-5) that fits the circle, or none: not everyone gets rated."""
    if circle == Circle.FIRST:
        return rng.choice((4, 5, 5))
    if circle == Circle.SECOND:
        return rng.choice((3, 4, 4, 5))
    if circle == Circle.ACTIVE:
        return rng.choice((2, 3, 3, 3, 4))
    if circle == Circle.WIDER:
        return rng.choice((None, 1, 1, 2, 2, 2, 3))
    return rng.choice((None, 1, 1, 2))
