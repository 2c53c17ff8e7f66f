"""How strong is my tie to each contact: the small interface reach needs, and a proxy.

Reach scores a path by the strengths of its ties (:mod:`tisser.core.reach`). It only needs,
for each contact, a :class:`Tie`: a strength in [0, 1] and two warnings from seed 003 —
*overdue* (asking someone you neglected rarely works) and *one-sided* (you only ever
received from them). Any source can provide these: the diagnosis module's tie strength
plugs in by building the same mapping (``dict[int, Tie]``), e.g. with :func:`with_strengths`
over the proxy (its strengths and warnings, the journal facts kept).

Until then, :func:`proxy_ties` computes a simple, explainable proxy from what the journal
already holds, after the indicators Marsden & Campbell (1984) found to measure tie strength
best — closeness first, then frequency and recency of contact — and Granovetter's (1973)
"amount of time, emotional intensity, intimacy and reciprocal services":

    strength = 0.40 circle + 0.20 closeness + 0.25 recency + 0.15 frequency

* circle: 1 -> 1.0, 2 -> 0.8, 3 -> 0.55, 4 -> 0.3, 5 (archived) -> 0.05;
* closeness: the 1..5 the user gave, divided by 5 (the circle's value when unset);
* recency: 0.5 ** (days since the last interaction / 180), a half-life of six months
  (Roberts & Dunbar 2011: closeness decays within months without contact); 0 if never;
* frequency: log(1 + interactions in the last two years) / log(1 + 24), capped at 1
  (one exchange a month for two years is as frequent as it gets).

Overdue: the cadence status (:mod:`tisser.core.cadence`) is overdue, cooling or dormant.
One-sided: at least two helps received from them and none given back, over two years.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from tisser.core import cadence
from tisser.core.model import Circle, Contact, HelpDirection, Interaction

CIRCLE_VALUE: dict[Circle, float] = {
    Circle.FIRST: 1.0,
    Circle.SECOND: 0.8,
    Circle.ACTIVE: 0.55,
    Circle.WIDER: 0.3,
    Circle.DORMANT: 0.05,
}
WEIGHTS = {"circle": 0.40, "closeness": 0.20, "recency": 0.25, "frequency": 0.15}
RECENCY_HALF_LIFE_DAYS = 180
FREQUENCY_WINDOW_DAYS = 730
FREQUENCY_FULL = 24
ONE_SIDED_MIN_RECEIVED = 2
LATE = (cadence.Status.OVERDUE, cadence.Status.COOLING, cadence.Status.DORMANT)


@dataclass(frozen=True, slots=True)
class Tie:
    """My tie to one contact, as reach needs it.

    ``strength`` is in [0, 1]; ``overdue`` and ``one_sided`` are the warnings of seed 003;
    ``gave`` and ``received`` count the helps exchanged over the last year (the
    intermediary's willingness that reach shows); ``last_seen`` and ``last_channel`` say
    when and how we last talked.
    """

    strength: float
    overdue: bool = False
    one_sided: bool = False
    gave: int = 0
    received: int = 0
    last_seen: date | None = None
    last_channel: str = ""


@dataclass(slots=True)
class _Tally:
    last: datetime | None = None
    channel: str = ""
    recent: int = 0
    gave2y: int = 0
    received2y: int = 0
    gave1y: int = 0
    received1y: int = 0


def _tally(interactions: Iterable[Interaction], today: date) -> dict[int, _Tally]:
    out: dict[int, _Tally] = {}
    two_years = today - timedelta(days=FREQUENCY_WINDOW_DAYS)
    one_year = today - timedelta(days=365)
    for i in interactions:
        if i.occurred_at is None:
            continue
        day = i.occurred_at.date()
        gave = i.direction in (HelpDirection.GAVE, HelpDirection.MUTUAL)
        received = i.direction in (HelpDirection.RECEIVED, HelpDirection.MUTUAL)
        for cid in i.contact_ids:
            t = out.setdefault(cid, _Tally())
            if t.last is None or i.occurred_at > t.last:
                t.last, t.channel = i.occurred_at, i.channel.value
            if day >= two_years:
                t.recent += 1
                t.gave2y += gave
                t.received2y += received
            if day >= one_year:
                t.gave1y += gave
                t.received1y += received
    return out


def proxy_strength(
    circle: Circle, closeness: int | None, days_since: int | None, recent_count: int
) -> float:
    """The proxy strength of one tie (see the module docstring), in [0, 1]."""
    c = CIRCLE_VALUE[circle]
    close = closeness / 5 if closeness else c
    recency = 0.5 ** (max(days_since, 0) / RECENCY_HALF_LIFE_DAYS) if days_since is not None else 0
    frequency = min(1.0, math.log1p(recent_count) / math.log1p(FREQUENCY_FULL))
    value = (
        WEIGHTS["circle"] * c
        + WEIGHTS["closeness"] * close
        + WEIGHTS["recency"] * recency
        + WEIGHTS["frequency"] * frequency
    )
    return round(min(1.0, max(0.0, value)), 4)


def proxy_ties(
    contacts: Iterable[Contact], interactions: Iterable[Interaction], today: date
) -> dict[int, Tie]:
    """contact id -> :class:`Tie`, computed from circles, closeness and the journal."""
    tallies = _tally(interactions, today)
    out: dict[int, Tie] = {}
    for c in contacts:
        if c.id is None:
            continue
        t = tallies.get(c.id, _Tally())
        st = cadence.status_of(c, t.last, today)
        days = st.days_since if not st.counted_from_meeting else None
        out[c.id] = Tie(
            strength=proxy_strength(c.circle, c.closeness, days, t.recent),
            overdue=st.status in LATE,
            one_sided=t.received2y >= ONE_SIDED_MIN_RECEIVED and t.gave2y == 0,
            gave=t.gave1y,
            received=t.received1y,
            last_seen=t.last.date() if t.last else None,
            last_channel=t.channel,
        )
    return out


def with_strengths(
    ties: Mapping[int, Tie],
    strengths: Mapping[int, float],
    overdue: Iterable[int] | None = None,
    one_sided: Iterable[int] | None = None,
) -> dict[int, Tie]:
    """``ties`` with another source's strengths (and warnings, when given) put in.

    The journal facts reach shows (help exchanged, last contact) are kept; a contact the
    other source does not know keeps its proxy strength.
    """
    late = set(overdue) if overdue is not None else None
    lopsided = set(one_sided) if one_sided is not None else None
    return {
        cid: replace(
            t,
            strength=min(1.0, max(0.0, strengths.get(cid, t.strength))),
            overdue=t.overdue if late is None else cid in late,
            one_sided=t.one_sided if lopsided is None else cid in lopsided,
        )
        for cid, t in ties.items()
    }


def ties_from_strengths(
    strengths: Mapping[int, float],
    overdue: Iterable[int] = (),
    one_sided: Iterable[int] = (),
) -> dict[int, Tie]:
    """Ties from any strength source (e.g. the diagnosis module) and its warnings."""
    late, lopsided = set(overdue), set(one_sided)
    return {
        cid: Tie(strength=min(1.0, max(0.0, s)), overdue=cid in late, one_sided=cid in lopsided)
        for cid, s in strengths.items()
    }
