"""The ledger of introductions and recommendations, given and received.

Seed 000 §8 and §10: networking rests on mutual help, and the right way to help is to
recommend or introduce, never to impose. The ledger gathers what the journal and the records
already say, so the user sees the balance with each person (reciprocity):

* interactions whose "gave" or "received" text is an introduction ("mise en relation avec",
  "présentation à", "introduced to"...) or a recommendation ("recommandation", "referral"...);
* introductions the user made (:mod:`tisser.core.introductions`) once made;
* contacts someone introduced to the user ("met through"): an introduction received.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tisser.core.introductions import Introduction, IntroStatus
from tisser.core.model import Contact, Interaction
from tisser.core.names import fold

INTRO_WORDS = ("mise en relation", "mis en relation", "presentation a", "presente a",
               "presentee a", "introduction", "intro ", "introduced", "introduce")  # fmt: skip
RECOMMENDATION_WORDS = ("recommand", "recommend", "referral", "reference pour", "parrainage")


def kind_of(text: str) -> str | None:
    """``"introduction"``, ``"recommendation"`` or None for a help's description."""
    t = fold(text) + " "
    if any(w in t for w in RECOMMENDATION_WORDS):
        return "recommendation"
    if any(w in t for w in INTRO_WORDS):
        return "introduction"
    return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One introduction or recommendation, given by the user or received."""

    day: date | None
    contact_id: int
    direction: str  # "gave" or "received"
    kind: str  # "introduction" or "recommendation"
    text: str


def entries(
    interactions: Iterable[Interaction],
    intros: Iterable[Introduction],
    contacts: Iterable[Contact],
    names: Mapping[int, str],
) -> list[Entry]:
    """Every ledger entry, newest first (entries without a date last)."""
    out: list[Entry] = []
    for i in interactions:
        day = i.occurred_at.date() if i.occurred_at else None
        for direction, text in (("gave", i.gave), ("received", i.received)):
            kind = kind_of(text) if text else None
            if kind is None:
                continue
            if i.about.startswith("#intro"):
                continue  # logged by an introduction below
            for cid in i.contact_ids:
                out.append(Entry(day, cid, direction, kind, text))
    for intro in intros:
        if intro.status in (IntroStatus.INTRODUCED, IntroStatus.DONE):
            day = intro.updated_at.date() if intro.updated_at else None
            for cid, other in ((intro.a_id, intro.b_id), (intro.b_id, intro.a_id)):
                text = f"→ {names.get(other, '?')}"
                out.append(Entry(day, cid, "gave", "introduction", text))
    for c in contacts:
        if c.met_through_id is not None and c.id is not None:
            text = f"→ {c.display_name}"
            out.append(Entry(c.met_on, c.met_through_id, "received", "introduction", text))
    out.sort(key=lambda e: (e.day is None, -(e.day.toordinal() if e.day else 0)))
    return out


def balance(items: Iterable[Entry]) -> dict[int, tuple[int, int]]:
    """contact id -> (given, received) counts."""
    out: dict[int, tuple[int, int]] = {}
    for e in items:
        g, r = out.get(e.contact_id, (0, 0))
        out[e.contact_id] = (g + (e.direction == "gave"), r + (e.direction == "received"))
    return out
