"""Tie strength: how strong a tie is, from 0 (none) to 1, and why.

Granovetter (1973) defined the strength of a tie as "a combination of the amount of time, the
emotional intensity, the intimacy (mutual confiding), and the reciprocal services". Marsden &
Campbell (1984, "Measuring tie strength") found *closeness* the best single indicator, with
duration and frequency next; Gilbert & Karahalios (2009, "Predicting tie strength with social
media") found recency, intimacy and duration the strongest predictors and mutual friends a
useful one. So the strength of a tie here is a weighted mean of six parts, each in [0, 1]:

===========  ==================================================================  ======
part         value                                                               weight
===========  ==================================================================  ======
closeness    the 1-5 rating as (r - 1) / 4; without a rating, the circle stands   0.30
             in for it (circle 1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25, 5: 0.1)
recency      exponential decay 2^(-d / h), d days since the last interaction,   0.20
             h the half-life (180 days)
intensity    log(1 + n) / log(1 + N), n interactions, capped at 1 (N = 40)       0.15
duration     years known / Y, capped at 1 (Y = 5), from the date met or the      0.15
             first interaction, whichever is earlier
reciprocity  help exchanged both ways: min(1, (g + r) / H) * (1 - |B| / 2),      0.10
             g given, r received, B the balance (see reciprocity), H = 4
mutual       log(1 + m) / log(1 + M), m contacts you both know, capped (M = 10)  0.10
===========  ==================================================================  ======

Closeness weighs most (Marsden & Campbell). The weights and the constants are
:class:`StrengthSettings`, overridable from the settings file (``[strength]``); the result
keeps every part with its value, weight and the figures behind it, so a user can ask "why is
this tie weak?". :func:`tie_strength` is the public entry point (reused by the plan and reach).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from tisser.core.errors import N_, InvalidInput
from tisser.core.explain import Text, say
from tisser.core.model import Circle, Contact
from tisser.core.reciprocity import balance

PARTS = ("closeness", "recency", "intensity", "duration", "reciprocity", "mutual")

DEFAULT_WEIGHTS: dict[str, float] = {
    "closeness": 0.30,
    "recency": 0.20,
    "intensity": 0.15,
    "duration": 0.15,
    "reciprocity": 0.10,
    "mutual": 0.10,
}

CIRCLE_CLOSENESS: dict[Circle, float] = {
    Circle.FIRST: 1.0,
    Circle.SECOND: 0.75,
    Circle.ACTIVE: 0.5,
    Circle.WIDER: 0.25,
    Circle.DORMANT: 0.1,
}


@dataclass(frozen=True, slots=True)
class StrengthSettings:
    """The weights of the six parts and the constants that scale them."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    half_life_days: float = 180.0
    intensity_full: int = 40
    duration_full_years: float = 5.0
    help_full: int = 4
    mutual_full: int = 10

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(PARTS))
        if unknown:
            raise InvalidInput(
                N_("unknown tie strength part {name!r}"),
                hint=N_("the parts are: {parts}"),
                name=unknown[0],
                parts=", ".join(PARTS),
            )
        if any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise InvalidInput(
                N_("tie strength weights must be positive or zero, and not all zero"),
            )
        for name, value in (
            ("half_life_days", self.half_life_days),
            ("intensity_full", self.intensity_full),
            ("duration_full_years", self.duration_full_years),
            ("help_full", self.help_full),
            ("mutual_full", self.mutual_full),
        ):
            if value <= 0:
                raise InvalidInput(
                    N_("the setting {name} must be above zero, not {value}"),
                    name=name,
                    value=value,
                )


@dataclass(frozen=True, slots=True)
class TieHistory:
    """What the journal says about one contact, as the store aggregates it.

    ``first`` and ``last`` are local dates of the first and latest interactions; ``gave``
    and ``received`` count interactions where help went that way (a mutual one counts in
    both); ``recent`` counts the interactions of the last 12 months.
    """

    contact_id: int
    count: int = 0
    first: date | None = None
    last: date | None = None
    gave: int = 0
    received: int = 0
    recent: int = 0


