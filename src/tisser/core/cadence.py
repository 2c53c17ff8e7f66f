"""Cadence: is it time to get back in touch with someone?

Each circle has a maximum interval between two interactions (see
:data:`tisser.core.model.DEFAULT_CADENCE_DAYS`, after Dunbar's layers and Roberts & Dunbar
2011 on how contact frequency keeps a tie in its layer). From the days since the last
interaction ``d`` and the circle's cadence ``c``:

=========  =================================================================
on_track   d <= 0.8 c
due        0.8 c < d <= c   (the window to act before the tie slips)
overdue    c < d <= 2 c
cooling    2 c < d, and not yet dormant
dormant    d > ``dormant_after_days`` (a year by default; Levin et al. 2011
           show such ties are still worth reviving: trust with novelty)
unknown    no interaction and no date of meeting to count from
archived   circle 5: never proposed
=========  =================================================================

When no interaction is logged, the date we met counts as the last contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import DEFAULT_CADENCE_DAYS, Circle, Contact

DUE_FRACTION = 0.8
COOLING_MULTIPLE = 2.0
DORMANT_AFTER_DAYS = 365

# How much each circle's lateness weighs when ranking whom to contact first.
CIRCLE_WEIGHT: dict[Circle, float] = {
    Circle.FIRST: 1.0,
    Circle.SECOND: 0.85,
    Circle.ACTIVE: 0.7,
    Circle.WIDER: 0.5,
    Circle.DORMANT: 0.0,
}


@dataclass(frozen=True, slots=True)
class CadenceSettings:
    """Every threshold of the cadence (the ``[cadence]`` section of the settings file)."""

    cadence_days: dict[Circle, int | None] = field(
        default_factory=lambda: dict(DEFAULT_CADENCE_DAYS)
    )
    due_fraction: float = DUE_FRACTION
    cooling_multiple: float = COOLING_MULTIPLE
    dormant_after_days: int = DORMANT_AFTER_DAYS

    def __post_init__(self) -> None:
        for circle, days in self.cadence_days.items():
            if days is not None and days <= 0:
                raise InvalidInput(
                    N_("the cadence of circle {circle} must be a number of days above zero"),
                    circle=int(circle),
                )
        if not 0 < self.due_fraction <= 1 or self.cooling_multiple < 1:
            raise InvalidInput(
                N_("due_fraction must be in (0, 1] and cooling_multiple at least 1"),
            )
        if self.dormant_after_days <= 0:
            raise InvalidInput(N_("dormant_after_days must be above zero"))


class Status(StrEnum):
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"
    COOLING = "cooling"
    DORMANT = "dormant"
    UNKNOWN = "unknown"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class CadenceStatus:
    """A contact's status with the figures that explain it."""

    contact_id: int
    status: Status
    days_since: int | None
    cadence_days: int | None
    last_contact: date | None
    counted_from_meeting: bool

    @property
    def lateness(self) -> float:
        """Days since the last contact in units of the cadence (1.0 = exactly due)."""
        if self.days_since is None or not self.cadence_days:
            return 0.0
        return self.days_since / self.cadence_days


def status_of(
    contact: Contact,
    last_interaction: date | datetime | None,
    today: date,
    cadence_days: Mapping[Circle, int | None] = DEFAULT_CADENCE_DAYS,
    dormant_after_days: int = DORMANT_AFTER_DAYS,
    settings: CadenceSettings | None = None,
) -> CadenceStatus:
    """Classify one contact; ``today`` is injected so results are reproducible.

    ``settings``, when given, replaces ``cadence_days`` and ``dormant_after_days`` and sets
    the due fraction and cooling multiple too.
    """
    assert contact.id is not None
    due_fraction, cooling_multiple = DUE_FRACTION, COOLING_MULTIPLE
    if settings is not None:
        cadence_days, dormant_after_days = settings.cadence_days, settings.dormant_after_days
        due_fraction, cooling_multiple = settings.due_fraction, settings.cooling_multiple
    cadence = cadence_days.get(contact.circle)
    last: date | None = (
        last_interaction.date() if isinstance(last_interaction, datetime) else last_interaction
    )
    from_meeting = False
    if last is None and contact.met_on is not None:
        last, from_meeting = contact.met_on, True
    days = (today - last).days if last is not None else None

    def result(status: Status) -> CadenceStatus:
        return CadenceStatus(contact.id or 0, status, days, cadence, last, from_meeting)

    if contact.circle == Circle.DORMANT or cadence is None:
        return result(Status.ARCHIVED)
    if days is None:
        return result(Status.UNKNOWN)
    if days <= due_fraction * cadence:
        return result(Status.ON_TRACK)
    if days <= cadence:
        return result(Status.DUE)
    if days > dormant_after_days:
        return result(Status.DORMANT)
    if days > cooling_multiple * cadence:
        return result(Status.COOLING)
    return result(Status.OVERDUE)


def statuses(
    contacts: Iterable[Contact],
    last_interactions: Mapping[int, date | datetime],
    today: date,
    cadence_days: Mapping[Circle, int | None] = DEFAULT_CADENCE_DAYS,
    settings: CadenceSettings | None = None,
) -> list[CadenceStatus]:
    """Status of every contact, given the date of each one's last interaction."""
    return [
        status_of(c, last_interactions.get(c.id or 0), today, cadence_days, settings=settings)
        for c in contacts
    ]


def reconnect_priority(status: CadenceStatus, circle: Circle, closeness: int | None) -> float:
    """How urgent it is to get back in touch: lateness weighted by circle and closeness.

    Lateness is capped at 4 cadences so a long-forgotten acquaintance does not outrank a
    close friend a few weeks late.
    """
    closeness_weight = 1.0 + 0.1 * (closeness or 0)
    return min(status.lateness, 4.0) * CIRCLE_WEIGHT[circle] * closeness_weight


TO_RECONNECT = (Status.DUE, Status.OVERDUE, Status.COOLING)


def to_reconnect(
    contacts: Iterable[Contact],
    last_interactions: Mapping[int, date | datetime],
    today: date,
    limit: int = 10,
    cadence_days: Mapping[Circle, int | None] = DEFAULT_CADENCE_DAYS,
    settings: CadenceSettings | None = None,
) -> list[tuple[Contact, CadenceStatus]]:
    """The people to get back in touch with first, most urgent first.

    Dormant ties are left to the diagnosis, which ranks them by what reviving them brings.
    """
    ranked = []
    for contact in contacts:
        st = status_of(
            contact, last_interactions.get(contact.id or 0), today, cadence_days, settings=settings
        )
        if st.status in TO_RECONNECT:
            ranked.append((reconnect_priority(st, contact.circle, contact.closeness), contact, st))
    ranked.sort(key=lambda t: (-t[0], t[1].sort_key))
    return [(c, st) for _, c, st in ranked[:limit]]
