"""Circles against Dunbar's layers, and where the effort goes.

Dunbar's social brain hypothesis (Dunbar 1998; Zhou, Sornette, Hill & Dunbar 2005) finds
nested layers of about 5, 15, 50 and 150 people, each kept by a typical contact frequency
(weekly, monthly, every few months, yearly: Roberts & Dunbar 2011). tisser's circles 1 to 4
map onto these layers, so the cumulative size of circles 1..k is compared with the k-th layer:
a first circle of 12 or an active network of 300 cannot be kept at their rhythm.

Effort: Sutcliffe, Dunbar, Binder & Arrow (2012) report that about 40 % of social time goes
to the innermost 5, 20 % to the next 10 and the remaining 40 % to everyone else. The share
of the last 12 months' interactions going to circle 1, circle 2 and circles 3-4 is compared
with that 40/20/40 split (settings ``[diagnosis] dunbar_layers`` and ``effort_split``).

The *upkeep* is what the cadences ask for: a contact of cadence ``c`` days needs ``7 / c``
interactions a week; summed over circles 1-4 it tells whether the rhythm is realistic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tisser.core.model import Circle, Contact

DUNBAR_LAYERS = (5, 15, 50, 150)
EFFORT_SPLIT = (0.40, 0.20, 0.40)  # circle 1, circle 2, circles 3 and 4
KEPT = (Circle.FIRST, Circle.SECOND, Circle.ACTIVE, Circle.WIDER)


@dataclass(frozen=True, slots=True)
class Layer:
    circle: int
    size: int
    cumulative: int
    dunbar: int  # the layer's expected cumulative size
    ratio: float  # cumulative / dunbar


@dataclass(frozen=True, slots=True)
class Effort:
    group: str  # "1", "2", "3-4"
    interactions: int
    share: float | None
    expected: float


@dataclass(frozen=True, slots=True)
class CircleReport:
    layers: tuple[Layer, ...]
    archived: int
    effort: tuple[Effort, ...]
    upkeep_per_week: float  # interactions a week the cadences ask for
    done_per_week: float  # interactions a week in the last 12 months


def circle_report(
    contacts: Iterable[Contact],
    recent_counts: Mapping[int, int],
    cadence_days: Mapping[Circle, int | None],
    layers: tuple[int, ...] = DUNBAR_LAYERS,
    split: tuple[float, float, float] = EFFORT_SPLIT,
) -> CircleReport:
    """Sizes against Dunbar's layers and the effort per circle.

    ``recent_counts`` maps a contact to the number of their interactions in the last 12
    months (a group interaction counts for each person in it).
    """
    sizes = dict.fromkeys(Circle, 0)
    per_circle = dict.fromkeys(Circle, 0)
    for c in contacts:
        sizes[c.circle] += 1
        per_circle[c.circle] += recent_counts.get(c.id or 0, 0)
    out_layers = []
    cumulative = 0
    for circle, dunbar in zip(KEPT, layers, strict=False):
        cumulative += sizes[circle]
        out_layers.append(
            Layer(int(circle), sizes[circle], cumulative, dunbar, cumulative / dunbar)
        )
    groups = (
        ("1", per_circle[Circle.FIRST]),
        ("2", per_circle[Circle.SECOND]),
        ("3-4", per_circle[Circle.ACTIVE] + per_circle[Circle.WIDER]),
    )
    total = sum(n for _, n in groups)
    effort = tuple(
        Effort(name, n, n / total if total else None, expected)
        for (name, n), expected in zip(groups, split, strict=True)
    )
    upkeep = 0.0
    for circle in KEPT:
        days = cadence_days.get(circle)
        if days:
            upkeep += sizes[circle] * 7.0 / days
    done = sum(per_circle[c] for c in KEPT) / 52.0
    return CircleReport(tuple(out_layers), sizes[Circle.DORMANT], effort, upkeep, done)