@dataclass(slots=True)
class Part:
    """One part of a tie's strength: its value in [0, 1], weight and explanation."""

    name: str
    value: float
    weight: float
    why: Text


@dataclass(slots=True)
class TieStrength:
    """A tie's strength in [0, 1] and the parts it is made of."""

    contact_id: int
    value: float
    parts: tuple[Part, ...]

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    def without(self, name: str) -> float:
        """The strength with one part left out (e.g. recency, for a tie's past strength)."""
        kept = [p for p in self.parts if p.name != name]
        total = sum(p.weight for p in kept)
        return sum(p.weight * p.value for p in kept) / total if total else 0.0


def _log_ratio(n: int, full: int) -> float:
    return min(1.0, math.log1p(max(n, 0)) / math.log1p(full))


def tie_strength(
    contact: Contact,
    history: TieHistory | None,
    today: date,
    mutual: int = 0,
    settings: StrengthSettings | None = None,
) -> TieStrength:
    """The strength of the tie with ``contact`` on ``today``, with its explanation.

    ``history`` is the journal's summary for this contact (None: nothing logged); ``mutual``
    the number of contacts linked to both (the user knows all her contacts, so it is the
    contact's number of links).
    """
    s = settings or StrengthSettings()
    h = history or TieHistory(contact.id or 0)
    w = {name: s.weights.get(name, 0.0) for name in PARTS}
    parts: list[Part] = []

    if contact.closeness is not None:
        r = min(max(contact.closeness, 1), 5)
        parts.append(
            Part(
                "closeness", (r - 1) / 4, w["closeness"], say(N_("closeness {rating}/5"), rating=r)
            )
        )
    else:
        parts.append(
            Part(
                "closeness",
                CIRCLE_CLOSENESS[contact.circle],
                w["closeness"],
                say(
                    N_("no closeness rating: circle {circle} stands in"), circle=int(contact.circle)
                ),
            )
        )

    if h.last is not None:
        days = max((today - h.last).days, 0)
        parts.append(
            Part(
                "recency",
                2.0 ** (-days / s.half_life_days),
                w["recency"],
                say(
                    N_("last interaction {days} days ago (half-life {half_life} days)"),
                    days=days,
                    half_life=round(s.half_life_days),
                ),
            )
        )
    else:
        parts.append(Part("recency", 0.0, w["recency"], say(N_("no interaction logged"))))

    parts.append(
        Part(
            "intensity",
            _log_ratio(h.count, s.intensity_full),
            w["intensity"],
            say(N_("{count} interactions logged"), count=h.count),
        )
    )

    start = min((d for d in (contact.met_on, h.first) if d is not None), default=None)
    if start is not None:
        years = max((today - start).days, 0) / 365.25
        parts.append(
            Part(
                "duration",
                min(1.0, years / s.duration_full_years),
                w["duration"],
                say(N_("known for {years} years"), years=round(years, 1)),
            )
        )
    else:
        parts.append(Part("duration", 0.0, w["duration"], say(N_("date met unknown"))))

    exchanged = h.gave + h.received
    b = balance(h.gave, h.received)
    reciprocal = 0.0 if b is None else min(1.0, exchanged / s.help_full) * (1 - abs(b) / 2)
    parts.append(
        Part(
            "reciprocity",
            reciprocal,
            w["reciprocity"],
            say(N_("help: given {gave}, received {received}"), gave=h.gave, received=h.received),
        )
    )

    parts.append(
        Part(
            "mutual",
            _log_ratio(mutual, s.mutual_full),
            w["mutual"],
            say(N_("{count} contacts in common"), count=mutual),
        )
    )

    total = sum(p.weight for p in parts)
    value = sum(p.weight * p.value for p in parts) / total
    return TieStrength(contact.id or 0, value, tuple(parts))
