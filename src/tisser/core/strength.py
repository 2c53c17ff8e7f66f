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
from tisser.core.explain import Text, nsay, say
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


@dataclass(frozen=True, slots=True)
class Facts:
    """The figures behind a tie's parts (kept so the explanation is built only when read)."""

    rating: int | None
    circle: int
    days: int | None
    half_life: float
    count: int
    years: float | None
    gave: int
    received: int
    mutual: int


@dataclass(slots=True)
class TieStrength:
    """A tie's strength in [0, 1], the value and weight of each part (in :data:`PARTS`
    order) and the figures that explain them."""

    contact_id: int
    value: float
    values: tuple[float, ...]
    weights: tuple[float, ...]
    facts: Facts

    @property
    def parts(self) -> tuple[Part, ...]:
        """Each part with its explanation (built on demand: a big network has many ties)."""
        f = self.facts
        whys = (
            say(N_("closeness {rating}/5"), rating=f.rating)
            if f.rating is not None
            else say(N_("no closeness rating: circle {circle} stands in"), circle=f.circle),
            nsay(
                "last interaction {days} day ago (half-life {half_life} days)",
                "last interaction {days} days ago (half-life {half_life} days)",
                by="days",
                days=f.days,
                half_life=round(f.half_life),
            )
            if f.days is not None
            else say(N_("no interaction logged")),
            say(N_("{count} interactions logged"), count=f.count),
            say(N_("known for {years} years"), years=round(f.years, 1))
            if f.years is not None
            else say(N_("date met unknown")),
            say(N_("help: given {gave}, received {received}"), gave=f.gave, received=f.received),
            say(N_("{count} contacts in common"), count=f.mutual),
        )
        return tuple(
            Part(name, v, w, why)
            for name, v, w, why in zip(PARTS, self.values, self.weights, whys, strict=True)
        )

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    def without(self, name: str) -> float:
        """The strength with one part left out (e.g. recency, for a tie's past strength)."""
        i = PARTS.index(name)
        total = sum(self.weights) - self.weights[i]
        if not total:
            return 0.0
        kept = sum(w * v for w, v in zip(self.weights, self.values, strict=True))
        return (kept - self.weights[i] * self.values[i]) / total


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
    return tie_strength_of(
        contact.id or 0,
        contact.circle,
        contact.closeness,
        contact.met_on,
        history,
        today,
        mutual,
        settings,
    )


def tie_strength_of(
    contact_id: int,
    circle: Circle,
    closeness_rating: int | None,
    met_on: date | None,
    history: TieHistory | None,
    today: date,
    mutual: int = 0,
    settings: StrengthSettings | None = None,
) -> TieStrength:
    """:func:`tie_strength` from the few contact fields it reads, for callers (the plan,
    reach) that hold per-contact aggregates rather than :class:`Contact` records."""
    s = settings or _DEFAULT
    h = history or TieHistory(contact_id)
    rating = None if closeness_rating is None else min(max(closeness_rating, 1), 5)
    closeness = CIRCLE_CLOSENESS[circle] if rating is None else (rating - 1) / 4
    days = None if h.last is None else max((today - h.last).days, 0)
    recency = 0.0 if days is None else 2.0 ** (-days / s.half_life_days)
    if met_on is not None and h.first is not None:
        start: date | None = min(met_on, h.first)
    else:
        start = met_on or h.first
    years = None if start is None else max((today - start).days, 0) / 365.25
    duration = 0.0 if years is None else min(1.0, years / s.duration_full_years)
    b = balance(h.gave, h.received)
    exchanged = h.gave + h.received
    reciprocal = 0.0 if b is None else min(1.0, exchanged / s.help_full) * (1 - abs(b) / 2)
    values = (
        closeness,
        recency,
        _log_ratio(h.count, s.intensity_full),
        duration,
        reciprocal,
        _log_ratio(mutual, s.mutual_full),
    )
    weights, total = _weights_and_total(s)
    value = sum(w * v for w, v in zip(weights, values, strict=True)) / total
    facts = Facts(
        rating, int(circle), days, s.half_life_days, h.count, years, h.gave,
        h.received, mutual,
    )  # fmt: skip
    return TieStrength(contact_id, value, values, weights, facts)


_DEFAULT = StrengthSettings()


def _weights(s: StrengthSettings) -> tuple[float, ...]:
    return tuple(s.weights.get(name, 0.0) for name in PARTS)


# The last settings' weights and their sum: a diagnosis measures 30,000 ties with the same
# (frozen) settings, and rebuilding the tuple for each was a tenth of the measure's time.
_last_weights: list[tuple[StrengthSettings, tuple[float, ...], float]] = []


def _weights_and_total(s: StrengthSettings) -> tuple[tuple[float, ...], float]:
    if _last_weights and _last_weights[0][0] is s:
        return _last_weights[0][1], _last_weights[0][2]
    weights = _weights(s)
    _last_weights[:] = [(s, weights, sum(weights))]
    return weights, sum(weights)
