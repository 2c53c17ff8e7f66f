"""Reciprocity: does the user give as much as she receives?

Seed 000 §8 ("donner avant de recevoir") and seed 004 (entraide in a network): a network
lives on exchanged help, and a tie where one side only takes wears out. From the journal,
``g`` interactions where the user gave help to a contact and ``r`` where she received some
(a mutual exchange counts in both), the balance is

    B = (g - r) / (g + r)      in [-1, 1]; +1: she only gives, -1: she only receives

(the normalised difference used for reciprocity in exchange networks, e.g. Molm 2010). A
pattern is only called with enough exchanges (``min_exchanges``, 3 by default): one favour
is not a habit. With ``B >= threshold`` the user is the *giver* of that tie; with
``B <= -threshold`` she is the *taker* (she asks more than she brings back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Pattern(StrEnum):
    GIVER = "giver"  # the user gives more than she receives
    TAKER = "taker"  # the user receives more than she gives
    BALANCED = "balanced"
    TOO_FEW = "too_few"  # fewer exchanges than needed to tell


@dataclass(frozen=True, slots=True)
class ReciprocitySettings:
    min_exchanges: int = 3
    threshold: float = 0.5


@dataclass(frozen=True, slots=True)
class Reciprocity:
    """The balance with one contact (or overall, ``contact_id`` 0)."""

    contact_id: int
    gave: int
    received: int
    balance: float | None
    pattern: Pattern


def balance(gave: int, received: int) -> float | None:
    """B = (gave - received) / (gave + received); None when nothing was exchanged."""
    total = gave + received
    if total <= 0:
        return None
    return (gave - received) / total


def pattern_of(gave: int, received: int, settings: ReciprocitySettings) -> Pattern:
    """Giver, taker or balanced, once there are at least ``min_exchanges`` exchanges."""
    b = balance(gave, received)
    if b is None or gave + received < settings.min_exchanges:
        return Pattern.TOO_FEW
    if b >= settings.threshold:
        return Pattern.GIVER
    if b <= -settings.threshold:
        return Pattern.TAKER
    return Pattern.BALANCED


def reciprocity(
    contact_id: int, gave: int, received: int, settings: ReciprocitySettings | None = None
) -> Reciprocity:
    s = settings or ReciprocitySettings()
    return Reciprocity(
        contact_id, gave, received, balance(gave, received), pattern_of(gave, received, s)
    )


def overall(
    pairs: Iterable[tuple[int, int]], settings: ReciprocitySettings | None = None
) -> Reciprocity:
    """The whole network's balance from every contact's (gave, received)."""
    gave = received = 0
    for g, r in pairs:
        gave += g
        received += r
    return reciprocity(0, gave, received, settings)
