"""Random draws every step of the generator shares.

Each takes the generator's one ``random.Random`` explicitly: no global random state, so a
seed always gives the same network.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def to_weekday(d: date, lo: date | None, rng: random.Random | None = None) -> date:
    """Move a Saturday or Sunday back to a weekday of that week (Friday without ``rng``),
    or on to Monday when that would cross ``lo``."""
    if d.weekday() < 5:
        return d
    back = d - timedelta(days=d.weekday() - 4 + (rng.randint(0, 4) if rng else 0))
    if lo is None or back >= lo:
        return back
    return d + timedelta(days=7 - d.weekday())
