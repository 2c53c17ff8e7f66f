"""How strong is my tie to each contact: the small interface reach needs.

Reach scores a path by the strengths of its ties (:mod:`tisser.core.reach`). It only needs,
for each contact, a :class:`Tie`: a strength in [0, 1] and two warnings from seed 003 —
*overdue* (asking someone you neglected rarely works) and *one-sided* (you only ever
received from them). The command line fills it with the diagnosis's measures
(:func:`tisser.strengths.reach_ties`): #4's tie strength
(:func:`tisser.core.strength.tie_strength`, after Granovetter 1973 and Marsden & Campbell
1984), overdue when the cadence status (:mod:`tisser.core.cadence`) is overdue, cooling or
dormant, one-sided when the reciprocity pattern (:mod:`tisser.core.reciprocity`) is "taker".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tisser.core import cadence

LATE = (cadence.Status.OVERDUE, cadence.Status.COOLING, cadence.Status.DORMANT)


@dataclass(frozen=True, slots=True)
class Tie:
    """My tie to one contact, as reach needs it.

    ``strength`` is in [0, 1]; ``overdue`` and ``one_sided`` are the warnings of seed 003;
    ``gave`` and ``received`` count the helps exchanged over the last year (the
    intermediary's willingness that reach shows); ``last_seen`` and ``last_channel`` say
    when and how we last talked; ``unanswered`` the messages left without an answer since
    the last reply (three or more: ask through someone who answers).
    """

    strength: float
    overdue: bool = False
    one_sided: bool = False
    gave: int = 0
    received: int = 0
    last_seen: date | None = None
    last_channel: str = ""
    unanswered: int = 0  # attempts since the last answer (:mod:`tisser.core.unanswered`)
