"""Dormant ties worth reviving, and how much of the network is activated.

Levin, Walter & Murnighan (2011, "Dormant ties: the value of reconnecting") asked executives
to reconnect with people they had not spoken to for three years or more: the advice they got
was more novel than from their current ties, and as trusted. Not every dormant tie is worth
the same, so dormant contacts are ranked by what reconnecting would bring:

============  =====================================================================  ======
part          value in [0, 1]                                                       weight
============  =====================================================================  ======
past          the tie's strength without its recency part (closeness, duration,      0.35
              intensity, help, mutual contacts: what the tie was)
help          help exchanged, min(1, (given + received) / help_full)                 0.20
introduced    people this contact introduced you to, min(1, n / 2)                   0.15
bridge        1 when the contact is the only path to others or links 3+ clusters     0.15
relevance     1 when their sector, function or profile is one the objectives want    0.15
              (only counted when objectives are given)
============  =====================================================================  ======

Activation (seed 003: a network "activable, activé et de qualité"): a contact is *activated*
when the tie is at least ``activation_threshold`` strong and not dormant — the people one can
call today; the others are merely collected.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from tisser.core.cadence import CadenceStatus, Status
from tisser.core.errors import N_
from tisser.core.explain import Days, Text, say
from tisser.core.model import Contact
from tisser.core.names import fold
from tisser.core.strength import TieHistory, TieStrength

DORMANT_WEIGHTS: dict[str, float] = {
    "past": 0.35,
    "help": 0.20,
    "introduced": 0.15,
    "bridge": 0.15,
    "relevance": 0.15,
}
NOT_ACTIVE = (Status.DORMANT, Status.UNKNOWN, Status.ARCHIVED)


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the user's objectives call for (:func:`tisser.core.objectives.wanted_of` fills it
    from issue #5's objectives; empty means no objectives).

    ``profiles`` are relational profiles (seed 002), ``positions`` the job titles an
    objective names ("Directeur marketing"), ``contact_ids`` the contacts it is linked to.
    """

    sectors: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    contact_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(
            self.sectors or self.functions or self.profiles or self.positions or self.contact_ids
        )

    def matches(self, contact: Contact) -> list[str]:
        """The wanted values this contact has (folded comparison)."""
        found = []
        for wanted, value in (
            (self.sectors, contact.sector),
            (self.functions, contact.function),
            (self.profiles, contact.relational_profile.value if contact.relational_profile else ""),
            (self.positions, contact.position),
        ):
            if wanted and value and fold(value) in {fold(w) for w in wanted}:
                found.append(value)
        return found


@dataclass(frozen=True, slots=True)
class DormantTie:
    contact_id: int
    score: float
    parts: dict[str, float]
    reasons: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class DormantSettings:
    weights: dict[str, float] = field(default_factory=lambda: dict(DORMANT_WEIGHTS))
    help_full: int = 3
    limit: int = 10


def rank_dormant(
    contacts: Iterable[Contact],
    statuses: Mapping[int, CadenceStatus],
    strengths: Mapping[int, TieStrength],
    histories: Mapping[int, TieHistory],
    introduced: Mapping[int, int],
    brokers: Collection[int],
    wanted: Wanted | None = None,
    settings: DormantSettings | None = None,
) -> list[DormantTie]:
    """Dormant contacts (not archived), most worth reviving first, each with its reasons."""
    s = settings or DormantSettings()
    wanted = wanted or Wanted()
    out = []
    for c in contacts:
        cid = c.id or 0
        st = statuses.get(cid)
        if st is None or st.status != Status.DORMANT:
            continue
        h = histories.get(cid) or TieHistory(cid)
        exchanged = h.gave + h.received
        n_intro = introduced.get(cid, 0)
        matches = wanted.matches(c) if wanted else []
        named = cid in wanted.contact_ids
        parts = {
            "past": strengths[cid].without("recency"),
            "help": min(1.0, exchanged / s.help_full),
            "introduced": min(1.0, n_intro / 2),
            "bridge": 1.0 if cid in brokers else 0.0,
        }
        if wanted:
            parts["relevance"] = 1.0 if matches or named else 0.0
        weight = {k: s.weights.get(k, 0.0) for k in parts}
        total = sum(weight.values()) or 1.0
        score = sum(weight[k] * v for k, v in parts.items()) / total
        reasons = [
            say(
                N_("last contact {ago} ago, for a cadence of {cadence} days"),
                ago=Days(st.days_since or 0),
                cadence=st.cadence_days,
            )
        ]
        reasons.append(say(N_("past strength {past} out of 1"), past=round(parts["past"], 2)))
        if exchanged:
            reasons.append(
                say(N_("help: given {gave}, received {received}"), gave=h.gave, received=h.received)
            )
        if n_intro:
            reasons.append(
                say(N_("introduced you to {count} people"), count=n_intro)
                if n_intro > 1
                else say(N_("introduced you to one person"))
            )
        if cid in brokers:
            reasons.append(say(N_("links clusters of your network together")))
        if named:
            reasons.append(say(N_("named in one of your objectives")))
        if matches:
            reasons.append(say(N_("matches your objectives: {what}"), what=", ".join(matches)))
        out.append(DormantTie(cid, score, parts, tuple(reasons)))
    out.sort(key=lambda d: (-d.score, d.contact_id))
    return out[: s.limit]


@dataclass(frozen=True, slots=True)
class Activation:
    kept: int  # contacts not archived
    activated: int
    collected: int
    threshold: float

    @property
    def share(self) -> float | None:
        return self.activated / self.kept if self.kept else None


def activated_ids(
    statuses: Mapping[int, CadenceStatus],
    strengths: Mapping[int, TieStrength],
    threshold: float,
) -> set[int]:
    """Contacts with a tie at least ``threshold`` strong and not dormant."""
    return {
        cid
        for cid, st in statuses.items()
        if st.status not in NOT_ACTIVE and strengths[cid].value >= threshold
    }


def activation(
    statuses: Mapping[int, CadenceStatus],
    strengths: Mapping[int, TieStrength],
    threshold: float,
) -> Activation:
    kept = sum(1 for st in statuses.values() if st.status != Status.ARCHIVED)
    active = len(activated_ids(statuses, strengths, threshold))
    return Activation(kept, active, kept - active, threshold)
