"""Diversity versus "entre-soi": how varied the network is, and how like the user.

Seed 000 §9 warns against the entre-soi: a network of people like oneself (same sector, same
job, same town) brings the same information twice. Three classic measures, per attribute
(sector, function, seniority, city, gender where known, relational profile):

* **Blau's index** (Blau 1977) ``1 - Σ p_k²`` over the shares ``p_k`` of each category among
  the contacts whose value is known: the chance that two contacts drawn at random differ.
* **IQV**, the index of qualitative variation (Agresti & Agresti 1978): Blau divided by its
  maximum ``1 - 1/K`` for ``K`` categories, so 1 means evenly spread whatever ``K``.
* **Ego E-I index** (Krackhardt & Stern 1988, applied to an ego network by Perry, Pescosolido
  & Borgatti 2018): ``(E - I) / (E + I)`` with ``E`` contacts unlike the user on the attribute
  and ``I`` contacts like her; -1 is pure entre-soi, +1 nobody like her.

An E-I index means little alone: with two cities, half the contacts in the user's city is
chance, with twenty it is a strong pull. So it is compared with the E-I index expected *by
chance*: if contacts fell in the ``K`` categories with the reference shares ``q_k`` (each
``1/K`` unless the caller passes population shares), the expected share like the user is
``q_user`` and the expected index ``1 - 2 q_user``. ``homophily`` = expected − observed:
above 0 the network leans toward people like the user more than chance would.

The reference shares come from outside when known (:mod:`tisser.core.reference`: employment
in France by sector and region, INSEE 2022; 0 for one company): a network 100 % in one sector
then shows its pull, where its own mix would call it chance.

Values are compared folded (case and accents ignored); unknown values are left out and the
coverage (how many contacts have a value) is reported with each measure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tisser.core.model import Contact, Profile
from tisser.core.names import fold
from tisser.core.reference import Reference

ATTRIBUTES = (
    "sector",
    "organization",
    "function",
    "seniority",
    "city",
    "gender",
    "relational_profile",
)


@dataclass(frozen=True, slots=True)
class Spread:
    """Diversity of one attribute over the contacts."""

    attribute: str
    known: int  # contacts with a value
    total: int
    categories: int
    counts: tuple[tuple[str, int], ...]  # (value, count), most frequent first
    blau: float | None
    iqv: float | None
    user_value: str  # "" when the user's own value is unknown
    alike: int  # contacts sharing the user's value
    ei: float | None
    ei_chance: float | None
    homophily: float | None  # ei_chance - ei
    reference_share: float | None = None  # chance from the outside reference (None: own mix)

    @property
    def alike_share(self) -> float | None:
        return self.alike / self.known if self.known else None


def blau(counts: Iterable[int]) -> float | None:
    """Blau's index 1 - Σ p²; None when there is nothing to count."""
    values = [c for c in counts if c > 0]
    n = sum(values)
    if n == 0:
        return None
    return 1.0 - sum((c / n) ** 2 for c in values)


def iqv(counts: Iterable[int], categories: int | None = None) -> float | None:
    """Blau's index over its maximum 1 - 1/K; K defaults to the categories present."""
    values = [c for c in counts if c > 0]
    b = blau(values)
    k = categories if categories is not None else len(values)
    if b is None or k < 2:
        return None if b is None else 0.0
    return b / (1.0 - 1.0 / k)


def ei_index(external: int, internal: int) -> float | None:
    """(E - I) / (E + I); None without any contact."""
    total = external + internal
    return (external - internal) / total if total else None


def value_of(record: Contact | Profile, attribute: str) -> str:
    """An attribute's raw value as text ('' when unknown)."""
    return _as_text(getattr(record, attribute, None))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value)).strip()


def spread(
    contacts: Iterable[Contact],
    attribute: str,
    user_value: str = "",
    reference: Mapping[str, float] | None = None,
) -> Spread:
    """The diversity of ``attribute`` over ``contacts`` and its E-I index against the user.

    ``reference`` maps folded category values to their expected shares (population); by
    default every category present is equally likely.
    """
    shown: dict[str, str] = {}
    # Count the raw values in C, then turn each distinct one into text (same first-seen
    # order as turning every contact's value into text).
    by_value: Counter[object] = Counter(getattr(c, attribute, None) for c in contacts)
    raw_counts: Counter[str] = Counter()
    for value, n in by_value.items():
        raw_counts[_as_text(value)] += n
    total = sum(raw_counts.values())
    raw_counts.pop("", None)
    counts: Counter[str] = Counter()
    for raw, n in sorted(raw_counts.items(), key=lambda kv: -kv[1]):  # fold each value once
        key = fold(raw)
        shown.setdefault(key, raw)
        counts[key] += n
    known = sum(counts.values())
    user_key = fold(user_value) if user_value else ""
    alike = counts.get(user_key, 0) if user_key else 0
    ei = ei_chance = homophily = ref_share = None
    if user_key and known:
        ei = ei_index(known - alike, alike)
        k = max(len(counts) + (0 if user_key in counts else 1), 1)
        q = reference.get(user_key, 0.0) if reference is not None else 1.0 / k
        if reference is not None and user_key in reference:
            ref_share = q
        ei_chance = 1.0 - 2.0 * q
        homophily = ei_chance - (ei if ei is not None else 0.0)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Spread(
        attribute=attribute,
        known=known,
        total=total,
        categories=len(counts),
        counts=tuple((shown[k], n) for k, n in ordered),
        blau=blau(counts.values()),
        iqv=iqv(counts.values()),
        user_value=user_value,
        alike=alike,
        ei=ei,
        ei_chance=ei_chance,
        homophily=homophily,
        reference_share=ref_share,
    )


def diversity(
    contacts: list[Contact],
    profile: Profile | None,
    attributes: Iterable[str] = ATTRIBUTES,
    reference: Reference | None = None,
) -> list[Spread]:
    """One :class:`Spread` per attribute; the user's own values come from her profile.

    With a ``reference`` (employment in France, :mod:`tisser.core.reference`), the sector,
    the city and the company are compared with what chance would give outside the network,
    not with the network's own mix; other attributes, and values the table does not know,
    keep the network's own categories.
    """
    out = []
    for attribute in attributes:
        mine = value_of(profile, attribute) if profile is not None else ""
        q = reference.share(attribute, mine) if reference is not None else None
        out.append(spread(contacts, attribute, mine, None if q is None else {fold(mine): q}))
    return out
