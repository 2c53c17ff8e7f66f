"""The outside reference of the entre-soi check: what chance would give in France.

Comparing a network with its own mix says nothing when it is 100 % in one sector: the only
category present is "by chance" the whole network. So the sector and the city are compared
with employment in France (a public table shipped with tisser, read by
:mod:`tisser.reference`): if a quarter of one's contacts work in banking where banking and
insurance hold 3 % of jobs, the pull is real. A company has no such reference: one employer
holds a tiny share of anyone's field, so its reference share is 0.

Matching is by keywords on folded text (``"Aéronautique"`` -> ``aeronaut`` -> Industry); a
value that matches no row has no reference, and the check falls back to the network's own
categories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tisser.core.names import fold

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Category:
    """One row of the reference: a label, its share of employment and its keywords."""

    label: str
    share: float  # in [0, 1]
    keywords: tuple[str, ...]  # folded; a keyword matches a word start ("aeronaut")


@dataclass(frozen=True, slots=True)
class Reference:
    """Employment by sector and by region, and the large cities' regions."""

    source: str
    year: int
    sectors: tuple[Category, ...] = ()
    regions: tuple[Category, ...] = ()
    cities: dict[str, str] = field(default_factory=dict)  # folded city -> region label

    def sector(self, value: str) -> Category | None:
        """The sector row ``value`` (free text: "banque", "Aéronautique") falls in."""
        return _match(self.sectors, value)

    def region_of_city(self, value: str) -> Category | None:
        """The region row of a city (or of a region named directly)."""
        label = self.cities.get(fold(value))
        if label is not None:
            return next((r for r in self.regions if r.label == label), None)
        return _match(self.regions, value)

    def share(self, attribute: str, value: str) -> float | None:
        """What chance would give for ``value`` of ``attribute``; None: no reference."""
        if not value:
            return None
        if attribute == "organization":
            return 0.0
        row = (
            self.sector(value)
            if attribute == "sector"
            else self.region_of_city(value)
            if attribute == "city"
            else None
        )
        return None if row is None else row.share


def _match(rows: tuple[Category, ...], value: str) -> Category | None:
    text = " ".join(_WORD.findall(fold(value)))
    if not text:
        return None
    padded = f" {text}"
    best: tuple[int, Category] | None = None
    for row in rows:
        for k in row.keywords:
            if f" {k}" in padded and (best is None or len(k) > best[0]):
                best = (len(k), row)
    return best[1] if best else None
