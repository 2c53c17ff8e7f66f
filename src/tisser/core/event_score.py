"""How much an event or a membership is worth to the user over a period, and why.

The value is a count of *useful conversations*, the unit seeds 003 and 004 reason in (an
event is worth the people you really talk to, not the cards you collect). For one entry
over a period it sums, each part kept with its explanation:

* **audience** — conversations per occurrence (by room format, see :data:`CONVERSATIONS`),
  times the format fit of the user's temperament (:func:`format_fit`, seed 002: a réservé
  talks to few people in a big room of strangers, more at a table of eight), times how
  relevant the audience is: a baseline :data:`BASELINE_RELEVANCE` (any new encounter may
  matter) plus the weight of each wanted audience (sector, function, profile) it holds,
  divided among the audience's tags of that kind. Recurring events thin out: occurrence
  k (0-based) counts :data:`REPEAT_DECAY` ** k — the same faces come back;
* **missing profiles** — wants coming from the diagnosis (profiles the network lacks),
  weighted :data:`MISSING_BOOST` more than plain wants (seed 001: diversity of the network);
* **contacts** — the user's contacts who go: a wanted one (an objective names them, or the
  user said why they want to meet them) counts :data:`WANTED_CONTACT`, one whose cadence is
  due, overdue or cooling :data:`DUE_CONTACT` (the event is a cheap way to keep the tie),
  any other :data:`OTHER_CONTACT`; counted once per period, not per occurrence;
* **giving** — something to bring (a talk, help, a skill): seed 004's "qu'est-ce que je
  peux y apporter", worth :data:`BRING_SHARE` of the audience part (being seen to give);
* **history** — last period's results for the same entry: the observed value per hour
  against the prior estimate, shrunk towards 1 with :data:`HISTORY_PRIOR_WEIGHT` pseudo
  observations (a small-sample average is noisy), clipped to [0.3, 2].

Wants, missing profiles and contacts to see come in through :class:`Want` and
:class:`Needs`, plain records the objectives (plan) and diagnosis features fill in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tisser.core.errors import N_
from tisser.core.events import Event, Format
from tisser.core.model import Energy, RelationalProfile
from tisser.core.names import fold

CONVERSATIONS = {Format.SMALL_GROUP: 6.0, Format.MIXED: 5.0, Format.BIG_ROOM: 4.0}
BASELINE_RELEVANCE = 0.2
MISSING_BOOST = 1.5
WANTED_CONTACT = 3.0
DUE_CONTACT = 1.0
OTHER_CONTACT = 0.3
BRING_SHARE = 0.2
REPEAT_DECAY = 0.8
HISTORY_PRIOR_WEIGHT = 2.0
WANT_KINDS = ("sector", "function", "profile")
WANT_MESSAGES = {
    "want": N_("audience you need: {kind} {value}"),
    "objective": N_("audience one of your objectives needs: {kind} {value}"),
    "missing": N_("a profile your network lacks: {kind} {value}"),
    "profile": N_("peers of your own field: {kind} {value}"),
}


@dataclass(frozen=True, slots=True)
class Want:
    """An audience the user needs: ``kind`` is sector, function or profile; ``value`` is
    compared folded ("DAF" matches "daf"). ``source`` says where it comes from: ``want``
    (typed), ``objective`` (the plan), ``missing`` (the diagnosis) or ``profile`` (the
    user's own field)."""

    kind: str
    value: str
    weight: float = 1.0
    source: str = "want"
    reason: str = ""


@dataclass(slots=True)
class Needs:
    """Everything the score reads about the user's goals, filled by whoever knows them."""

    wants: list[Want] = field(default_factory=list)
    contacts: dict[int, str] = field(default_factory=dict)  # contact id -> why see them
    due_contacts: set[int] = field(default_factory=set)  # cadence due, overdue or cooling


@dataclass(frozen=True, slots=True)
class Temperament:
    """The user's relational profile and energy (seed 002, seed 000)."""

    profile: RelationalProfile | None = None
    energy: Energy | None = None


@dataclass(frozen=True, slots=True)
class PastResult:
    """What one entry gave over a past period (see :mod:`tisser.core.event_results`)."""

    occurrences: int
    minutes: int
    value: float


@dataclass(frozen=True, slots=True)
class Part:
    """One term of a value: a code, its amount and an ``N_`` template with its params."""

    code: str
    amount: float
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Score:
    """An entry's value over the period, with its parts, costs and occurrences."""

    event_id: int
    value: float
    occurrences: int
    minutes: int
    euros: float
    parts: list[Part] = field(default_factory=list)


def format_fit(room: Format, temperament: Temperament) -> float:
    """How much of a room's conversations this temperament turns into real ones (0.5-1.6).

    The counts of :data:`CONVERSATIONS` are an ambivert's. Seed 002: a réservé (or an
    introvert, seed 000) talks to a fifth more people at a table of eight and to half as many
    in a big room of strangers; a super-connector (or an extravert) works a big room (x1.6)
    and is held back by a small table (x0.9)."""
    shy = temperament.profile is RelationalProfile.RESERVED or (
        temperament.energy is Energy.INTROVERT
    )
    outgoing = temperament.profile is RelationalProfile.SUPER_CONNECTOR or (
        temperament.energy is Energy.EXTRAVERT
    )
    if shy and not outgoing:
        return {Format.SMALL_GROUP: 1.2, Format.MIXED: 0.85, Format.BIG_ROOM: 0.5}[room]
    if outgoing and not shy:
        return {Format.SMALL_GROUP: 0.9, Format.MIXED: 1.1, Format.BIG_ROOM: 1.6}[room]
    return 1.0


def repeat_factor(n: int) -> float:
    """Σ_{k<n} REPEAT_DECAY^k: the effective number of occurrences of a recurring entry."""
    return sum(REPEAT_DECAY**k for k in range(n))


def relevance(event: Event, wants: Sequence[Want]) -> tuple[float, list[Want]]:
    """The audience's relevance and the wants it matched."""
    audience = {"sector": event.sectors, "function": event.functions, "profile": event.profiles}
    total = BASELINE_RELEVANCE
    matched: list[Want] = []
    for want in wants:
        tags = [fold(t) for t in audience.get(want.kind, [])]
        if tags and fold(want.value) in tags:
            boost = MISSING_BOOST if want.source == "missing" else 1.0
            total += want.weight * boost / len(tags)
            matched.append(want)
    return total, matched


def score_event(
    event: Event,
    occurrences: int,
    needs: Needs,
    temperament: Temperament,
    history: PastResult | None = None,
) -> Score:
    """The value of attending ``occurrences`` occurrences of ``event``, explained."""
    assert event.id is not None
    room = event.room
    fit = format_fit(room, temperament)
    rel, matched = relevance(event, needs.wants)
    effective = repeat_factor(occurrences)
    per_occurrence = CONVERSATIONS[room] * fit
    audience = per_occurrence * rel * effective
    parts = [
        Part(
            "audience",
            audience,
            N_("{conversations} useful conversations per occurrence ({room}, fit {fit})"),
            {"conversations": per_occurrence * rel, "room": room, "fit": fit},
        )
    ]
    for want in matched:
        parts.append(
            Part(
                want.source,
                0.0,
                WANT_MESSAGES.get(want.source, WANT_MESSAGES["want"]),
                {"kind": want.kind, "value": want.value, "reason": want.reason},
            )
        )
    contacts_value = 0.0
    if occurrences:
        for cid in event.attendee_ids:
            if cid in needs.contacts or cid in event.wanted:
                amount, message = WANTED_CONTACT, N_("a contact you want to see goes")
            elif cid in needs.due_contacts:
                amount, message = DUE_CONTACT, N_("a contact due for news goes")
            else:
                amount, message = OTHER_CONTACT, N_("a contact of yours goes")
            contacts_value += amount
            parts.append(Part("contact", amount, message, {"contact_id": cid}))
    bring = BRING_SHARE * audience if event.can_bring else 0.0
    if bring:
        parts.append(
            Part("bring", bring, N_("you can bring: {what}"), {"what": ", ".join(event.can_bring)})
        )
    value = audience + contacts_value + bring
    minutes = occurrences * event.minutes_per_occurrence
    if history is not None and history.occurrences > 0 and history.minutes > 0 and minutes:
        prior_per_hour = value / (minutes / 60)
        observed = history.value / (history.minutes / 60)
        ratio = observed / prior_per_hour if prior_per_hour > 0 else 1.0
        n = history.occurrences
        factor = min(2.0, max(0.3, (n * ratio + HISTORY_PRIOR_WEIGHT) / (n + HISTORY_PRIOR_WEIGHT)))
        parts.append(
            Part(
                "history",
                value * (factor - 1.0),
                N_("last time: {observed} value per hour over {n} occurrence(s), x{factor}"),
                {"observed": observed, "n": n, "factor": factor},
            )
        )
        value *= factor
    euros = occurrences * event.entry_fee + (
        event.yearly_fee if occurrences or event.is_membership else 0.0
    )
    return Score(event.id, value, occurrences, minutes, euros, parts)
