"""Profile mix and missing profiles (seeds 001 and 002).

Seed 002 sorts people into four networking temperaments — super-connecteurs who know
everyone, mentors who guide, experts who are asked, réservés who open up to few; a working
network holds some of each (a super-connecteur opens doors, a mentor gives perspective, an
expert answers). Seed 001's diagnosis step asks to "identify the profiles we lack". So this
counts each profile among the contacts not archived, flags a profile below ``min_per_profile``
and, when objectives exist (issue #5), the wanted sectors, functions and profiles that no
activated contact covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tisser.core.dormant import Wanted
from tisser.core.model import Circle, Contact, RelationalProfile
from tisser.core.names import fold


@dataclass(frozen=True, slots=True)
class ProfileMix:
    counts: dict[str, int]  # RelationalProfile value -> contacts
    unknown: int
    missing_profiles: tuple[str, ...]  # profiles below the minimum
    missing_wanted: tuple[tuple[str, str], ...]  # (kind, value) wanted but not activated


def profile_mix(
    contacts: Iterable[Contact],
    activated: Collection[int],
    wanted: Wanted | None = None,
    min_per_profile: int = 2,
) -> ProfileMix:
    kept = [c for c in contacts if c.circle != Circle.DORMANT]
    counts = Counter(c.relational_profile.value for c in kept if c.relational_profile)
    unknown = sum(1 for c in kept if c.relational_profile is None)
    missing = tuple(p.value for p in RelationalProfile if counts.get(p.value, 0) < min_per_profile)
    lacking: list[tuple[str, str]] = []
    if wanted:
        active = [c for c in kept if (c.id or 0) in activated]
        have = {
            "sector": {fold(c.sector) for c in active if c.sector},
            "function": {fold(c.function) for c in active if c.function},
            "profile": {c.relational_profile.value for c in active if c.relational_profile},
            "position": {fold(c.position) for c in active if c.position},
        }
        for kind, values in (
            ("sector", wanted.sectors),
            ("function", wanted.functions),
            ("profile", wanted.profiles),
            ("position", wanted.positions),
        ):
            for v in values:
                key = v if kind == "profile" else fold(v)
                if key not in have[kind]:
                    lacking.append((kind, v))
    return ProfileMix(
        {p.value: counts.get(p.value, 0) for p in RelationalProfile},
        unknown,
        missing,
        tuple(lacking),
    )
